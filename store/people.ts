/**
 * Changing the roster: people created and edited with one person per NIP and per email, and
 * every change kept with who made it, when, and the record before and after.
 *
 * dynalite has no transactions, so uniqueness is a claim item per value (`NIP#<nip>`,
 * `EMAIL#<email>`) naming its owner, taken with a conditional put before the person is written
 * and released after the person let go of the value. A claim left behind by a crash between
 * those writes names an owner who does not hold the value: the next claimant takes it over.
 * The person item carries a version; an edit is written only over the version it was made from.
 */
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Person } from '../domain/roles.js';
import { isConditionFailed, type Dynamo } from './client.js';
import { changeHistory, putNextVersion, putOnce } from './items.js';
import { itemKeys, tableIndexes } from './table.js';

/** Who changed the roster, and through which door. */
export interface RosterEditor {
  userId: string;
  name: string;
  via: 'api' | 'web' | 'import' | 'first-account' | 'opd-merge';
}

export interface PersonChange {
  personId: string;
  /** The version the change produced (1 = created). */
  version: number;
  at: string;
  by: RosterEditor;
  before: Person | null;
  after: Person;
}

/** A NIP or email another person holds. */
export class ValueTakenError extends Error {
  override name = 'ValueTakenError';
  constructor(
    readonly field: 'nip' | 'email',
    readonly holder: Person,
  ) {
    super(`${field} is held by ${holder.id}`);
  }
}

/** The person changed since the edit was made from it (or was never there). */
export class PersonVersionError extends Error {
  override name = 'PersonVersionError';
}

const claimKey = (field: 'nip' | 'email', value: string) => ({ pk: `${field === 'nip' ? 'NIP' : 'EMAIL'}#${value}`, sk: 'CLAIM' });
const kindIndex = tableIndexes.byKind;
const firstAccountKey = { pk: 'SETUP#first-account', sk: 'SETUP' };

/** The person item as the roster reads it (store/roster.ts lists `kind = person` by name). */
export function personItem(person: Person, version: number) {
  return {
    ...itemKeys.person(person.id),
    [kindIndex.partitionKey]: 'KIND#person',
    [kindIndex.sortKey]: `${person.name}#${person.id}`,
    kind: 'person',
    data: person,
    version,
  };
}

/** The claim items of a person written outside this store (the development seed). */
export function claimItemsOf(person: Person) {
  return [
    { ...claimKey('email', person.email.toLowerCase()), kind: 'claim', ownerId: person.id },
    ...(person.nip ? [{ ...claimKey('nip', person.nip), kind: 'claim', ownerId: person.id }] : []),
  ];
}

const valueOf = (person: Person, field: 'nip' | 'email') => (field === 'nip' ? person.nip : person.email.toLowerCase());

