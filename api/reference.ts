/**
 * Reference data the API shows beside a programme (the dimensions, the masterplan's quick wins)
 * changes only when the secretariat edits it, yet every programme page and every emailed link
 * shows it: read once a minute per store, through the same cache the worker keeps
 * (activities/reference-cache.ts), instead of more reads per request. A renamed dimension or
 * quick win shows within a minute. Nothing is decided on these copies.
 */
import { createReferenceCache, type ReferenceCache } from '../activities/reference-cache.js';
import type { ProgramRecord } from '../domain/program.js';
import type { Opd } from '../domain/roles.js';
import { loadProgramSummary, loadReferenceLabels, type ReferenceLabels } from '../mail/program-summary.js';
import type { ProgramSummary } from '../mail/templates.js';
import type { Store } from '../store/index.js';

const shownTtlMs = 60_000;

const caches = new WeakMap<Store, ReferenceCache>();

function shownReference(store: Store): ReferenceCache {
  let cache = caches.get(store);
  if (!cache) caches.set(store, (cache = createReferenceCache(store, { ttlMs: shownTtlMs, now: Date.now })));
  return cache;
}

/** The names people read for the ids a proposal points at (sub-dimensions, quick wins). */
export function shownLabels(store: Store): Promise<ReferenceLabels> {
  const reference = shownReference(store);
  return loadReferenceLabels({ roster: reference, masterplan: reference.masterplan });
}

/**
 * The facts about a programme that its pages show (mail/program-summary.ts): the OPD's name from
 * `opds`, the list the caller has just read (an OPD added a moment ago is shown by name), the
 * other names from the copy above.
 */
export function shownSummary(store: Store, program: ProgramRecord, opds: readonly Opd[]): Promise<ProgramSummary> {
  const reference = shownReference(store);
  const roster = { getOpd: (id: string) => Promise.resolve(opds.find((o) => o.id === id) ?? null), listDimensions: reference.listDimensions };
  return loadProgramSummary({ roster, masterplan: reference.masterplan }, program);
}
