/**
 * Offices (jabatan) and who holds them on a day (docs/product.md §10): the Bupati, the Wakil
 * Bupati, the Sekda and the head of each OPD. The secretariat records that a person holds an
 * office from a date (a mutasi recorded in advance takes effect on its date); work that goes to
 * an office (signing, the Sekda's approval, escalation) goes to its holder on the day, in WIB.
 *
 * An office nobody has recorded yet is derived from the roster's roles, as before offices were
 * kept: the first active person with the office's role (and OPD). A recorded holder counts only
 * while they are active and still have the office's role and OPD; otherwise the office is
 * derived again, so a person made inactive or moved never keeps receiving its work.
 */
import { z } from 'zod';
import type { Assignee } from './program.js';
import type { Person, Role } from './roles.js';
import type { DelegationKind, SignerOffice, SignerSeat } from './signing.js';
import { isActivePerson } from './people.js';

/** `bupati`, `wakil_bupati`, `sekda`, or `kepala:<opdId>` for the head of an OPD. */
export type OfficeId = 'bupati' | 'wakil_bupati' | 'sekda' | `kepala:${string}`;

const leadership = ['bupati', 'wakil_bupati', 'sekda'] as const;

const leadershipLabels: Record<(typeof leadership)[number], string> = {
  bupati: 'Bupati',
  wakil_bupati: 'Wakil Bupati',
  sekda: 'Sekretaris Daerah',
};

/** The office of the head of an OPD. */
export const headOf = (opdId: string): OfficeId => `kepala:${opdId}`;

/** Every office of a roster with these OPDs: the leadership first, then each OPD's head. */
export function allOffices(opdIds: readonly string[]): OfficeId[] {
  // The Sekretariat Daerah is led by the Sekda: its head is the `sekda` office, not a second one.
  return [...leadership, ...opdIds.filter((id) => id !== 'setda').map(headOf)];
}

/** The office's id as written in a path or a form, or null when it names no office of these OPDs. */
export function parseOffice(raw: string, opdIds: readonly string[]): OfficeId | null {
  return allOffices(opdIds).find((o) => o === raw) ?? null;
}

/** How the roster recognises the office's holder: a role, and for an OPD's head that OPD. */
export function officeRule(office: OfficeId): { role: Role; opdId: string | null } {
  if (office.startsWith('kepala:')) return { role: 'opd_head', opdId: office.slice('kepala:'.length) };
  return { role: office as Role, opdId: null };
}

/** The office's name as people read it ("Kepala Dinas Kesehatan" from the OPD's name). */
export function officeLabel(office: OfficeId, opdName: (opdId: string) => string | undefined): string {
  const { opdId } = officeRule(office);
  if (opdId === null) return leadershipLabels[office as (typeof leadership)[number]];
  return `Kepala ${opdName(opdId) ?? opdId}`;
}

/** The office a signing office of a programme proposed by `programOpdId` is. */
export function officeOfSigner(office: SignerOffice, programOpdId: string): OfficeId {
  switch (office) {
    case 'opd_head':
      return headOf(programOpdId);
    case 'diskominfo_head':
      return headOf('diskominfo');
    default:
      return office;
  }
}

/**
 * The office a commitment's seat is signed for: an OPD's seat (the masterplan's) names its OPD,
 * a programme's `opd_head` seat is the proposing OPD's head (`programOpdId`).
 */
export const officeOfSeat = (seat: SignerSeat, programOpdId: string | null): OfficeId => officeOfSigner(seat.office, seat.opdId ?? programOpdId ?? '');

/** One record: `personId` holds `office` from `from` (a WIB date) until the next record's date. */
export interface OfficeTerm {
  office: OfficeId;
  personId: string;
  /** First WIB day of the term (YYYY-MM-DD). */
  from: string;
  /** The decree (SK) or note behind it, as the secretariat wrote it. */
  basis: string;
  recordedAt: string;
  recordedBy: { userId: string; name: string };
  /** Who held the office on `from` before this record (null: vacant); the record's "before" for the audit. */
  before?: string | null;
}

/** Whether the person may hold the office: active, with its role (and OPD). */
export function eligibleFor(office: OfficeId, person: Person): boolean {
  const rule = officeRule(office);
  return isActivePerson(person) && person.roles.includes(rule.role) && (rule.opdId === null || person.opdId === rule.opdId);
}

