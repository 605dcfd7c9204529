/**
 * What the secretariat does to the roster (docs/product.md §10), shared by the API
 * (api/routes/people.ts) and the pages under /admin/orang: create a person, change one, and
 * import a personnel spreadsheet line by line. Refusals name the field (and the line); nothing
 * is written for a refused change. A person made inactive or moved to another OPD loses their
 * web sessions at once.
 */
import { randomBytes } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type { z } from 'zod';
import {
  changedFields,
  columnOfField,
  importColumns,
  isActivePerson,
  newPersonSchema,
  opdProblem,
  personFromColumns,
  type FieldProblem,
  type ImportColumn,
  type NewPerson,
  type PersonField,
  type PersonPatch,
} from '../domain/people.js';
import { isActiveOpd } from '../domain/opds.js';
import type { Opd, Person, Role } from '../domain/roles.js';
import { PersonVersionError, ValueTakenError, type RosterEditor, type Store } from '../store/index.js';
import type { AppDeps } from './context.js';
import { ProblemError } from './problem.js';
import { rerouteOpenWork, type RosterChange } from './reroute.js';

/** More lines than a Kabupaten has civil servants in one upload is a mistake, not a roster. */
export const maxImportLines = 5000;

const fieldLabels: Record<'nip' | 'email', string> = { nip: 'NIP', email: 'Alamat surel' };

/** A value someone else holds, as a field problem. */
function takenProblem(e: ValueTakenError): FieldProblem {
  return { path: e.field, message: `${fieldLabels[e.field]} ini sudah tercatat atas nama ${e.holder.name}` };
}

const newPersonId = () => randomBytes(8).toString('hex');

/** Issues of a zod parse as field problems. */
export function fieldProblems(issues: readonly z.core.$ZodIssue[]): FieldProblem[] {
  return issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
}

/** The OPDs a person may be given: those not merged into another. */
async function opdIds(store: Store): Promise<Set<string>> {
  return activeOpdIds(await store.roster.listOpds());
}

function invalid(detail: string, errors: FieldProblem[]): ProblemError {
  return new ProblemError(400, 'Invalid request', detail, errors);
}

/** The roster's answer when a write lost a race or met a value someone holds. */
function conflictOf(e: unknown): ProblemError | null {
  if (e instanceof ValueTakenError) return new ProblemError(409, 'Conflict', 'the NIP or email belongs to another person', [takenProblem(e)]);
  if (e instanceof PersonVersionError) return new ProblemError(409, 'Conflict', 'the person was changed meanwhile; read it again and repeat the change');
  return null;
}

/** The OPDs that may be chosen for a person (or, in api/proposal-references.ts, a proposal): those not merged. */
export const activeOpdIds = (opds: readonly Opd[]): Set<string> => new Set(opds.filter(isActiveOpd).map((o) => o.id));

