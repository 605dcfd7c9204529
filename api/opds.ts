/**
 * What the secretariat does to the OPDs (docs/product.md §10), shared by `/v1/opds` and the
 * pages under `/admin/opd`: add an OPD, rename it, and merge it into another. Every change is
 * written over the version it was read at and kept with who, when, before and after.
 *
 * A merge, in this order (no transactions: each step can be repeated):
 *  1. the OPD is marked merged into the target from today (WIB); it can no longer be chosen for
 *     proposals or people, and the office of its head is no longer listed;
 *  2. its people move to the target OPD, each move a change of the person (its head becomes
 *     staff there: the target has its own head), and lose their web sessions;
 *  3. programmes waiting on people are told the roster changed: the programmes of the merged
 *     OPD route their head's signature to the target's head (`currentOpdOf`).
 * Repeating a merge into the same target finishes moving whoever is left.
 */
import { wibDate } from '../domain/calendar.js';
import {
  clashProblems,
  isActiveOpd,
  mergeProblem,
  movedByMerge,
  opdRefusal,
  type NewOpd,
  type OpdChange,
  type OpdEditor,
  type OpdFieldProblem,
  type OpdMerge,
  type OpdPatch,
} from '../domain/opds.js';
import type { ProgramRecord } from '../domain/program.js';
import type { Opd, Person } from '../domain/roles.js';
import { isEnded } from '../domain/stages.js';
import { OpdVersionError, type VersionedOpd } from '../store/opds.js';
import type { AppDeps } from './context.js';
import { createRosterOperations } from './people-roster.js';
import { ProblemError } from './problem.js';

/** An OPD as the API shows it: `active` always said, and the version an edit is made from. */
export const opdView = ({ opd, version }: VersionedOpd) => ({
  ...opd,
  active: isActiveOpd(opd),
  mergedInto: opd.mergedInto ?? null,
  mergedOn: opd.mergedOn ?? null,
  version,
});
export type OpdView = ReturnType<typeof opdView>;

/** What a merge would move: the people (and which of them head the OPD), and the programmes still running. */
export interface MergePlan {
  source: Opd;
  target: Opd;
  version: number;
  people: Person[];
  /** The people of the source who hold its head's role: they become staff of the target. */
  heads: Person[];
  programmes: Pick<ProgramRecord, 'id' | 'stage'>[];
  programmeTitles: string[];
}

const unprocessable = (detail: string, errors: OpdFieldProblem[]) => new ProblemError(422, 'Request cannot be carried out', detail, errors);
const changedMeanwhile = () => new ProblemError(409, 'Changed meanwhile', 'the OPD was changed by someone else meanwhile: read it again and repeat the change');

