/**
 * The roster as the secretariat keeps it (docs/product.md §10): what a person's record must
 * satisfy, the NIP checks a personnel officer makes, who may change the roster, and how a line
 * of a personnel spreadsheet becomes a person. The secretariat reads these refusals on pages
 * and in an import's answer, so they are written in Bahasa Indonesia.
 */
import { z } from 'zod';
import { roles, type Actor, type Person, type Role } from './roles.js';

/** The youngest age at which a person can be appointed CPNS. */
const minimumAppointmentAge = 18;
const earliestBirthYear = 1940;

/**
 * Why a NIP (civil servant number) is not well formed, or null. Its 18 digits are the birth
 * date (YYYYMMDD), the year and month of appointment as CPNS (TMT, YYYYMM), the gender
 * (1 male, 2 female) and a sequence number (3 digits, never 000).
 */
export function nipProblem(nip: string, today: Date): string | null {
  if (!/^\d{18}$/.test(nip)) return 'NIP harus terdiri atas 18 angka';
  const birthYear = Number(nip.slice(0, 4));
  const birthMonth = Number(nip.slice(4, 6));
  const birthDay = Number(nip.slice(6, 8));
  const birth = new Date(Date.UTC(birthYear, birthMonth - 1, birthDay));
  if (birth.getUTCFullYear() !== birthYear || birth.getUTCMonth() !== birthMonth - 1 || birth.getUTCDate() !== birthDay) {
    return 'delapan angka pertama NIP bukan tanggal lahir yang sah (TTTTBBHH)';
  }
  const thisYear = today.getUTCFullYear();
  if (birthYear < earliestBirthYear || birthYear > thisYear - minimumAppointmentAge) {
    return `tahun lahir pada NIP (${birthYear}) tidak mungkin bagi seorang pegawai`;
  }
  const tmtYear = Number(nip.slice(8, 12));
  const tmtMonth = Number(nip.slice(12, 14));
  if (tmtMonth < 1 || tmtMonth > 12) return 'angka ke-9 sampai ke-14 NIP bukan tahun dan bulan TMT CPNS yang sah (TTTTBB)';
  const tmt = tmtYear * 12 + tmtMonth;
  if (tmt < (birthYear + minimumAppointmentAge) * 12 + birthMonth) {
    return `TMT CPNS pada NIP (${nip.slice(12, 14)}/${tmtYear}) sebelum pegawai berumur ${minimumAppointmentAge} tahun`;
  }
  if (tmt > thisYear * 12 + today.getUTCMonth() + 1) return `TMT CPNS pada NIP (${nip.slice(12, 14)}/${tmtYear}) belum tiba`;
  const gender = nip[14];
  if (gender !== '1' && gender !== '2') return 'angka ke-15 NIP (jenis kelamin) harus 1 atau 2';
  if (nip.slice(15) === '000') return 'tiga angka terakhir NIP (nomor urut) tidak boleh 000';
  return null;
}

// CR/LF in a name would reach mail headers; other control characters hide what text says.
// eslint-disable-next-line no-control-regex
const controlChars = /[\u0000-\u001f\u007f]/;

const line = (label: string, max: number) =>
  z
    .string({ error: `${label} wajib diisi` })
    .trim()
    .min(1, `${label} wajib diisi`)
    .max(max, `${label} paling panjang ${max} karakter`)
    .refine((s) => !controlChars.test(s), `${label} harus satu baris tanpa karakter kendali`);

export const roleLabels: Record<Role, string> = {
  opd_head: 'Kepala OPD',
  opd_staff: 'Staf OPD',
  diskominfo_reviewer: 'Penelaah Diskominfo',
  sekda: 'Sekretaris Daerah',
  bupati: 'Bupati',
  wakil_bupati: 'Wakil Bupati',
  secretariat: 'Sekretariat',
  viewer: 'Pemantau',
};

