/**
 * The roster kept by the secretariat (docs/product.md §10) through the API of the whole stack:
 * people created and changed with one person per NIP and email, every change in the person's
 * history, the secretariat alone allowed, and a personnel spreadsheet imported line by line.
 */
import { randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { as, call, sessionFor, type ApiResponse, type Json } from '../support/api.js';
import type { Problem } from '../support/types.js';

const secretariat = 'sekretariat-1';

let nipsMade = 0;
/** A well-formed NIP nobody else in this run has (the stack is fresh): born 1985-04-12, CPNS since 2010-03, male. */
function freshNip(): string {
  nipsMade += 1;
  return `198504122010031${String(nipsMade).padStart(3, '0')}`;
}

const freshEmail = () => `orang.${randomInt(1e9)}@solselkab.example`;

function newPerson(overrides: Json = {}): Json {
  return {
    nip: freshNip(),
    name: 'Yusuf Hamdani, S.T.',
    title: 'Analis Sistem Informasi',
    email: freshEmail(),
    opdId: 'diskominfo',
    roles: ['opd_staff'],
    ...overrides,
  };
}

interface PersonBody {
  id: string;
  nip: string;
  name: string;
  email: string;
  opdId: string | null;
  roles: string[];
  active: boolean;
  version: number;
  history: { version: number; by: { userId: string }; before: Json | null; after: Json }[];
}

interface ImportBody {
  written: boolean;
  added: number;
  changed: number;
  unchanged: number;
  refused: number;
  lines: { line: number; outcome: string; personId?: string; changes?: string[]; problems?: { column: string; message: string }[] }[];
  errors?: { path: string; message: string }[];
}

const pathsOf = (res: ApiResponse<Problem>) => (res.body.errors ?? []).map((e) => e.path);

async function create(body: Json): Promise<PersonBody> {
  const res = await as<PersonBody>(secretariat, 'POST', '/v1/people', { json: body });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

const importCsv = (csv: string, query = '') =>
  as<ImportBody>(secretariat, 'POST', `/v1/people/import${query}`, { rawBody: csv, headers: { 'content-type': 'text/csv; charset=utf-8' } });

describe('people', () => {
  it('the secretariat creates a person, who is listed and readable with their history', async () => {
    const created = await create(newPerson({ name: 'Rahmi Fitria, S.Kom.' }));
    expect(created.active).toBe(true);

    const listed = await as<{ items: PersonBody[] }>(secretariat, 'GET', `/v1/people?q=${encodeURIComponent('rahmi fitria')}`);
    expect(listed.body.items.map((p) => p.id)).toEqual([created.id]);

    const read = await as<PersonBody>(secretariat, 'GET', `/v1/people/${created.id}`);
    expect(read.body.history).toHaveLength(1);
    expect(read.body.history[0]).toMatchObject({ version: 1, by: { userId: secretariat }, before: null, after: { nip: created.nip } });
  });

  it('a change is kept with who made it and the record before and after', async () => {
    const created = await create(newPerson());
    const changed = await as<PersonBody & { changed: string[] }>(secretariat, 'PATCH', `/v1/people/${created.id}`, {
      json: { title: 'Kepala Seksi Persandian', opdId: 'dinkes' },
    });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body.changed).toEqual(['title', 'opdId']);

    const read = await as<PersonBody>(secretariat, 'GET', `/v1/people/${created.id}`);
    expect(read.body.version).toBe(2);
    expect(read.body.history[1]).toMatchObject({
      version: 2,
      by: { userId: secretariat },
      before: { title: 'Analis Sistem Informasi', opdId: 'diskominfo' },
      after: { title: 'Kepala Seksi Persandian', opdId: 'dinkes' },
    });
  });

  it('one person per NIP and per email: a second is a 409 naming the field, and nothing is written', async () => {
    const first = await create(newPerson());
    const sameNip = await as<Problem>(secretariat, 'POST', '/v1/people', { json: newPerson({ nip: first.nip }) });
    expect(sameNip.status).toBe(409);
    expect(pathsOf(sameNip)).toEqual(['nip']);

    const sameEmail = await as<Problem>(secretariat, 'POST', '/v1/people', { json: newPerson({ email: first.email.toUpperCase() }) });
    expect(sameEmail.status).toBe(409);
    expect(pathsOf(sameEmail)).toEqual(['email']);

    // A seeded person's address is taken too.
    const seeded = await as<Problem>(secretariat, 'POST', '/v1/people', { json: newPerson({ email: 'kadis.dinkes@solselkab.example' }) });
    expect(seeded.status).toBe(409);

    const second = await create(newPerson());
    const takeOver = await as<Problem>(secretariat, 'PATCH', `/v1/people/${second.id}`, { json: { email: first.email } });
    expect(takeOver.status).toBe(409);
    expect((await as<PersonBody>(secretariat, 'GET', `/v1/people/${second.id}`)).body.email).toBe(second.email);
  });

  it('a NIP given up by one person can be taken by another', async () => {
    const first = await create(newPerson());
    const replacement = freshNip();
    expect((await as(secretariat, 'PATCH', `/v1/people/${first.id}`, { json: { nip: replacement } })).status).toBe(200);
    const second = await create(newPerson({ nip: first.nip }));
    expect(second.nip).toBe(first.nip);
  });

  it('a bad person is a 400 naming each field: NIP structure, email, roles, OPD', async () => {
    const res = await as<Problem>(secretariat, 'POST', '/v1/people', {
      json: newPerson({ nip: '198504122010033001', email: 'bukan-surel', roles: ['raja'], name: '' }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(pathsOf(res)).toEqual(expect.arrayContaining(['nip', 'email', 'roles.0', 'name']));

    const opd = await as<Problem>(secretariat, 'POST', '/v1/people', { json: newPerson({ opdId: 'dinas-antariksa' }) });
    expect(opd.status).toBe(400);
    expect(pathsOf(opd)).toEqual(['opdId']);
  });

  it('only the secretariat reads or changes the roster', async () => {
    expect((await as('kadis-kesehatan', 'GET', '/v1/people')).status).toBe(403);
    expect((await as('kadis-kesehatan', 'POST', '/v1/people', { json: newPerson() })).status).toBe(403);
    expect((await call('GET', '/v1/people')).status).toBe(401);
  });

  it('a person made inactive can no longer use the API', async () => {
    const created = await create(newPerson({ roles: ['viewer'] }));
    const token = await sessionFor(created.id);
    expect((await as(secretariat, 'PATCH', `/v1/people/${created.id}`, { json: { active: false } })).status).toBe(200);
    expect((await call('GET', '/v1/programs', { token })).status).toBe(401);
  });
});

describe('importing a personnel spreadsheet', () => {
  const header = 'nip,nama,jabatan,surel,opd,peran';

  it('adds, changes and leaves alone, line by line, and a repeat changes nothing', async () => {
    const existing = await create(newPerson());
    const nip = freshNip();
    const email = freshEmail();
    const csv = [
      header,
      `${nip},"Siti Aminah, S.E.",Analis Keuangan,${email},Dinkes,opd_staff`,
      `${existing.nip},Yusuf Hamdani,Kepala Bidang E-Government,${existing.email},diskominfo,opd_staff;viewer`,
    ].join('\n');

    const first = await importCsv(csv);
    expect(first.status, first.text).toBe(200);
    expect(first.body).toMatchObject({ written: true, added: 1, changed: 1, refused: 0 });
    expect(first.body.lines[1]).toMatchObject({ line: 3, outcome: 'changed', changes: ['name', 'title', 'roles'] });
    const addedId = first.body.lines[0]!.personId!;
    expect((await as<PersonBody>(secretariat, 'GET', `/v1/people/${addedId}`)).body).toMatchObject({ nip, opdId: 'dinkes', email });

    const again = await importCsv(csv);
    expect(again.body).toMatchObject({ added: 0, changed: 0, unchanged: 2 });
  });

  it('a half-bad file writes nothing and names each refused line and column', async () => {
    const goodNip = freshNip();
    const csv = [
      header,
      `${goodNip},Budi Santoso,Pranata Komputer,${freshEmail()},diskominfo,opd_staff`,
      `12345,Tanpa NIP,Staf,${freshEmail()},diskominfo,opd_staff`,
      `${freshNip()},OPD Keliru,Staf,${freshEmail()},dinas-antariksa,opd_staff`,
      `${goodNip},NIP Ganda,Staf,${freshEmail()},diskominfo,opd_staff`,
      `${freshNip()},Peran Keliru,Staf,${freshEmail()},diskominfo,raja`,
    ].join('\n');

    const res = await importCsv(csv);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ written: false, added: 1, refused: 4 });
    expect(res.body.errors!.map((e) => e.path)).toEqual(['baris 3: nip', 'baris 4: opd', 'baris 5: nip', 'baris 6: peran']);
    const listed = await as<{ items: PersonBody[] }>(secretariat, 'GET', `/v1/people?q=${goodNip}`);
    expect(listed.body.items).toEqual([]);
  });

  it('?partial=1 writes the good lines of a half-bad file; ?dryRun=1 writes nothing', async () => {
    const good = freshNip();
    const csv = [header, `${good},Dina Marlina,Staf,${freshEmail()},bappeda,opd_staff`, `${freshNip()},Surel Keliru,Staf,bukan-surel,bappeda,opd_staff`].join(
      '\n',
    );

    const dry = await importCsv(csv, '?dryRun=1');
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ written: false, added: 1, refused: 1 });
    expect(dry.body.lines[1]!.problems).toEqual([{ column: 'surel', message: expect.any(String) as string }]);
    expect((await as<{ items: unknown[] }>(secretariat, 'GET', `/v1/people?q=${good}`)).body.items).toEqual([]);

    const partial = await importCsv(csv, '?partial=1');
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({ written: true, added: 1, refused: 1 });
    expect((await as<{ items: unknown[] }>(secretariat, 'GET', `/v1/people?q=${good}`)).body.items).toHaveLength(1);
  });

  it('a file that is not the roster CSV is a 4xx saying why', async () => {
    const wrongHeader = await importCsv('nama,nip\nBudi,1');
    expect(wrongHeader.status).toBe(400);
    expect(pathsOf(wrongHeader as unknown as ApiResponse<Problem>)).toEqual(['baris 1']);

    const unterminated = await importCsv(`${header}\n"${freshNip()},Budi`);
    expect(unterminated.status).toBe(400);

    const json = await as(secretariat, 'POST', '/v1/people/import', { json: { nip: '1' } });
    expect(json.status).toBe(415);
  });
});