export function createRosterOperations(deps: Pick<AppDeps, 'store' | 'temporal'>) {
  const { store } = deps;

  /**
   * After a person lost access or their OPD, the sessions they had end now. A change of who
   * may act (roles, OPD, active) reaches programmes waiting on people: their workflows re-read
   * the roster and re-route unsigned offices and open decisions (new links, the old ones revoked).
   */
  async function afterChange(before: Person | null, after: Person, reroute = true): Promise<RosterChange> {
    if (before && ((isActivePerson(before) && !isActivePerson(after)) || before.opdId !== after.opdId)) await store.sessions.deleteAllOf(after.id);
    const holds = (p: Person | null) => (p && isActivePerson(p) ? JSON.stringify([p.roles, p.opdId]) : null);
    // The roles and OPDs whose work may move: those the person had or has now.
    const change: RosterChange =
      holds(before) === holds(after)
        ? { roles: [], opdIds: [] }
        : {
            roles: [...new Set([...(before?.roles ?? []), ...after.roles])],
            opdIds: [before?.opdId, after.opdId].filter((id): id is string => typeof id === 'string'),
          };
    if (reroute) await rerouteOpenWork(deps, change);
    return change;
  }

  async function createPerson(input: NewPerson, by: RosterEditor, now = new Date()): Promise<Person> {
    const opd = opdProblem(input.opdId, await opdIds(store));
    if (opd) throw invalid('the person refers to an unknown OPD', [opd]);
    let person: Person;
    try {
      person = await store.people.create({ id: newPersonId(), ...input }, by, now);
    } catch (e) {
      throw conflictOf(e) ?? e;
    }
    await afterChange(null, person);
    return person;
  }

  async function changePerson(id: string, patch: PersonPatch, by: RosterEditor, now = new Date()): Promise<{ person: Person; changed: PersonField[] }> {
    const current = await store.people.read(id);
    if (!current) throw new ProblemError(404, 'Not found', 'no such person');
    const next: Person = { ...current.person, ...patch };
    const changed = changedFields(current.person, next);
    if (changed.length === 0) return { person: current.person, changed };
    const opd = changed.includes('opdId') ? opdProblem(next.opdId, await opdIds(store)) : null;
    if (opd) throw invalid('the person refers to an unknown OPD', [opd]);
    let person: Person;
    try {
      person = await store.people.update(current.person, current.version, next, by, now);
    } catch (e) {
      throw conflictOf(e) ?? e;
    }
    await afterChange(current.person, person);
    return { person, changed };
  }

  /**
   * Moves people as an OPD merge asks (api/opds.ts): each person still in `fromOpdId` becomes
   * `move(person)` as stored now, each move a change of the person. Programmes waiting on people
   * are told once, after everyone moved, for the roles moved and `alsoReroute` (a merge changes
   * whose head signs even when nobody with that role moved). Answers with the people as stored.
   */
  async function movePeople(
    fromOpdId: string,
    ids: readonly string[],
    move: (p: Person) => Person,
    change: { by: RosterEditor; alsoReroute: readonly Role[] },
    now = new Date(),
  ): Promise<Person[]> {
    const movedRoles = new Set<Role>(change.alsoReroute);
    const movedOpds = new Set<string>([fromOpdId]);
    const stored: Person[] = [];
    for (const id of ids) {
      for (;;) {
        const current = await store.people.read(id);
        if (!current || current.person.opdId !== fromOpdId) break; // moved already (a merge repeated) or elsewhere meanwhile
        try {
          const person = await store.people.update(current.person, current.version, move(current.person), change.by, now);
          const moved = await afterChange(current.person, person, false);
          for (const role of moved.roles) movedRoles.add(role);
          for (const opdId of moved.opdIds) movedOpds.add(opdId);
          stored.push(person);
          break;
        } catch (e) {
          if (!(e instanceof PersonVersionError)) throw e; // changed meanwhile: read it again and move it from there
        }
      }
    }
    await rerouteOpenWork(deps, { roles: [...movedRoles], opdIds: [...movedOpds] });
    return stored;
  }

  return { createPerson, changePerson, planImport, applyImport, movePeople };

  /**
   * Reads a spreadsheet export and says, line by line, what importing it would do. Throws a
   * 400 problem when the text is not a CSV with the expected header at all.
   */
  async function planImport(csv: string): Promise<ImportPlan> {
    const rows = parseCsv(csv);
    const [opds, people] = await Promise.all([store.roster.listOpds(), store.roster.listPeople()]);
    const opdIdOf = opdLookup(opds);
    const known = activeOpdIds(opds);
    const byNip = new Map(people.filter((p) => p.nip).map((p) => [p.nip!, p]));
    const byEmail = new Map(people.map((p) => [p.email.toLowerCase(), p]));
    const seenNip = new Map<string, number>();
    const seenEmail = new Map<string, number>();

    const lines = rows.map(({ line, columns }): PlannedLine => {
      const refused = (problems: ImportProblem[]): PlannedLine => ({ line, nip: columns.nip.trim(), outcome: 'refused', problems });
      const parsed = newPersonSchema.safeParse(personFromColumns(columns, opdIdOf));
      if (!parsed.success) return refused(importProblems(fieldProblems(parsed.error.issues)));
      const input = parsed.data;
      const problems: ImportProblem[] = [];
      const opd = opdProblem(input.opdId, known);
      if (opd) problems.push({ column: 'opd', message: opd.message });
      const nipLine = seenNip.get(input.nip);
      if (nipLine !== undefined) problems.push({ column: 'nip', message: `NIP ini sudah ada di baris ${nipLine}` });
      const emailLine = seenEmail.get(input.email);
      if (emailLine !== undefined) problems.push({ column: 'surel', message: `alamat surel ini sudah ada di baris ${emailLine}` });
      seenNip.set(input.nip, line);
      seenEmail.set(input.email, line);
      const existing = byNip.get(input.nip);
      const emailHolder = byEmail.get(input.email);
      if (emailHolder && emailHolder.id !== existing?.id)
        problems.push({ column: 'surel', message: `alamat surel ini sudah tercatat atas nama ${emailHolder.name}` });
      if (problems.length > 0) return refused(problems);
      if (!existing) return { line, nip: input.nip, outcome: 'added', name: input.name, person: { id: newPersonId(), ...input } };
      // A line describes who the person is now; whether they are active is set on their page.
      const next: Person = { ...existing, ...input, active: existing.active };
      const changes = changedFields(existing, next);
      return { line, nip: input.nip, outcome: changes.length > 0 ? 'changed' : 'unchanged', name: input.name, personId: existing.id, changes, person: next };
    });
    return { lines, refused: lines.filter((l) => l.outcome === 'refused').length };
  }

  /**
   * Writes the added and changed lines of a plan. A line whose write fails (its NIP or email
   * taken, or the person changed since the plan was made) is refused in the answer.
   */
  async function applyImport(plan: ImportPlan, by: RosterEditor, now = new Date()): Promise<ImportLine[]> {
    const answer: ImportLine[] = [];
    // Programmes waiting on people are told once, after the whole file.
    const movedRoles = new Set<Role>();
    const movedOpds = new Set<string>();
    const collect = (change: RosterChange) => {
      for (const role of change.roles) movedRoles.add(role);
      for (const opdId of change.opdIds) movedOpds.add(opdId);
    };
    for (const planned of plan.lines) {
      const { person, ...line } = planned;
      if (!person || line.outcome === 'unchanged' || line.outcome === 'refused') {
        answer.push(line);
        continue;
      }
      try {
        if (line.outcome === 'added') {
          collect(await afterChange(null, await store.people.create(person, by, now), false));
          answer.push({ ...line, personId: person.id });
        } else {
          const current = await store.people.read(person.id);
          if (!current) throw new PersonVersionError(`person ${person.id} is gone`);
          // Only the fields this line changes: a change made since the plan stays.
          const next = { ...current.person, ...Object.fromEntries((line.changes ?? []).map((f) => [f, person[f]])) };
          const stored = await store.people.update(current.person, current.version, next, by, now);
          collect(await afterChange(current.person, stored, false));
          answer.push(line);
        }
      } catch (e) {
        const problem = e instanceof ValueTakenError ? takenProblem(e) : e instanceof PersonVersionError ? null : undefined;
        if (problem === undefined) throw e;
        const column: ImportColumn = problem ? (problem.path === 'nip' ? 'nip' : 'surel') : 'nip';
        answer.push({
          line: line.line,
          nip: line.nip,
          outcome: 'refused',
          problems: [{ column, message: problem?.message ?? 'data orang ini berubah sejak diperiksa; impor ulang' }],
        });
      }
    }
    await rerouteOpenWork(deps, { roles: [...movedRoles], opdIds: [...movedOpds] });
    return answer;
  }
}

