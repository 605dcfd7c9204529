/**
 * Reference data that changes without a deploy: the roster (people, roles, OPDs), who holds
 * each office from which date, the smart-city dimensions and the yearly holiday calendars.
 */
import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { HolidayYear } from '../domain/calendar.js';
import { escalationPolicySchema, storedEscalationPolicySchema } from '../domain/escalation-schema.js';
import { defaultEscalationPolicy, type EscalationPolicy } from '../domain/escalation.js';
import { termsFromRoles, type OfficeTerm } from '../domain/offices.js';
import type { Opd, Person, Role } from '../domain/roles.js';
import type { Dynamo } from './client.js';
import { dataOf, getItem, kindKeys, putOnce, queryKind, queryPrefix } from './items.js';
import { opdItem } from './opds.js';
import { claimItemsOf } from './people.js';
import { itemKeys } from './table.js';

/** One change of reference data the secretariat edits: who, when, before (null: none) and after. */
export interface PolicyChange<T> {
  at: string;
  by: { userId: string; name: string };
  before: T | null;
  after: T;
}
export type HolidayYearChange = PolicyChange<HolidayYear>;

export interface Dimension {
  id: string;
  name: string;
  sub: string[];
}

const escalationPolicyKey = { pk: 'POLICY#escalation', sk: 'POLICY' };

const officeTermItem = (t: OfficeTerm) => ({
  ...itemKeys.officeTerm(t.office, t.from, t.recordedAt),
  ...kindKeys('office_term', `${t.office}#${t.from}#${t.recordedAt}`),
  kind: 'office_term',
  data: t,
});

export function createRosterStore(db: Dynamo) {
  const TableName = db.tableName;

  const listKind = <T>(kind: string) => queryKind(db, kind, dataOf<T>());
  // Reference data: an eventually consistent read is fresh enough.
  const get = <T>(key: { pk: string; sk: string }) => getItem(db, key, dataOf<T>(), false);

  /** Writes reference items (overwrite: the seed file is the source for dev data). */
  async function putAll(items: Record<string, unknown>[]): Promise<void> {
    for (let i = 0; i < items.length; i += 25) {
      let pending = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      while (pending.length > 0) {
        const out = await db.doc.send(new BatchWriteCommand({ RequestItems: { [TableName]: pending } }));
        pending = (out.UnprocessedItems?.[TableName] ?? []) as typeof pending;
      }
    }
  }

  return {
    getPerson: (id: string) => get<Person>(itemKeys.person(id)),
    listPeople: () => listKind<Person>('person'),
    async peopleWithRole(role: Role): Promise<Person[]> {
      return (await listKind<Person>('person')).filter((p) => p.roles.includes(role));
    },
    getOpd: (id: string) => get<Opd>(itemKeys.opd(id)),
    listOpds: () => listKind<Opd>('opd'),
    listDimensions: () => listKind<Dimension>('dimension'),
    listHolidayYears: () => listKind<HolidayYear>('calendar'),
    /** Every record of who holds an office from when, every office (a few per office and year). */
    listOfficeTerms: () => listKind<OfficeTerm>('office_term'),

    /** Records a term; false when the same office, day and moment was recorded already (a retry). */
    putOfficeTerm: (term: OfficeTerm) => putOnce(db, officeTermItem(term)),

    /**
     * Replaces a year's holidays (the secretariat's upload) and keeps the change: who, when, the
     * list before and after, under the year (`CHANGE#<at>`).
     */
    async putHolidayYear(year: HolidayYear, by: { userId: string; name: string }, now: Date): Promise<void> {
      const key = itemKeys.holidayYear(year.year);
      const before = await getItem(db, key, dataOf<HolidayYear>());
      await putOnce(db, { pk: key.pk, sk: `CHANGE#${now.toISOString()}`, kind: 'calendar_change', data: { at: now.toISOString(), by, before, after: year } });
      await db.doc.send(new PutCommand({ TableName, Item: { ...key, ...kindKeys('calendar', String(year.year)), kind: 'calendar', data: year } }));
    },

    /** Every upload of one year, oldest first. */
    holidayYearChanges: (year: number) => queryPrefix(db, itemKeys.holidayYear(year).pk, 'CHANGE#', dataOf<HolidayYearChange>()),

    /** Who is told of overdue work (domain/escalation.ts); the default until the secretariat stored one. */
    async getEscalationPolicy(): Promise<EscalationPolicy> {
      const stored = await getItem(db, escalationPolicyKey, dataOf<unknown>());
      return stored === null ? defaultEscalationPolicy : storedEscalationPolicySchema.parse(stored);
    },

    /** Replaces the escalation policy and keeps the change: who, when, before and after (`CHANGE#<at>`). */
    async putEscalationPolicy(policy: EscalationPolicy, by: { userId: string; name: string }, now: Date): Promise<void> {
      const after = escalationPolicySchema.parse(policy);
      const before = await getItem(db, escalationPolicyKey, dataOf<EscalationPolicy>());
      await putOnce(db, {
        pk: escalationPolicyKey.pk,
        sk: `CHANGE#${now.toISOString()}`,
        kind: 'policy_change',
        data: { at: now.toISOString(), by, before, after },
      });
      await db.doc.send(new PutCommand({ TableName, Item: { ...escalationPolicyKey, kind: 'policy', data: after } }));
    },

    /** Every change of the escalation policy, oldest first (one stored in the old shape reads as steps). */
    async escalationPolicyChanges(): Promise<PolicyChange<EscalationPolicy>[]> {
      const changes = await queryPrefix(db, escalationPolicyKey.pk, 'CHANGE#', dataOf<PolicyChange<unknown>>());
      return changes.map((c) => ({
        ...c,
        before: c.before === null ? null : storedEscalationPolicySchema.parse(c.before),
        after: storedEscalationPolicySchema.parse(c.after),
      }));
    },

    async putPerson(person: Person): Promise<void> {
      await db.doc.send(
        new PutCommand({
          TableName,
          Item: { ...itemKeys.person(person.id), ...kindKeys('person', `${person.name}#${person.id}`), kind: 'person', data: person },
        }),
      );
    },

    async seed(data: { opds: Opd[]; people: Person[]; dimensions: Dimension[]; holidayYears: HolidayYear[] }): Promise<void> {
      // OPDs are put once: what the secretariat added, renamed or merged since stays (store/opds.ts).
      for (const o of data.opds) await putOnce(db, opdItem(o, 0));
      await putAll([
        ...data.people.map((p) => ({ ...itemKeys.person(p.id), ...kindKeys('person', `${p.name}#${p.id}`), kind: 'person', data: p })),
        // Their NIPs and emails are taken, as if they had been created through store/people.ts.
        ...data.people.flatMap(claimItemsOf),
        ...data.dimensions.map((d) => ({ ...itemKeys.dimension(d.id), ...kindKeys('dimension', d.id), kind: 'dimension', data: d })),
        ...data.holidayYears.map((y) => ({ ...itemKeys.holidayYear(y.year), ...kindKeys('calendar', String(y.year)), kind: 'calendar', data: y })),
      ]);
      await putOnce(db, { ...escalationPolicyKey, kind: 'policy', data: defaultEscalationPolicy });
      // Offices as the development roster's roles say; put once, so what the secretariat records later stays.
      for (const term of termsFromRoles(
        data.people,
        data.opds.map((o) => o.id),
      ))
        await putOnce(db, officeTermItem(term));
    },
  };
}

export type RosterStore = ReturnType<typeof createRosterStore>;
