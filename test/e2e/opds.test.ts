/**
 * The OPDs and the signing policy kept by the secretariat against the real stack (docs/product.md
 * §10): an OPD added and renamed over the version read, a bad one refused with nothing stored, and
 * a merge in the middle of signing: the merged OPD's people move, and the signature its head owed
 * goes to the head of the OPD it was merged into. A change of the signing policy applies to the
 * next commitment, not to one being signed.
 */
import { describe, expect, it } from 'vitest';
import { as, openLink, type Json } from '../support/api.js';
import { linkIn, waitForMail } from '../support/mailbox.js';
import { uniqueTitle } from '../support/proposal.js';
import { firstSigningSeq, setSigningPolicy, signatures, toSigning } from '../support/signing.js';
import { eventually } from '../support/wait.js';

interface OpdView {
  id: string;
  name: string;
  abbr: string;
  active: boolean;
  mergedInto: string | null;
  mergedOn: string | null;
  version: number;
}

interface Created {
  id: string;
  email: string;
}

async function addOpd(id: string, name: string, abbr: string): Promise<OpdView> {
  const res = await as<OpdView>('sekretariat-1', 'POST', '/v1/opds', { json: { id, name, abbr } });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

async function addHead(nip: string, name: string, opdId: string): Promise<Created> {
  const res = await as<Created>('sekretariat-1', 'POST', '/v1/people', {
    json: { nip, name, title: 'Kepala Dinas', email: `${nip}@solselkab.example`, opdId, roles: ['opd_head'] } satisfies Json,
  });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

const opd = async (id: string) => as<OpdView>('sekretariat-1', 'GET', `/v1/opds/${id}`);

const signRequest = (programId: string, who: Created, rerouted: boolean) =>
  waitForMail({
    to: who.email,
    messageId: new RegExp(`alur\\.${programId}\\.${firstSigningSeq}\\.signing\\.${rerouted ? 'reroute-\\d+\\.' : ''}opd_head\\.${who.id}@`),
  });

describe('OPDs kept by the secretariat', () => {
  it('adds an OPD that people can then be given', async () => {
    const added = await addOpd('dinas-pangan', 'Dinas Pangan', 'Dispangan');

    expect(added).toMatchObject({ active: true, mergedInto: null, version: 1 });
    expect((await as<{ items: OpdView[] }>('pemantau', 'GET', '/v1/opds')).body.items.map((o) => o.id)).toContain('dinas-pangan');
    await addHead('198304172010031001', 'Ir. Zulkarnain', 'dinas-pangan');
  });

  it('refuses an OPD without a formal name, or with an abbreviation another has, and stores nothing', async () => {
    const informal = await as('sekretariat-1', 'POST', '/v1/opds', { json: { id: 'pangan', name: 'Urusan Pangan', abbr: 'Pangan' } });
    const clash = await as<{ errors: { path: string }[] }>('sekretariat-1', 'POST', '/v1/opds', {
      json: { id: 'dinkes-2', name: 'Dinas Kesehatan Hewan', abbr: 'dinkes' },
    });

    expect(informal.status).toBe(400);
    expect(clash.status).toBe(422);
    expect(clash.body.errors.map((e) => e.path)).toEqual(['abbr']);
    expect((await opd('pangan')).status).toBe(404);
    expect((await opd('dinkes-2')).status).toBe(404);
  });

  it('lets only the secretariat add an OPD', async () => {
    const res = await as('kadis-kesehatan', 'POST', '/v1/opds', { json: { id: 'dinas-hewan', name: 'Dinas Peternakan', abbr: 'Disnak' } });

    expect(res.status).toBe(403);
    expect((await opd('dinas-hewan')).status).toBe(404);
  });

  it('renames over the version read, and refuses a rename made from an older one', async () => {
    const read = (await opd('dinas-pangan')).body;
    const first = await as('sekretariat-1', 'PATCH', '/v1/opds/dinas-pangan', { json: { version: read.version, name: 'Dinas Pangan dan Perikanan' } });
    const stale = await as('sekretariat-1', 'PATCH', '/v1/opds/dinas-pangan', { json: { version: read.version, abbr: 'Dispan' } });

    expect(first.status, first.text).toBe(200);
    expect(stale.status).toBe(409);
    expect((await opd('dinas-pangan')).body).toMatchObject({ name: 'Dinas Pangan dan Perikanan', abbr: 'Dispangan', version: read.version + 1 });
  });

  it('keeps every change with who, when, before and after', async () => {
    const res = await as<{ items: { version: number; by: { name: string }; before: { name: string } | null; after: { name: string } }[] }>(
      'sekretariat-1',
      'GET',
      '/v1/opds/dinas-pangan/changes',
    );

    expect(res.body.items.map((c) => [c.version, c.by.name, c.before?.name ?? null, c.after.name])).toEqual([
      [1, 'Nurhayati, S.Sos.', null, 'Dinas Pangan'],
      [2, 'Nurhayati, S.Sos.', 'Dinas Pangan', 'Dinas Pangan dan Perikanan'],
    ]);
  });
});

describe('an OPD merged while its programme waits for its head to sign', () => {
  it("moves its people and routes the head's signature to the head of the OPD it was merged into", async () => {
    await addOpd('dinas-perikanan', 'Dinas Perikanan', 'Diskan');
    const oldHead = await addHead('197909052005011002', 'Drs. Asrul Sani', 'dinas-perikanan');
    const newHead = (await as<{ items: { id: string; email: string }[] }>('sekretariat-1', 'GET', '/v1/people?opdId=dinas-pangan')).body.items[0]!;
    const { id } = await toSigning(oldHead.id, { opdId: 'dinas-perikanan', title: uniqueTitle('Sistem informasi tangkapan ikan') });
    const oldLink = linkIn(await signRequest(id, oldHead, false));
    const version = (await opd('dinas-perikanan')).body.version;

    const merged = await as<{ opd: OpdView; moved: string[] }>('sekretariat-1', 'POST', '/v1/opds/dinas-perikanan/merge', {
      json: { into: 'dinas-pangan', version },
    });

    expect(merged.status, merged.text).toBe(200);
    expect(merged.body.opd).toMatchObject({ active: false, mergedInto: 'dinas-pangan' });
    expect(merged.body.moved).toEqual([oldHead.id]);
    const moved = await as<{ opdId: string; roles: string[]; history: { by: { via: string } }[] }>('sekretariat-1', 'GET', `/v1/people/${oldHead.id}`);
    expect(moved.body).toMatchObject({ opdId: 'dinas-pangan', roles: ['opd_staff'] });
    expect(moved.body.history.at(-1)?.by.via).toBe('opd-merge');
    await eventually('the OPD head seat routed to the head of the OPD it was merged into', async () => {
      const signers = (await signatures(id)).missing.find((m) => m.office === 'opd_head')?.signers.map((s) => s.signer.userId);
      return signers?.length === 1 && signers[0] === newHead.id ? true : undefined;
    });
    const newLink = linkIn(await signRequest(id, newHead, true));
    expect((await openLink(newLink, { json: true })).status).toBe(200);
    expect((await openLink(oldLink, { json: true })).status).toBe(410);
  });

  it('can no longer be chosen for a person', async () => {
    const res = await as('sekretariat-1', 'POST', '/v1/people', {
      json: {
        nip: '198511232012122003',
        name: 'Rina Wati',
        title: 'Analis',
        email: 'rina.wati@solselkab.example',
        opdId: 'dinas-perikanan',
        roles: ['opd_staff'],
      },
    });

    expect(res.status).toBe(400);
  });

  it('refuses a rename of the merged OPD', async () => {
    const read = (await opd('dinas-perikanan')).body;

    expect((await as('sekretariat-1', 'PATCH', '/v1/opds/dinas-perikanan', { json: { version: read.version, abbr: 'Dinas Ikan' } })).status).toBe(409);
  });
});

describe('the signing policy', () => {
  it('refuses a change made from an older version, and keeps the policy', async () => {
    const read = (await as<{ version: number; default: string[] }>('sekretariat-1', 'GET', '/v1/signing-policy')).body;
    const res = await as('sekretariat-1', 'PUT', '/v1/signing-policy', { json: { version: read.version + 1, default: ['bupati'] } });

    expect(res.status).toBe(409);
    expect((await as('sekretariat-1', 'GET', '/v1/signing-policy')).body).toEqual(read);
  });

  it('applies a change to the next commitment, not to the one being signed', async () => {
    const running = await toSigning('kadis-kesehatan', { title: uniqueTitle('Rekam medis elektronik') });
    const before = await setSigningPolicy({ default: ['bupati', 'sekda', 'opd_head'] });
    try {
      const next = await toSigning('kadis-kesehatan', { title: uniqueTitle('Antrean daring puskesmas') });

      expect((await signatures(running.id)).required).toEqual(before.default);
      expect((await signatures(next.id)).required).toEqual(['bupati', 'sekda', 'opd_head']);
    } finally {
      await setSigningPolicy(before);
    }
  });

  it('keeps every change with who made it', async () => {
    const res = await as<{ items: { by: { name: string; via: string } }[] }>('pemantau', 'GET', '/v1/signing-policy/changes');

    expect(res.body.items.length).toBeGreaterThanOrEqual(2);
    expect(res.body.items.at(-1)?.by).toMatchObject({ name: 'Nurhayati, S.Sos.', via: 'api' });
  });
});
