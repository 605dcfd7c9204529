/**
 * The masterplan as the secretariat keeps it (docs/product.md §9): its quick wins added,
 * renamed and removed, each change written over the version it was made from and kept with
 * who made it, when, before and after. The API (/v1/masterplan) and the page
 * /admin/masterplan act through these operations alike.
 */
import { z } from 'zod';
import { quickWinIdOf, type Masterplan, type MasterplanEditor, type QuickWin } from '../domain/masterplan.js';
import type { FieldProblem } from '../domain/proposal.js';
import { line, subDimensionId } from '../domain/proposal.js';
import type { Person } from '../domain/roles.js';
import { MasterplanVersionError } from '../store/masterplan.js';
import type { AppDeps } from './context.js';
import { ProblemError } from './problem.js';

export const maxQuickWins = 50;

/** A quick win as an edit names it: an existing one by its id, a new one without. */
export const quickWinEditSchema = z.strictObject({
  id: line(64).optional(),
  name: line(200),
  dimension: line(64).optional(),
  opdId: line(64).optional(),
});

/** `PUT /v1/masterplan/quick-wins`: the whole list as it should be, made from `version`. */
export const quickWinsBody = z.strictObject({
  version: z.number().int().min(0),
  quickWins: z.array(quickWinEditSchema).max(maxQuickWins),
});
export type QuickWinsEdit = z.output<typeof quickWinsBody>;

/** Quick wins a removal would take from the programmes that deliver them (titles by quick win). */
export class QuickWinInUseError extends ProblemError {
  constructor(readonly held: { quickWin: QuickWin; programmes: string[] }[]) {
    super(
      409,
      'Quick win in use',
      'a quick win a programme delivers cannot be removed; rename it instead, or first change the programmes',
      held.map((h) => ({ path: 'quickWins', message: `${h.quickWin.name} (${h.quickWin.id}) is delivered by: ${h.programmes.join('; ')}` })),
    );
  }
}

/** The masterplan changed since the edit was made from it. */
export class MasterplanChangedError extends ProblemError {
  constructor(detail: string) {
    super(409, 'Changed meanwhile', detail);
  }
}

/** Only the secretariat edits the masterplan. */
export const masterplanRefusal = (person: Pick<Person, 'roles'>): string | null =>
  person.roles.includes('secretariat') ? null : 'only the secretariat edits the masterplan';

/** The masterplan as everyone signed in reads it: its period, dimensions with their sub-dimensions' ids, and quick wins. */
export async function masterplanView(deps: Pick<AppDeps, 'store'>) {
  const [current, dimensions] = await Promise.all([deps.store.masterplan.current(), deps.store.roster.listDimensions()]);
  if (!current) throw new ProblemError(503, 'Not ready', 'the masterplan has not been seeded yet');
  const { masterplan, version } = current;
  return {
    id: masterplan.id,
    title: masterplan.title,
    startYear: masterplan.startYear,
    endYear: masterplan.endYear,
    version,
    dimensions: dimensions.map((d) => ({ id: d.id, name: d.name, subDimensions: d.sub.map((name) => ({ id: subDimensionId(d.id, name), name })) })),
    quickWins: masterplan.quickWins,
  };
}