export type RosterOperations = ReturnType<typeof createRosterOperations>;

export interface ImportProblem {
  column: ImportColumn | '(baris)';
  message: string;
}

/** What the import did, or would do, with one line of the file (line 1 is the header). */
export interface ImportLine {
  line: number;
  nip: string;
  outcome: 'added' | 'changed' | 'unchanged' | 'refused';
  name?: string;
  personId?: string;
  /** The fields a changed line changes. */
  changes?: PersonField[];
  problems?: ImportProblem[];
}

interface PlannedLine extends ImportLine {
  /** The record the line would write. */
  person?: Person;
}

export interface ImportPlan {
  lines: PlannedLine[];
  refused: number;
}

/** An import's lines without the records they would write. */
export const answerLines = (plan: ImportPlan): ImportLine[] => plan.lines.map(({ person: _person, ...line }) => line);

function importProblems(problems: FieldProblem[]): ImportProblem[] {
  return problems.map((p) => {
    const field = p.path.split('.')[0] as keyof typeof columnOfField;
    return { column: columnOfField[field] ?? '(baris)', message: p.message };
  });
}

function opdLookup(opds: Opd[]): (codeOrAbbr: string) => string | undefined {
  const byName = new Map<string, string>();
  for (const o of opds) {
    byName.set(o.id.toLowerCase(), o.id);
    byName.set(o.abbr.toLowerCase(), o.id);
  }
  return (codeOrAbbr) => byName.get(codeOrAbbr.toLowerCase());
}

/** The data rows of a roster CSV with their line numbers; a 400 problem when it cannot be one. */
function parseCsv(csv: string): { line: number; columns: Record<ImportColumn, string> }[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // With `info`, each record comes with where it ends in the file (the types do not say so).
    records = parse(csv, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      max_record_size: 10_000,
    }) as unknown as typeof records;
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw invalid('the file is not a readable CSV', [{ path: line ? `baris ${line}` : '(berkas)', message: 'berkas bukan CSV yang dapat dibaca' }]);
  }
  const [header, ...data] = records;
  const names = header?.record.map((h) => h.toLowerCase()) ?? [];
  if (names.join(',') !== importColumns.join(',')) {
    throw invalid('the first line must be the header', [{ path: 'baris 1', message: `baris pertama harus berbunyi ${importColumns.join(',')}` }]);
  }
  if (data.length === 0) throw invalid('the file has no people', [{ path: '(berkas)', message: 'berkas tidak berisi satu orang pun' }]);
  if (data.length > maxImportLines)
    throw invalid('the file is too long', [{ path: '(berkas)', message: `paling banyak ${maxImportLines} baris sekali impor` }]);
  return data.map(({ record, info }) => ({
    line: info.lines,
    columns: Object.fromEntries(importColumns.map((c, i) => [c, record[i] ?? ''])) as Record<ImportColumn, string>,
  }));
}