export function createPeopleStore(db: Dynamo) {
  const TableName = db.tableName;

  async function read(personId: string): Promise<{ person: Person; version: number } | null> {
    const out = await db.doc.send(new GetCommand({ TableName, Key: itemKeys.person(personId), ConsistentRead: true }));
    if (!out.Item) return null;
    return { person: out.Item['data'] as Person, version: (out.Item['version'] as number | undefined) ?? 0 };
  }

  async function holderOf(field: 'nip' | 'email', value: string): Promise<Person | null> {
    const out = await db.doc.send(new GetCommand({ TableName, Key: claimKey(field, value), ConsistentRead: true }));
    const ownerId = out.Item?.['ownerId'] as string | undefined;
    if (!ownerId) return null;
    const owner = await read(ownerId);
    return owner && valueOf(owner.person, field) === value ? owner.person : null;
  }

  /** Takes the value for `personId`, or throws ValueTakenError naming who holds it. */
  async function claim(field: 'nip' | 'email', value: string, personId: string): Promise<void> {
    const key = claimKey(field, value);
    try {
      await db.doc.send(
        new PutCommand({
          TableName,
          Item: { ...key, kind: 'claim', ownerId: personId },
          ConditionExpression: 'attribute_not_exists(pk) OR ownerId = :me',
          ExpressionAttributeValues: { ':me': personId },
        }),
      );
      return;
    } catch (e) {
      if (!isConditionFailed(e)) throw e;
    }
    const stored = await db.doc.send(new GetCommand({ TableName, Key: key, ConsistentRead: true }));
    const ownerId = stored.Item?.['ownerId'] as string;
    const owner = await read(ownerId);
    if (owner && valueOf(owner.person, field) === value) throw new ValueTakenError(field, owner.person);
    // Left behind by a change that did not finish: the owner does not hold the value.
    try {
      await db.doc.send(
        new PutCommand({
          TableName,
          Item: { ...key, kind: 'claim', ownerId: personId },
          ConditionExpression: 'ownerId = :stale',
          ExpressionAttributeValues: { ':stale': ownerId },
        }),
      );
    } catch (e) {
      if (!isConditionFailed(e)) throw e;
      // Someone else took it over first: ask again who holds it now.
      await claim(field, value, personId);
    }
  }

  async function release(field: 'nip' | 'email', value: string, personId: string): Promise<void> {
    try {
      await db.doc.send(
        new DeleteCommand({ TableName, Key: claimKey(field, value), ConditionExpression: 'ownerId = :me', ExpressionAttributeValues: { ':me': personId } }),
      );
    } catch (e) {
      if (!isConditionFailed(e)) throw e;
    }
  }

  /** Claims what `next` holds and `before` did not; on a refusal releases what it took. */
  async function claimNew(before: Person | null, next: Person): Promise<Array<['nip' | 'email', string]>> {
    const taken: Array<['nip' | 'email', string]> = [];
    try {
      for (const field of ['nip', 'email'] as const) {
        const value = valueOf(next, field);
        if (value === undefined || (before && valueOf(before, field) === value)) continue;
        await claim(field, value, next.id);
        taken.push([field, value]);
      }
    } catch (e) {
      for (const [field, value] of taken) await release(field, value, next.id);
      throw e;
    }
    return taken;
  }

  const changes = changeHistory<PersonChange>(db, 'person_change');
  const record = (change: PersonChange) => changes.record(itemKeys.person(change.personId).pk, change);

  return {
    /** The person and the version an edit must be made from. */
    read,

    /** Who holds a NIP or an email today, if anyone. */
    holderOf,

    /** Creates a person; ValueTakenError when the NIP or email is someone else's. */
    async create(person: Person, by: RosterEditor, now: Date): Promise<Person> {
      const stored = { ...person, email: person.email.toLowerCase() };
      const taken = await claimNew(null, stored);
      try {
        await db.doc.send(new PutCommand({ TableName, Item: personItem(stored, 1), ConditionExpression: 'attribute_not_exists(pk)' }));
      } catch (e) {
        for (const [field, value] of taken) await release(field, value, stored.id);
        if (isConditionFailed(e)) throw new PersonVersionError(`person ${stored.id} already exists`);
        throw e;
      }
      await record({ personId: stored.id, version: 1, at: now.toISOString(), by, before: null, after: stored });
      return stored;
    },

    /**
     * Replaces a person's record with `next`, made from `version`; PersonVersionError when it
     * changed meanwhile, ValueTakenError when a new NIP or email is someone else's.
     */
    async update(before: Person, version: number, next: Person, by: RosterEditor, now: Date): Promise<Person> {
      const stored = { ...next, email: next.email.toLowerCase() };
      const taken = await claimNew(before, stored);
      let put = false;
      try {
        // Records written before versions existed (the development seed) count as version 0.
        put = await putNextVersion(db, personItem(stored, version + 1), version);
      } finally {
        // A change not written frees the NIP and email it claimed.
        if (!put) for (const [field, value] of taken) await release(field, value, stored.id);
      }
      if (!put) throw new PersonVersionError(`person ${stored.id} changed meanwhile`);
      await record({ personId: stored.id, version: version + 1, at: now.toISOString(), by, before, after: stored });
      for (const field of ['nip', 'email'] as const) {
        const old = valueOf(before, field);
        if (old !== undefined && old !== valueOf(stored, field)) await release(field, old, stored.id);
      }
      return stored;
    },

    /** Every change of one person, oldest first. */
    history: (personId: string): Promise<PersonChange[]> => changes.list(itemKeys.person(personId).pk),

    /**
     * Marks the one-time creation of the first account; false when it was done before. Kept
     * apart from the people so emptying the roster later does not reopen it.
     */
    async markFirstAccount(personId: string, now: Date): Promise<boolean> {
      return putOnce(db, { ...firstAccountKey, kind: 'setup', personId, at: now.toISOString() });
    },

    /** The first account's marker: whom it was made for and when, or null before. */
    async firstAccount(): Promise<{ personId: string; at: string } | null> {
      const out = await db.doc.send(new GetCommand({ TableName, Key: firstAccountKey, ConsistentRead: true }));
      return out.Item ? { personId: out.Item['personId'] as string, at: out.Item['at'] as string } : null;
    },
  };
}

export type PeopleStore = ReturnType<typeof createPeopleStore>;
