/**
 * Reference data that changes without a deploy: the roster (people, roles, OPDs), the
 * smart-city dimensions and the yearly holiday calendars.
 */
import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { HolidayYear } from '../domain/calendar.js';
import type { Opd, Person, Role } from '../domain/roles.js';
import type { Dynamo } from './client.js';
import { dataOf, getItem, kindKeys, queryKind } from './items.js';
import { claimItemsOf } from './people.js';
import { itemKeys } from './table.js';

export interface Dimension {
  id: string;
  name: string;
  sub: string[];
}

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

    async putPerson(person: Person): Promise<void> {
      await db.doc.send(
        new PutCommand({
          TableName,
          Item: { ...itemKeys.person(person.id), ...kindKeys('person', `${person.name}#${person.id}`), kind: 'person', data: person },
        }),
      );
    },

    async seed(data: { opds: Opd[]; people: Person[]; dimensions: Dimension[]; holidayYears: HolidayYear[] }): Promise<void> {
      await putAll([
        ...data.opds.map((o) => ({ ...itemKeys.opd(o.id), ...kindKeys('opd', o.abbr), kind: 'opd', data: o })),
        ...data.people.map((p) => ({ ...itemKeys.person(p.id), ...kindKeys('person', `${p.name}#${p.id}`), kind: 'person', data: p })),
        // Their NIPs and emails are taken, as if they had been created through store/people.ts.
        ...data.people.flatMap(claimItemsOf),
        ...data.dimensions.map((d) => ({ ...itemKeys.dimension(d.id), ...kindKeys('dimension', d.id), kind: 'dimension', data: d })),
        ...data.holidayYears.map((y) => ({ ...itemKeys.holidayYear(y.year), ...kindKeys('calendar', String(y.year)), kind: 'calendar', data: y })),
      ]);
    },
  };
}

export type RosterStore = ReturnType<typeof createRosterStore>;
