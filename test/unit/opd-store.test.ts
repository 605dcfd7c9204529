/**
 * The OPD store against a real dynalite, started in-process: an OPD added once per code, changed
 * only over the version it was read at, every change kept, and a re-seed that leaves what the
 * secretariat changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite, type Dynalite } from '../../dev/dynalite.js';
import type { Opd } from '../../domain/roles.js';
import { connectDynamo, ensureTable, type Dynamo } from '../../store/client.js';
import { createOpdStore, OpdVersionError, type OpdStore } from '../../store/opds.js';
import { createRosterStore, type RosterStore } from '../../store/roster.js';

let dynalite: Dynalite;
let db: Dynamo;
let opds: OpdStore;
let roster: RosterStore;

const bappeda: Opd = { id: 'bappeda', abbr: 'Bappeda', name: 'Badan Perencanaan Pembangunan Daerah' };
const secretariat = { userId: 'sekretariat-1', name: 'Nurhayati', via: 'api' as const };
const seed = (list: Opd[]) => roster.seed({ opds: list, people: [], dimensions: [], holidayYears: [] });

beforeAll(async () => {
  dynalite = await startDynalite({ port: 0 });
  db = connectDynamo({ endpoint: dynalite.endpoint, region: 'ap-southeast-3', tableName: 'alur-opd-test' });
  await ensureTable(db);
  opds = createOpdStore(db);
  roster = createRosterStore(db);
  await seed([bappeda]);
});

afterAll(async () => {
  db?.client.destroy();
  await dynalite?.stop();
});

describe('the OPD store', () => {
  it('reads a seeded OPD as version 0', async () => {
    expect(await opds.read('bappeda')).toEqual({ opd: bappeda, version: 0 });
  });

  it('changes an OPD over the version read and keeps the change', async () => {
    const renamed = { ...bappeda, name: 'Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah' };

    const change = await opds.update(bappeda, 0, renamed, secretariat, new Date('2026-12-03T03:00:00Z'));

    expect(change).toMatchObject({ version: 1, before: bappeda, after: renamed, by: secretariat });
    expect(await opds.read('bappeda')).toEqual({ opd: renamed, version: 1 });
    expect((await opds.history('bappeda')).map((c) => c.version)).toEqual([1]);
  });

  it('refuses a change made from a version read before another change', async () => {
    await expect(opds.update(bappeda, 0, { ...bappeda, abbr: 'Bapperida' }, secretariat, new Date())).rejects.toBeInstanceOf(OpdVersionError);
    expect((await opds.read('bappeda'))?.opd.abbr).toBe('Bappeda');
  });

  it('leaves a changed OPD as it is when the reference data is seeded again', async () => {
    await seed([bappeda]);

    expect((await opds.read('bappeda'))?.opd.name).toBe('Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah');
    expect((await roster.listOpds()).map((o) => o.name)).toEqual(['Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah']);
  });

  it('adds an OPD only when its code is new', async () => {
    const dispangan: Opd = { id: 'dinas-pangan', abbr: 'Dispangan', name: 'Dinas Pangan' };
    await opds.create(dispangan, secretariat, new Date());

    await expect(opds.create({ ...dispangan, name: 'Dinas Pangan Lain' }, secretariat, new Date())).rejects.toBeInstanceOf(OpdVersionError);
    expect((await opds.read('dinas-pangan'))?.opd.name).toBe('Dinas Pangan');
  });
});
