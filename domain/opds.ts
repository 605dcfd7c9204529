/**
 * The OPDs as the secretariat keeps them (docs/product.md §10): added, renamed, and merged into
 * another OPD when a regional regulation joins two agencies. A merged OPD stays in the store:
 * its programmes keep their history under its name, and `currentOpdOf` follows `mergedInto` to
 * the OPD that carries its new work (signing routes, reminders, the portfolio's grouping).
 * Refusals are shown to the secretariat on pages, so they are written in Bahasa Indonesia.
 */
import { z } from 'zod';
import type { Actor, Opd, Person, ProgramScope, Role } from './roles.js';
import type { Stage } from './stages.js';

/** Text of one line: trimmed, no control characters (they would reach mail headers and letterheads). */
// eslint-disable-next-line no-control-regex
const controlChars = /[\u0000-\u001f\u007f]/;

/**
 * How the name of a perangkat daerah begins (Permendagri on the nomenclature of regional
 * agencies): a formal name, never an abbreviation or a nickname.
 */
export const formalNameStarts = [
  'Sekretariat',
  'Inspektorat',
  'Badan',
  'Dinas',
  'Kantor',
  'Satuan',
  'Rumah Sakit',
  'Kecamatan',
  'Bagian',
  'Unit Pelaksana Teknis',
] as const;

/** Why a name is not the formal name of an OPD, or null. */
export function formalNameProblem(name: string): string | null {
  const lower = name.toLocaleLowerCase('id');
  const starts = (start: string) => lower === start.toLocaleLowerCase('id') || lower.startsWith(`${start.toLocaleLowerCase('id')} `);
  if (!formalNameStarts.some(starts)) return `tulis nama resmi OPD, diawali ${formalNameStarts.slice(0, -1).join(', ')} atau ${formalNameStarts.at(-1)}`;
  if (name === name.toUpperCase()) return 'tulis nama resmi dengan huruf besar di awal kata, bukan seluruhnya huruf kapital';
  if (!formalNameStarts.some((start) => name.startsWith(start))) return 'tulis nama resmi dengan huruf besar di awal kata';
  return null;
}

const oneLine = (label: string, min: number, max: number) =>
  z
    .string({ error: `${label} wajib diisi` })
    .trim()
    .min(min, min <= 1 ? `${label} wajib diisi` : `${label} sekurang-kurangnya ${min} karakter`)
    .max(max, `${label} paling panjang ${max} karakter`)
    .refine((s) => !controlChars.test(s), `${label} harus satu baris tanpa karakter kendali`);

