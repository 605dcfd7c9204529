/**
 * What the secretariat does to offices (docs/product.md §10), shared by `/v1/offices` and the
 * pages under `/admin/jabatan`: list every office with its holder today and the handovers ahead,
 * and record that a person holds an office from a day. A record is never changed or deleted:
 * a correction is a newer record for the same day, and every record keeps who made it, when,
 * and who held the office that day before.
 */
import { wibDate } from '../domain/calendar.js';
import {
  allOffices,
  handoverDateProblem,
  holderOn,
  holderProblem,
  officeLabel,
  officeRule,
  parseOffice,
  type Handover,
  type HolderSource,
  type OfficeId,
  type OfficeTerm,
} from '../domain/offices.js';
import { isActiveOpd } from '../domain/opds.js';
import type { FieldProblem } from '../domain/people.js';
import type { Person } from '../domain/roles.js';
import type { AppDeps } from './context.js';
import { ProblemError } from './problem.js';
import { rerouteOpenWork } from './reroute.js';

export interface OfficeView {
  office: OfficeId;
  label: string;
  /** Who holds it today (WIB), and whether a record or the roles say so; null when vacant. */
  holder: { personId: string; name: string; title: string; source: HolderSource } | null;
  /** Handovers recorded for a later day, soonest first. */
  upcoming: OfficeTerm[];
  /** Every record, newest day first. */
  history: OfficeTerm[];
}

export function createOfficeOperations(deps: Pick<AppDeps, 'store' | 'temporal'>) {
  const { store } = deps;

  async function load() {
    const [opds, people, terms] = await Promise.all([store.roster.listOpds(), store.roster.listPeople(), store.roster.listOfficeTerms()]);
    opds.sort((a, b) => a.name.localeCompare(b.name, 'id'));
    const opdName = (id: string) => opds.find((o) => o.id === id)?.name;
    // The office of a merged OPD's head ended with the merge (domain/opds.ts).
    return { opds, people, terms, opdName, opdIds: opds.filter(isActiveOpd).map((o) => o.id) };
  }

  function viewOf(office: OfficeId, today: string, data: Awaited<ReturnType<typeof load>>): OfficeView {
    const held = holderOn(office, today, data.terms, data.people);
    const mine = data.terms.filter((t) => t.office === office);
    const byDay = (a: OfficeTerm, b: OfficeTerm) => a.from.localeCompare(b.from) || a.recordedAt.localeCompare(b.recordedAt);
    return {
      office,
      label: officeLabel(office, data.opdName),
      holder: held ? { personId: held.person.id, name: held.person.name, title: held.person.title, source: held.source } : null,
      upcoming: mine.filter((t) => t.from > today).sort(byDay),
      history: mine.sort(byDay).reverse(),
    };
  }

  function parsed(raw: string, opdIds: string[]): OfficeId {
    const office = parseOffice(raw, opdIds);
    if (!office) throw new ProblemError(404, 'Not found', 'no such office');
    return office;
  }

  return {
    async listOffices(now = new Date()): Promise<OfficeView[]> {
      const data = await load();
      return allOffices(data.opdIds).map((o) => viewOf(o, wibDate(now), data));
    },

    async getOffice(raw: string, now = new Date()): Promise<OfficeView> {
      const data = await load();
      return viewOf(parsed(raw, data.opdIds), wibDate(now), data);
    },

    /** The people who may hold an office now: active, with its role (and OPD). */
    async candidates(raw: string): Promise<Person[]> {
      const data = await load();
      const office = parsed(raw, data.opdIds);
      return data.people.filter((p) => holderProblem(office, p) === null);
    },

    /**
     * Records that `personId` holds the office from `from`; 404 for an unknown office, 400 naming
     * the field for a person who may not hold it or a day out of range. Programmes waiting on
     * the office are told at once; a handover for a later day takes effect on that day.
     */
    async recordHandover(raw: string, input: Handover, by: Person, now = new Date()): Promise<OfficeTerm> {
      const data = await load();
      const office = parsed(raw, data.opdIds);
      const today = wibDate(now);
      const problems: FieldProblem[] = [];
      const personWhy = holderProblem(office, data.people.find((p) => p.id === input.personId) ?? null);
      if (personWhy) problems.push({ path: 'personId', message: personWhy });
      const dateWhy = handoverDateProblem(input.from, today);
      if (dateWhy) problems.push({ path: 'from', message: dateWhy });
      if (problems.length > 0) throw new ProblemError(400, 'Invalid request', `the handover has ${problems.length} problem(s)`, problems);
      const term: OfficeTerm = {
        office,
        personId: input.personId,
        from: input.from,
        basis: input.basis,
        recordedAt: now.toISOString(),
        recordedBy: { userId: by.id, name: by.name },
        before: holderOn(office, input.from, data.terms, data.people)?.person.id ?? null,
      };
      await store.roster.putOfficeTerm(term);
      const rule = officeRule(office);
      await rerouteOpenWork(deps, { roles: [rule.role], opdIds: rule.opdId ? [rule.opdId] : [] });
      return term;
    },
  };
}

export type OfficeOperations = ReturnType<typeof createOfficeOperations>;
