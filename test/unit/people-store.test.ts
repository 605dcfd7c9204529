/**
 * The roster's writes against a real dynalite: a NIP or email held by one person is refused to
 * another, a claim left behind by an unfinished change is taken over, an edit made from an old
 * version is refused, and the first account's marker is written once.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite, type Dynalite } from '../../dev/dynalite.js';
import type { Person } from '../../domain/roles.js';
import { connectDynamo, ensureTable, type Dynamo } from '../../store/client.js';
import { createPeopleStore, PersonVersionError, ValueTakenError, type PeopleStore } from '../../store/people.js';

let dynalite: Dynalite;
let db: Dynamo;
let people: PeopleStore;

beforeAll(async () => {
  dynalite = await startDynalite({ port: 0 });
  db = connectDynamo({ endpoint: dynalite.endpoint, region: 'ap-southeast-3', tableName: 'alur-people-store-test' });
  await ensureTable(db);
  people = createPeopleStore(db);
});

afterAll(async () => {
  db?.client.destroy();
  await dynalite?.stop();
});

const now = new Date('2026-12-03T01:00:00Z');
const by = { userId: 'sekretariat-1', name: 'Nurhayati', via: 'api' as const };

function person(id: string, nip: string, email: string): Person {
  return { id, nip, name: `Orang ${id}`, title: 'Staf', email, opdId: 'dinkes', roles: ['opd_staff'] };
}

describe('the people store', () => {
  it('refuses a NIP another person holds, and leaves no claim of the refused person behind', async () => {
    await people.create(person('a1', '198504122010031001', 'a1@x.example'), by, now);
    await expect(people.create(person('a2', '198504122010031001', 'a2@x.example'), by, now)).rejects.toBeInstanceOf(ValueTakenError);
    // a2's email claim was released: a third person may take that address.
    await expect(people.create(person('a3', '198504122010031003', 'a2@x.example'), by, now)).resolves.toMatchObject({ id: 'a3' });
  });

  it('takes over a claim whose owner does not hold the value (a change that did not finish)', async () => {
    await db.doc.send(new PutCommand({ TableName: db.tableName, Item: { pk: 'EMAIL#left@x.example', sk: 'CLAIM', kind: 'claim', ownerId: 'nobody' } }));
    await expect(people.create(person('b1', '198504122010031004', 'left@x.example'), by, now)).resolves.toMatchObject({ id: 'b1' });
    expect(await people.holderOf('email', 'left@x.example')).toMatchObject({ id: 'b1' });
  });

  it('refuses an edit made from an older version', async () => {
    const created = await people.create(person('c1', '198504122010031005', 'c1@x.example'), by, now);
    await people.update(created, 1, { ...created, title: 'Kepala Seksi' }, by, now);
    await expect(people.update(created, 1, { ...created, title: 'Analis' }, by, now)).rejects.toBeInstanceOf(PersonVersionError);
    expect((await people.read('c1'))?.person.title).toBe('Kepala Seksi');
    expect((await people.history('c1')).map((ch) => ch.after.title)).toEqual(['Staf', 'Kepala Seksi']);
  });

  it('writes the first account marker once', async () => {
    expect(await people.markFirstAccount('d1', now)).toBe(true);
    expect(await people.markFirstAccount('d2', now)).toBe(false);
    expect(await people.firstAccount()).toEqual({ personId: 'd1', at: now.toISOString() });
  });
});