export function createOpdOperations(deps: Pick<AppDeps, 'store' | 'temporal'>) {
  const { store } = deps;
  const roster = createRosterOperations(deps);

  function allowed(person: Person): void {
    const why = opdRefusal(person);
    if (why) throw new ProblemError(403, 'Not allowed', why);
  }

  async function readOrFail(id: string): Promise<VersionedOpd> {
    const found = await store.opds.read(id);
    if (!found) throw new ProblemError(404, 'Not found', 'no such OPD');
    return found;
  }

  const editorOf = (person: Person, via: OpdEditor['via']): OpdEditor => ({ userId: person.id, name: person.name, via });

  /** Every programme of one OPD not yet ended (cursor paging over the byOpd index). */
  async function runningProgrammes(opdId: string): Promise<ProgramRecord[]> {
    const running: ProgramRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.programs.listPrograms({ opdId }, { limit: 100, cursor });
      running.push(...page.items.filter((p) => !isEnded(p.stage)));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return running;
  }

  /** What merging `id` into `into` would move; 404/422 when it cannot be merged. */
  async function planMerge(id: string, into: string): Promise<MergePlan> {
    const source = await readOrFail(id);
    const target = await store.opds.read(into);
    const problem = source.opd.mergedInto === into ? null : mergeProblem(source.opd, target?.opd ?? null);
    if (problem) throw unprocessable('the OPD cannot be merged into that one', [problem]);
    if (!target) throw unprocessable('the OPD cannot be merged into that one', [{ path: 'into', message: 'OPD tujuan tidak dikenal' }]);
    const [people, programmes] = await Promise.all([store.roster.listPeople(), runningProgrammes(id)]);
    const moving = people.filter((p) => p.opdId === id);
    return {
      source: source.opd,
      target: target.opd,
      version: source.version,
      people: moving,
      heads: moving.filter((p) => p.roles.includes('opd_head')),
      programmes: programmes.map((p) => ({ id: p.id, stage: p.stage })),
      programmeTitles: programmes.map((p) => p.proposal.title),
    };
  }

  return {
    /** Every OPD, active first, then by name. */
    async list(): Promise<OpdView[]> {
      const all = (await store.opds.list()).map(opdView);
      return all.sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name, 'id'));
    },

    async get(id: string): Promise<OpdView> {
      return opdView(await readOrFail(id));
    },

    history: (id: string): Promise<OpdChange[]> => store.opds.history(id),

    /** Adds an OPD; 422 naming each field that clashes with another OPD. */
    async add(input: NewOpd, person: Person, via: OpdEditor['via'], now = new Date()): Promise<OpdView> {
      allowed(person);
      const existing = (await store.opds.list()).map((v) => v.opd);
      const problems = clashProblems(input, existing, true);
      if (problems.length > 0) throw unprocessable('the OPD clashes with one already kept', problems);
      const opd: Opd = { id: input.id, name: input.name, abbr: input.abbr };
      try {
        await store.opds.create(opd, editorOf(person, via), now);
      } catch (e) {
        if (e instanceof OpdVersionError) throw unprocessable('the OPD clashes with one already kept', [{ path: 'id', message: 'kode OPD ini sudah dipakai' }]);
        throw e;
      }
      return opdView({ opd, version: 1 });
    },

    /** Renames an OPD or changes its abbreviation, over `version`; a merged OPD keeps its last name. */
    async change(id: string, patch: OpdPatch, person: Person, via: OpdEditor['via'], now = new Date()): Promise<{ opd: OpdView; changed: boolean }> {
      allowed(person);
      const current = await readOrFail(id);
      if (current.version !== patch.version) throw changedMeanwhile();
      if (!isActiveOpd(current.opd)) throw new ProblemError(409, 'Merged', 'a merged OPD keeps the name its programmes were proposed under');
      const next: Opd = { ...current.opd, name: patch.name ?? current.opd.name, abbr: patch.abbr ?? current.opd.abbr };
      if (next.name === current.opd.name && next.abbr === current.opd.abbr) return { opd: opdView(current), changed: false };
      const problems = clashProblems(
        next,
        (await store.opds.list()).map((v) => v.opd),
        false,
      );
      if (problems.length > 0) throw unprocessable('the OPD clashes with another one', problems);
      try {
        const change = await store.opds.update(current.opd, current.version, next, editorOf(person, via), now);
        return { opd: opdView({ opd: next, version: change.version }), changed: true };
      } catch (e) {
        if (e instanceof OpdVersionError) throw changedMeanwhile();
        throw e;
      }
    },

    planMerge,

    /** Merges `id` into `body.into` (see the module's comment); answers with the merged OPD and who moved. */
    async merge(id: string, body: OpdMerge, person: Person, via: OpdEditor['via'], now = new Date()): Promise<{ opd: OpdView; moved: string[] }> {
      allowed(person);
      const plan = await planMerge(id, body.into);
      const repeated = plan.source.mergedInto === body.into;
      if (!repeated && plan.version !== body.version) throw changedMeanwhile();
      let version = plan.version;
      if (!repeated) {
        const merged: Opd = { ...plan.source, mergedInto: body.into, mergedOn: wibDate(now) };
        try {
          version = (await store.opds.update(plan.source, plan.version, merged, editorOf(person, via), now)).version;
        } catch (e) {
          if (e instanceof OpdVersionError) throw changedMeanwhile();
          throw e;
        }
        plan.source = merged;
      }
      const moved = await roster.movePeople(
        id,
        plan.people.map((p) => p.id),
        (p) => movedByMerge(p, body.into),
        { by: { userId: person.id, name: person.name, via: 'opd-merge' }, alsoReroute: ['opd_head'] },
        now,
      );
      return { opd: opdView({ opd: plan.source, version }), moved: moved.map((p) => p.id) };
    },
  };
}

export type OpdOperations = ReturnType<typeof createOpdOperations>;