/** The programmes whose proposal names a quick win, by quick-win id (titles, for the refusal to name them). */
async function programmesByQuickWin(deps: Pick<AppDeps, 'store'>): Promise<Map<string, string[]>> {
  const byQuickWin = new Map<string, string[]>();
  let cursor: string | undefined;
  do {
    const page = await deps.store.programs.listPrograms({ quickWin: true }, { limit: 100, cursor });
    for (const p of page.items) {
      const id = p.proposal.quickWinId;
      if (id !== undefined) byQuickWin.set(id, [...(byQuickWin.get(id) ?? []), p.proposal.title]);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return byQuickWin;
}

/** A fresh id from a name, unlike any in `taken` ('pasar-digital', 'pasar-digital-2', …). */
function freshId(name: string, taken: ReadonlySet<string>): string {
  const base = quickWinIdOf(name) || 'quick-win';
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base.slice(0, 60)}-${n}`;
  return id;
}

/**
 * The list an edit asks for, or every problem with it: ids that are not the masterplan's,
 * a name or id given twice, an unknown dimension or OPD.
 */
function plannedQuickWins(current: Masterplan, edit: QuickWinsEdit, known: { dimensionIds: ReadonlySet<string>; opdIds: ReadonlySet<string> }) {
  const problems: FieldProblem[] = [];
  const existing = new Set(current.quickWins.map((q) => q.id));
  const names = new Set<string>();
  const ids = new Set<string>();
  edit.quickWins.forEach((q, i) => {
    if (q.id !== undefined && !existing.has(q.id))
      problems.push({ path: `quickWins.${i}.id`, message: "not one of the masterplan's quick wins; leave id out for a new one" });
    else if (q.id !== undefined && ids.has(q.id)) problems.push({ path: `quickWins.${i}.id`, message: 'this quick win is already in the list' });
    if (q.id !== undefined) ids.add(q.id);
    const name = q.name.toLocaleLowerCase('id');
    if (names.has(name)) problems.push({ path: `quickWins.${i}.name`, message: 'another quick win has this name' });
    names.add(name);
    if (q.dimension !== undefined && !known.dimensionIds.has(q.dimension)) problems.push({ path: `quickWins.${i}.dimension`, message: 'unknown dimension' });
    if (q.opdId !== undefined && !known.opdIds.has(q.opdId)) problems.push({ path: `quickWins.${i}.opdId`, message: 'unknown OPD' });
  });
  const taken = new Set([...existing, ...ids]);
  const quickWins: QuickWin[] = edit.quickWins.map((q) => {
    const id = q.id ?? freshId(q.name, taken);
    taken.add(id);
    return { id, name: q.name, ...(q.dimension === undefined ? {} : { dimension: q.dimension }), ...(q.opdId === undefined ? {} : { opdId: q.opdId }) };
  });
  return { quickWins, problems };
}

/** The masterplan's changed quick wins, written and audited; ProblemError with every reason when not. */
export async function changeQuickWins(deps: Pick<AppDeps, 'store'>, person: Person, edit: QuickWinsEdit, via: MasterplanEditor['via']) {
  const why = masterplanRefusal(person);
  if (why) throw new ProblemError(403, 'Not allowed', why);
  const { store } = deps;
  const [current, dimensions, opds] = await Promise.all([store.masterplan.current(), store.roster.listDimensions(), store.roster.listOpds()]);
  if (!current) throw new ProblemError(503, 'Not ready', 'the masterplan has not been seeded yet');
  if (current.version !== edit.version) {
    throw new ProblemError(
      409,
      'Changed meanwhile',
      `the masterplan is at version ${current.version}, not ${edit.version}: read it again and repeat the change`,
    );
  }
  const planned = plannedQuickWins(current.masterplan, edit, { dimensionIds: new Set(dimensions.map((d) => d.id)), opdIds: new Set(opds.map((o) => o.id)) });
  if (planned.problems.length > 0)
    throw new ProblemError(422, 'Request cannot be carried out', `the quick wins have ${planned.problems.length} problem(s)`, planned.problems);
  const kept = new Set(planned.quickWins.map((q) => q.id));
  const removed = current.masterplan.quickWins.filter((q) => !kept.has(q.id));
  if (removed.length > 0) {
    const pointedAt = await programmesByQuickWin(deps);
    const held = removed.filter((q) => pointedAt.has(q.id)).map((quickWin) => ({ quickWin, programmes: pointedAt.get(quickWin.id) ?? [] }));
    if (held.length > 0) throw new QuickWinInUseError(held);
  }
  const after: Masterplan = { ...current.masterplan, quickWins: planned.quickWins };
  if (JSON.stringify(after) === JSON.stringify(current.masterplan)) return { masterplan: after, version: current.version, changed: false };
  try {
    const change = await store.masterplan.update(current.masterplan, current.version, after, { userId: person.id, name: person.name, via }, new Date());
    return { masterplan: after, version: change.version, changed: true };
  } catch (e) {
    if (e instanceof MasterplanVersionError)
      throw new ProblemError(409, 'Changed meanwhile', 'the masterplan was changed by someone else meanwhile: read it again and repeat the change');
    throw e;
  }
}
