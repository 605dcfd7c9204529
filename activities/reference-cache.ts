/**
 * Reference data as activities read it: the roster, the OPDs, the smart-city dimensions, the
 * holiday years and the current masterplan (its quick wins' names). They change by seed, not per programme, yet nearly every activity needs some of
 * them; reading them once per `ttlMs` for the whole worker instead of on every call is most of
 * the worker's DynamoDB traffic saved.
 *
 * Age is measured on the clock the caller passes (the worker uses Temporal's: the time the
 * activity was scheduled), so a holiday year or a person added to the roster is used by every
 * activity scheduled `ttlMs` after the write, without a deploy — in time-skipping tests too.
 * Who signs is decided from a fresh read (`listPeople({ fresh: true })`, `holderOn(..., { fresh: true })`),
 * which refreshes the copy. Office records are reference data too: a handover recorded for a
 * date is used from that date on, as the holder of the day.
 * `ttlMs` 0 reads every time.
 */
import { isActivePerson } from '../domain/people.js';
import type { HolidayYear } from '../domain/calendar.js';
import { holderOn, type OfficeId, type OfficeTerm } from '../domain/offices.js';
import type { Opd, Person, Role } from '../domain/roles.js';
import type { MasterplanStore } from '../store/masterplan.js';
import type { Dimension, RosterStore } from '../store/roster.js';
import { createTtlCache } from '../store/ttl-cache.js';

/** As WORKER_REFERENCE_TTL_SECONDS's default. */
export const defaultReferenceTtlMs = 60_000;

type Lists = Pick<RosterStore, 'listPeople' | 'listOpds' | 'listDimensions' | 'listHolidayYears' | 'listOfficeTerms'>;

/** One list through the store's TTL cache; `fresh` drops the copy first, so the new read becomes everyone's copy. */
function cachedList<T>(load: () => Promise<T[]>, opts: { ttlMs: number; now: () => number }) {
  const cache = createTtlCache<'all', T[]>({ ...opts, maxEntries: 1 });
  return (fresh = false): Promise<T[]> => {
    if (fresh) cache.clear();
    return cache.get('all', load);
  };
}

/** `source` is the store (or anything with its roster's list reads); nothing is read before it is asked for. */
export function createReferenceCache(source: { roster: Lists; masterplan: Pick<MasterplanStore, 'current'> }, opts: { ttlMs: number; now: () => number }) {
  const people = cachedList(() => source.roster.listPeople(), opts);
  const opds = cachedList(() => source.roster.listOpds(), opts);
  const dimensions = cachedList(() => source.roster.listDimensions(), opts);
  const holidayYears = cachedList(() => source.roster.listHolidayYears(), opts);
  const officeTerms = cachedList<OfficeTerm>(() => source.roster.listOfficeTerms(), opts);
  // The masterplan's names (quick wins) in every email's summary: the one current masterplan, as a list of at most one.
  const masterplans = cachedList(async () => {
    const current = await source.masterplan.current();
    return current ? [current] : [];
  }, opts);

  // The roster store's reads, by the same names, so activity code reads either alike.
  return {
    listPeople: (o: { fresh?: boolean } = {}): Promise<Person[]> => people(o.fresh),
    async getPerson(id: string): Promise<Person | null> {
      return (await people()).find((p) => p.id === id) ?? null;
    },
    /** Who holds a role now: an inactive person is asked for nothing. */
    async peopleWithRole(role: Role): Promise<Person[]> {
      return (await people()).filter((p) => p.roles.includes(role) && isActivePerson(p));
    },
    async getOpd(id: string): Promise<Opd | null> {
      return (await opds()).find((o) => o.id === id) ?? null;
    },
    /** Every OPD, merged ones included; `fresh` reads them anew (a merge re-routes signing at once). */
    listOpds: (o: { fresh?: boolean } = {}): Promise<Opd[]> => opds(o.fresh),
    listOfficeTerms: (o: { fresh?: boolean } = {}): Promise<OfficeTerm[]> => officeTerms(o.fresh),
    /** Who holds an office on a WIB date (domain/offices.ts); `fresh` reads people and records anew. */
    async holderOn(office: OfficeId, date: string, o: { fresh?: boolean } = {}): Promise<Person | null> {
      const [terms, roster] = await Promise.all([officeTerms(o.fresh), people(o.fresh)]);
      return holderOn(office, date, terms, roster)?.person ?? null;
    },
    listDimensions: (): Promise<Dimension[]> => dimensions(),
    listHolidayYears: (): Promise<HolidayYear[]> => holidayYears(),
    /** The masterplan's store read by the same name, so the reference labels read either alike. */
    masterplan: { current: async () => (await masterplans())[0] ?? null },
  };
}

export type ReferenceCache = ReturnType<typeof createReferenceCache>;