const opdName = oneLine('Nama OPD', 5, 150).superRefine((name, ctx) => {
  const problem = formalNameProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const opdAbbr = oneLine('Singkatan', 2, 30).refine(
  (s) => /^[A-Za-z][A-Za-z0-9 .&-]*$/.test(s),
  'Singkatan diawali huruf dan hanya berisi huruf, angka, spasi, titik, tanda hubung atau &',
);

/** The OPD's code in paths, links and records: lower-case letters and digits joined by single hyphens. */
export const opdIdSchema = z
  .string({ error: 'Kode OPD wajib diisi' })
  .trim()
  .min(2, 'Kode OPD sekurang-kurangnya 2 karakter')
  .max(40, 'Kode OPD paling panjang 40 karakter')
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Kode OPD hanya huruf kecil dan angka, dipisah tanda hubung (misalnya dinas-pangan)');

/** `POST /v1/opds`: a new OPD. */
export const newOpdSchema = z.strictObject({ id: opdIdSchema, name: opdName, abbr: opdAbbr });
export type NewOpd = z.output<typeof newOpdSchema>;

/** `PATCH /v1/opds/:id`: a new name or abbreviation (or both), made from `version`. */
export const opdPatchSchema = z
  .strictObject({ version: z.number({ error: 'versi wajib dikirim' }).int().min(0), name: opdName.optional(), abbr: opdAbbr.optional() })
  .refine((p) => p.name !== undefined || p.abbr !== undefined, 'sebutkan nama atau singkatan yang diubah');
export type OpdPatch = z.output<typeof opdPatchSchema>;

/** `POST /v1/opds/:id/merge`: the OPD that takes it over, made from `version`. */
export const opdMergeSchema = z.strictObject({ into: opdIdSchema, version: z.number({ error: 'versi wajib dikirim' }).int().min(0) });
export type OpdMerge = z.output<typeof opdMergeSchema>;

/** An OPD that may still be chosen for proposals and people: one not merged into another. */
export const isActiveOpd = (o: Opd): boolean => o.mergedInto === undefined;

/**
 * The OPD a programme or record of `opdId` belongs to today: itself, or, once merged, the OPD it
 * was merged into (and on, when that one was merged too). An unknown id is its own answer; a
 * chain that loops (never written by `mergeProblem`'s rules, but data can be edited by hand)
 * stops where it would repeat.
 */
export function currentOpdOf(opdId: string, opds: readonly Opd[]): string {
  const byId = new Map(opds.map((o) => [o.id, o]));
  const seen = new Set<string>();
  let current = opdId;
  for (let next = byId.get(current)?.mergedInto; next !== undefined && !seen.has(next); next = byId.get(current)?.mergedInto) {
    seen.add(current);
    current = next;
  }
  return current;
}

/**
 * The programme facts a rule needs, with the OPD that acts for the programme today: the OPD it
 * was proposed under, or once that was merged, the OPD it was merged into. Its people (those
 * moved by the merge among them) report on, revise, resubmit and withdraw it, and none of them
 * decides on it.
 */
export function programScopeOf(program: { proposal: { opdId: string }; stage: Stage }, opds: readonly Opd[]): ProgramScope {
  return { opdId: currentOpdOf(program.proposal.opdId, opds), stage: program.stage };
}

export interface OpdFieldProblem {
  path: 'id' | 'name' | 'abbr' | 'into';
  message: string;
}

const sameText = (a: string, b: string) => a.toLocaleLowerCase('id') === b.toLocaleLowerCase('id');

/**
 * What makes `candidate` clash with the OPDs already kept: every code, name and abbreviation
 * names one OPD, merged ones included (an old letter or import naming it must stay unambiguous).
 */
export function clashProblems(candidate: Pick<Opd, 'id' | 'name' | 'abbr'>, existing: readonly Opd[], isNew: boolean): OpdFieldProblem[] {
  // A change compares with the other OPDs; a new OPD with every one (its code must be new too).
  const others = isNew ? existing : existing.filter((o) => o.id !== candidate.id);
  const problems: OpdFieldProblem[] = [];
  const owner = (test: (o: Opd) => boolean) => others.find(test);
  if (isNew && existing.some((o) => o.id === candidate.id)) problems.push({ path: 'id', message: 'kode OPD ini sudah dipakai' });
  const byName = owner((o) => sameText(o.name, candidate.name));
  if (byName) problems.push({ path: 'name', message: `nama ini sudah dipakai ${byName.abbr}` });
  const byAbbr = owner((o) => sameText(o.abbr, candidate.abbr) || sameText(o.id, candidate.abbr));
  if (byAbbr) problems.push({ path: 'abbr', message: `singkatan ini sudah dipakai ${byAbbr.name}` });
  if (sameText(candidate.name, candidate.abbr)) problems.push({ path: 'name', message: 'tulis nama lengkap OPD, bukan singkatannya' });
  return problems;
}

/**
 * OPDs whose heads are not an OPD head office of their own: the Sekretariat Daerah is led by the
 * Sekda, and Diskominfo reviews every proposal and signs as `diskominfo_head`. Merging either
 * away would leave the workflow without its reviewers or an office; that is a change of code.
 */
export const unmergeableOpds: readonly string[] = ['setda', 'diskominfo'];

/** Why `source` cannot be merged into `target`, or null. */
export function mergeProblem(source: Opd, target: Opd | null): OpdFieldProblem | null {
  if (unmergeableOpds.includes(source.id)) return { path: 'into', message: `${source.name} tidak dapat digabungkan ke OPD lain` };
  if (!target) return { path: 'into', message: 'OPD tujuan tidak dikenal' };
  if (target.id === source.id) return { path: 'into', message: 'pilih OPD lain sebagai tujuan penggabungan' };
  if (!isActiveOpd(target)) return { path: 'into', message: `${target.name} sudah digabungkan ke OPD lain; pilih OPD yang masih aktif` };
  return null;
}

/**
 * A person of a merged OPD as they are after the merge: in the OPD it was merged into, and no
 * longer a head (the office of the merged OPD's head ends with it; the target OPD has its own),
 * so the former head becomes staff there until the secretariat records another post.
 */
export function movedByMerge(person: Person, into: string): Person {
  const roles: Role[] = person.roles.includes('opd_head') ? [...new Set(person.roles.map((r): Role => (r === 'opd_head' ? 'opd_staff' : r)))] : person.roles;
  return { ...person, opdId: into, roles };
}

/** Only the secretariat changes the OPDs. */
export function opdRefusal(actor: Pick<Actor, 'roles'>): string | null {
  return actor.roles.includes('secretariat') ? null : 'hanya Sekretariat yang dapat mengelola OPD';
}

/** Who changed an OPD, and through which door. */
export interface OpdEditor {
  userId: string;
  name: string;
  via: 'api' | 'web';
}

/** One change of an OPD: the version it produced (1 = added), who, when, before (null: added) and after. */
export interface OpdChange {
  opdId: string;
  version: number;
  at: string;
  by: OpdEditor;
  before: Opd | null;
  after: Opd;
}