/**
 * The term in force on `date` among one office's records: the latest `from` not after the date;
 * of two records for the same day, the one recorded last (a correction).
 */
export function termOn(terms: readonly OfficeTerm[], office: OfficeId, date: string): OfficeTerm | null {
  let found: OfficeTerm | null = null;
  for (const t of terms) {
    if (t.office !== office || t.from > date) continue;
    if (found === null || t.from > found.from || (t.from === found.from && t.recordedAt > found.recordedAt)) found = t;
  }
  return found;
}

/** How the holder of the day was found: recorded by the secretariat, or derived from the roles. */
export type HolderSource = 'recorded' | 'derived';

/**
 * Who holds `office` on `date`: the recorded holder while eligible, otherwise the first eligible
 * person of the roster (people in the roster's order); null when the office is vacant.
 */
export function holderOn(
  office: OfficeId,
  date: string,
  terms: readonly OfficeTerm[],
  people: readonly Person[],
): { person: Person; source: HolderSource } | null {
  const term = termOn(terms, office, date);
  const recorded = term ? people.find((p) => p.id === term.personId) : undefined;
  if (recorded && eligibleFor(office, recorded)) return { person: recorded, source: 'recorded' };
  const derived = people.find((p) => eligibleFor(office, p));
  return derived ? { person: derived, source: 'derived' } : null;
}

/** The first day after `date` on which a record of one of `offices` takes effect (null: none ahead). */
export function nextHandover(offices: readonly OfficeId[], date: string, terms: readonly OfficeTerm[]): string | null {
  const ahead = terms.filter((t) => offices.includes(t.office) && t.from > date).map((t) => t.from);
  return ahead.sort()[0] ?? null;
}

/** The records of the development roster: each office as the roles say, since the start of 2025. */
export function termsFromRoles(people: readonly Person[], opdIds: readonly string[]): OfficeTerm[] {
  const from = '2025-01-01';
  return allOffices(opdIds).flatMap((office) => {
    const holder = people.find((p) => eligibleFor(office, p));
    const recordedBy = { userId: 'seed', name: 'data awal' };
    return holder ? [{ office, personId: holder.id, from, basis: 'data awal', recordedAt: `${from}T00:00:00.000Z`, recordedBy }] : [];
  });
}

/** A handover as the secretariat records it: who holds the office from which day, on what basis. */
export const handoverSchema = z.strictObject({
  personId: z.string({ error: 'pilih orang yang memegang jabatan' }).trim().min(1, 'pilih orang yang memegang jabatan').max(64),
  from: z
    .string({ error: 'isi tanggal mulai dengan tanggal yang sah (TTTT-BB-HH)' })
    .refine(
      (d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
      'isi tanggal mulai dengan tanggal yang sah (TTTT-BB-HH)',
    ),
  basis: z.string({ error: 'dasar (nomor SK) wajib diisi' }).trim().min(1, 'dasar (nomor SK) wajib diisi').max(200, 'dasar paling panjang 200 karakter'),
});
export type Handover = z.infer<typeof handoverSchema>;

/** A handover is recorded for a day from the start of 2020 to a year ahead (a mutasi is decided months ahead, not years). */
export function handoverDateProblem(from: string, today: string): string | null {
  if (from < '2020-01-01') return 'tanggal mulai paling awal 1 Januari 2020';
  const limit = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
  return from > limit ? 'tanggal mulai paling lambat satu tahun dari hari ini' : null;
}

/** Why a person may not hold the office, in words for the secretariat; null when they may. */
export function holderProblem(office: OfficeId, person: Person | null): string | null {
  if (!person) return 'orang ini tidak ada dalam daftar';
  if (!isActivePerson(person)) return 'orang ini nonaktif';
  const rule = officeRule(office);
  if (!person.roles.includes(rule.role))
    return `orang ini tidak berperan ${rule.role === 'opd_head' ? 'Kepala OPD' : leadershipLabels[rule.role as (typeof leadership)[number]]}`;
  if (rule.opdId !== null && person.opdId !== rule.opdId) return 'orang ini bukan pegawai OPD tersebut; pindahkan dulu OPD-nya';
  return null;
}

/** An acting official (Plt./Plh.) deciding for the official a stage awaits, on the basis of a decree. */
export interface ActingFor {
  official: Assignee;
  kind: DelegationKind;
  basis: string;
  delegationId: string;
}