const personFields = {
  nip: z
    .string({ error: 'NIP wajib diisi' })
    .trim()
    .superRefine((nip, ctx) => {
      const problem = nipProblem(nip, new Date());
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  name: line('Nama', 200),
  title: line('Jabatan', 200),
  email: z
    .string({ error: 'Alamat surel wajib diisi' })
    .trim()
    .toLowerCase()
    .max(254, 'Alamat surel paling panjang 254 karakter')
    .pipe(z.email({ error: 'Alamat surel tidak sah' })),
  /** Null for the regional leadership (Bupati, Wakil Bupati), who belong to no OPD. */
  opdId: z.string({ error: 'OPD harus berupa kode OPD atau kosong' }).trim().min(1, 'OPD tidak boleh kosong; kirim null').max(64).nullable(),
  roles: z
    .array(z.enum(roles, { error: `peran tidak dikenal; pilihan: ${roles.join(', ')}` }), { error: 'Peran wajib diisi' })
    .min(1, 'pilih sekurang-kurangnya satu peran')
    .refine((rs) => new Set(rs).size === rs.length, 'peran yang sama disebut dua kali'),
  active: z.boolean({ error: 'Aktif harus true atau false' }),
};

/** A new person (POST /v1/people): everything but `active`, which defaults to true. */
export const newPersonSchema = z.strictObject({ ...personFields, active: personFields.active.default(true) });
export type NewPerson = z.output<typeof newPersonSchema>;

/** A change to a person (PATCH /v1/people/:id): the fields that change, at least one. */
export const personPatchSchema = z
  .strictObject(personFields)
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'sebutkan sekurang-kurangnya satu isian yang diubah');
export type PersonPatch = z.output<typeof personPatchSchema>;

/** The fields a change can touch, in the order a record is shown. */
export const personFieldNames = ['nip', 'name', 'title', 'email', 'opdId', 'roles', 'active'] as const;
export type PersonField = (typeof personFieldNames)[number];

/** A person in the roster today: absent `active` (older records) counts as active. */
export const isActivePerson = (p: Person) => p.active !== false;

/** The fields whose value differs between two records of one person. */
export function changedFields(before: Person, after: Person): PersonField[] {
  return personFieldNames.filter(
    (f) => JSON.stringify(before[f] ?? null) !== JSON.stringify(after[f] ?? null) && !(f === 'active' && isActivePerson(before) === isActivePerson(after)),
  );
}

/** Why this person may not change the roster, or null: the secretariat keeps it. */
export function rosterRefusal(actor: Pick<Actor, 'roles'>): string | null {
  return actor.roles.includes('secretariat') ? null : 'hanya Sekretariat yang dapat mengelola data orang';
}

export interface FieldProblem {
  path: string;
  message: string;
}

/** Whether the OPD a person is given exists. */
export function opdProblem(opdId: string | null, opdIds: ReadonlySet<string>): FieldProblem | null {
  return opdId === null || opdIds.has(opdId) ? null : { path: 'opdId', message: `OPD "${opdId}" tidak dikenal` };
}

/** The header a roster import must start with (docs/product.md §10). */
export const importColumns = ['nip', 'nama', 'jabatan', 'surel', 'opd', 'peran'] as const;
export type ImportColumn = (typeof importColumns)[number];

/** The import column each field comes from, to name it in a refusal. */
export const columnOfField: Record<Exclude<PersonField, 'active'>, ImportColumn> = {
  nip: 'nip',
  name: 'nama',
  title: 'jabatan',
  email: 'surel',
  opdId: 'opd',
  roles: 'peran',
};

/**
 * A spreadsheet line as a new person's fields. The OPD may be written as its code or its
 * abbreviation ("dinkes", "Dinkes"); empty is the leadership. Roles are separated by `;`.
 */
export function personFromColumns(columns: Record<ImportColumn, string>, opdIdOf: (codeOrAbbr: string) => string | undefined): Record<string, unknown> {
  const opd = columns.opd.trim();
  return {
    nip: columns.nip,
    name: columns.nama,
    title: columns.jabatan,
    email: columns.surel,
    opdId: opd === '' ? null : (opdIdOf(opd) ?? opd),
    roles: columns.peran
      .split(';')
      .map((r) => r.trim())
      .filter((r) => r !== ''),
  };
}
