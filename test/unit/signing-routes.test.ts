/**
 * The delegation and commitment routes over HTTP (Hono's in-process fetch), against a real
 * dynalite started in-process. These paths only send the fire-and-forget `rosterChanged`
 * signal to Temporal: a recording stand-in checks which workflows are told. The signing
 * routes themselves (Query + Update) are exercised end to end in the e2e tier.
 */
import type { Client } from '@temporalio/client';
import { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuth } from '../../api/auth.js';
import type { AppDeps } from '../../api/context.js';
import { problemResponse, toProblem } from '../../api/problem.js';
import { commitmentRoutes, delegationRoutes } from '../../api/routes/signing.js';
import { devPeople } from '../../data/reference-data.js';
import { startDynalite, type Dynalite } from '../../dev/dynalite.js';
import { addDays, wibDate } from '../../domain/calendar.js';
import type { ProgramRecord } from '../../domain/program.js';
import { commitmentNotice, type CommitmentRecord } from '../../domain/signing.js';
import { createStore, type Store } from '../../store/index.js';
import { commitmentHashOf } from '../../store/signing.js';
import { workflowIdOf } from '../../workflows/messages.js';
import { pdfQrCodes, pdfText } from '../support/pdf.js';
import { validProposal } from '../support/proposal.js';

const secret = 'signing-routes-test-secret-0123456789abcdef';
const base = 'https://alur.example.go.id';

let dynalite: Dynalite;
let store: Store;
let app: Hono;
const signalled: string[] = [];
const tokens = new Map<string, string>();

const temporal = {
  workflow: {
    getHandle: (workflowId: string) => ({
      signal: (def: { name: string }) => {
        signalled.push(`${workflowId}:${def.name}`);
        return Promise.resolve();
      },
    }),
  },
} as unknown as Client;

function program(id: string, stage: ProgramRecord['stage']): ProgramRecord {
  const at = '2026-12-01T02:00:00.000Z';
  return {
    id,
    workflowId: workflowIdOf(id),
    proposal: validProposal(),
    proposalVersion: 1,
    proposer: { userId: 'kadis-kesehatan', name: 'dr. Novi', title: 'Kepala Dinas Kesehatan' },
    requestHash: 'x',
    stage,
    stageSeq: 3,
    stageOpenedAt: at,
    awaiting: [],
    dueAt: null,
    dueDate: null,
    eventSeq: 3,
    createdAt: at,
    updatedAt: at,
  };
}

beforeAll(async () => {
  dynalite = await startDynalite({ port: 0 });
  store = createStore({ endpoint: dynalite.endpoint, region: 'ap-southeast-3', tableName: 'alur-signing-routes' });
  await store.ensureTable();
  await store.roster.seed({ opds: [], dimensions: [], holidayYears: [], people: devPeople });
  await store.programs.createProgram(program('aaaaaaaaaaaaaaaaaaa1', 'signing'));
  await store.programs.createProgram(program('aaaaaaaaaaaaaaaaaaa2', 'signing'));
  await store.programs.createProgram(program('aaaaaaaaaaaaaaaaaaa3', 'implementation'));
  const auth = createAuth({ jwtSecret: secret, jwksUrl: undefined }, (id) => store.roster.getPerson(id));
  for (const id of ['sekretariat-1', 'sekda', 'wabup', 'pemantau']) tokens.set(id, await auth.issueDevToken(id));
  const deps: AppDeps = {
    store,
    temporal,
    taskQueue: 'alur',
    publicBaseUrl: base,
    auth,
    devLogin: false,
    checks: { temporal: () => Promise.resolve(), dynamodb: () => Promise.resolve(), smtp: () => Promise.resolve() },
  };
  app = new Hono();
  app.route('/v1/delegations', delegationRoutes(deps)).route('/v1/commitments', commitmentRoutes(deps));
  app.onError((err, c) => problemResponse(c, toProblem(err)));
});

afterAll(async () => {
  store?.close();
  await dynalite?.stop();
});

beforeEach(() => {
  signalled.length = 0;
});

async function call(method: string, path: string, opts: { as?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.as) headers['authorization'] = `Bearer ${tokens.get(opts.as)}`;
  if (opts.body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await app.request(path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : text,
    headers: res.headers,
  };
}

/** The WIB date `days` from today. */
const inDays = (days: number) => addDays(wibDate(new Date()), days);

const plh = {
  officialId: 'sekda',
  delegateId: 'kepala-bappeda',
  kind: 'plh',
  from: inDays(4),
  until: inDays(8),
  basis: 'SK Bupati Solok Selatan Nomor 800/123/BKPSDM-2026',
};

describe('delegations', () => {
  it('need a bearer token', async () => {
    expect((await call('GET', '/v1/delegations')).status).toBe(401);
  });

  it('are created by the secretariat only, and every programme being signed is told', async () => {
    expect((await call('POST', '/v1/delegations', { as: 'sekda', body: plh })).status).toBe(403);
    expect(signalled).toEqual([]);

    const created = await call('POST', '/v1/delegations', { as: 'sekretariat-1', body: plh });
    expect(created.status).toBe(201);
    const d = created.body as Record<string, unknown>;
    expect(d).toMatchObject({ ...plh, exclusive: false, revokedAt: null });
    expect(d['id']).toMatch(/^[0-9a-f]{32}$/);
    expect(created.headers.get('location')).toBe(`/v1/delegations/${String(d['id'])}`);
    expect(signalled.sort()).toEqual([`${workflowIdOf('aaaaaaaaaaaaaaaaaaa1')}:rosterChanged`, `${workflowIdOf('aaaaaaaaaaaaaaaaaaa2')}:rosterChanged`]);

    const list = await call('GET', '/v1/delegations', { as: 'pemantau' });
    expect(list.status).toBe(200);
    expect((list.body as { items: { id: string }[] }).items.map((x) => x.id)).toContain(d['id']);
  });

  it('refuse an overlapping delegation for the same official with 409', async () => {
    const res = await call('POST', '/v1/delegations', {
      as: 'sekretariat-1',
      body: { ...plh, delegateId: 'kadis-kominfo', from: inDays(7), until: inDays(17) },
    });
    expect(res.status).toBe(409);
    expect(signalled).toEqual([]);
  });

  it.each([
    ['officialId', { ...plh, officialId: 'nobody' }],
    ['delegateId', { ...plh, delegateId: 'nobody' }],
    ['delegateId', { ...plh, delegateId: 'sekda' }],
    ['until', { ...plh, from: inDays(9), until: inDays(8) }],
    ['from', { ...plh, from: '2026-02-30' }],
    ['basis', { ...plh, basis: 'SK 1\r\nBcc: x@example.com' }],
    ['basis', { ...plh, basis: '   ' }],
    ['basis', { ...plh, basis: 'x'.repeat(301) }],
    ['kind', { ...plh, kind: 'acting' }],
    ['from', { ...plh, from: inDays(-1) }],
    ['until', { ...plh, until: inDays(4 + 92) }],
    ['delegateId', { ...plh, officialId: 'bupati', delegateId: 'kepala-bappeda' }],
    ['delegateId', { ...plh, officialId: 'kadis-kominfo', delegateId: 'staf-kesehatan' }],
    ['delegateId', { ...plh, officialId: 'pemantau', delegateId: 'kepala-bappeda' }],
  ])('answer 400 naming %s for a bad body', async (field, body) => {
    const res = await call('POST', '/v1/delegations', { as: 'sekretariat-1', body });
    expect(res.status).toBe(400);
    expect(res.type).toContain('application/problem+json');
    expect((res.body as { errors: { path: string }[] }).errors.map((e) => e.path)).toContain(field);
  });

  it('never appoint the person who records them, eligible or not', async () => {
    const res = await call('POST', '/v1/delegations', { as: 'sekretariat-1', body: { ...plh, officialId: 'wabup', delegateId: 'sekretariat-1' } });

    expect(res.status).toBe(400);
    expect((res.body as { errors: { message: string }[] }).errors.map((e) => e.message)).toContain('nobody may appoint themselves acting official');
  });

  it('name every problem of the people in one answer', async () => {
    const res = await call('POST', '/v1/delegations', { as: 'sekretariat-1', body: { ...plh, officialId: 'nobody', delegateId: 'sekretariat-1' } });

    expect((res.body as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual(['delegateId', 'officialId']);
  });

  it('are exclusive only once a second person confirms, and say who recorded and confirmed them', async () => {
    const asked = { ...plh, officialId: 'wabup', delegateId: 'kadis-kominfo', exclusive: true };
    const created = await call('POST', '/v1/delegations', { as: 'sekretariat-1', body: asked });
    expect(created.status).toBe(201);
    const d = created.body as Record<string, unknown>;
    expect(d).toMatchObject({ exclusive: false, exclusiveRequested: true, createdBy: { userId: 'sekretariat-1' } });
    const confirm = `/v1/delegations/${String(d['id'])}/exclusive-confirmation`;

    expect((await call('POST', confirm, { as: 'sekretariat-1', body: {} })).status).toBe(403);
    expect((await call('POST', confirm, { as: 'pemantau', body: {} })).status).toBe(403);
    const confirmed = await call('POST', confirm, { as: 'wabup', body: {} });

    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ exclusive: true, exclusiveConfirmedBy: { userId: 'wabup' } });
    expect((confirmed.body as { history: { type: string; by: { userId: string } }[] }).history.map((h) => [h.type, h.by.userId])).toEqual([
      ['created', 'sekretariat-1'],
      ['exclusive_confirmed', 'wabup'],
    ]);
    expect((await call('POST', confirm, { as: 'wabup', body: {} })).status).toBe(409);
    await call('DELETE', `/v1/delegations/${String(d['id'])}`, { as: 'sekretariat-1' });
  });

  it('take JSON only', async () => {
    const res = await call('POST', '/v1/delegations', { as: 'sekretariat-1', body: plh, headers: { 'content-type': 'text/plain' } });
    expect(res.status).toBe(415);
  });

  it('are revoked once: 404 unknown, 409 the second time, and programmes being signed are told', async () => {
    const created = await call('POST', '/v1/delegations', {
      as: 'sekretariat-1',
      body: { ...plh, officialId: 'bupati', delegateId: 'wabup', kind: 'plt', exclusive: true },
    });
    expect(created.status).toBe(201);
    const id = String((created.body as Record<string, unknown>)['id']);
    signalled.length = 0;

    expect((await call('DELETE', `/v1/delegations/${id}`, { as: 'sekda' })).status).toBe(403);
    expect((await call('DELETE', `/v1/delegations/${'0'.repeat(32)}`, { as: 'sekretariat-1' })).status).toBe(404);
    expect((await call('DELETE', '/v1/delegations/not-an-id', { as: 'sekretariat-1' })).status).toBe(404);
    const revoked = await call('DELETE', `/v1/delegations/${id}`, { as: 'sekretariat-1' });
    expect(revoked.status).toBe(200);
    expect((revoked.body as Record<string, unknown>)['revokedAt']).toEqual(expect.any(String));
    expect(revoked.body).toMatchObject({ revokedBy: { userId: 'sekretariat-1' } });
    expect(signalled).toHaveLength(2);
    expect((await call('DELETE', `/v1/delegations/${id}`, { as: 'sekretariat-1' })).status).toBe(409);
  });
});

describe('commitments', () => {
  const content = { programId: 'aaaaaaaaaaaaaaaaaaa3', proposalVersion: 1, proposal: { title: 'Telemedisin Puskesmas', budgetIdr: 750_000_000 } };
  const record: CommitmentRecord = {
    hash: commitmentHashOf(content),
    programId: content.programId,
    content,
    signatures: [
      {
        office: 'bupati',
        official: { userId: 'bupati', name: 'H. Rahmat Hidayat', title: 'Bupati Solok Selatan' },
        signedBy: { userId: 'bupati', name: 'H. Rahmat Hidayat', title: 'Bupati Solok Selatan' },
        capacity: 'self',
        basis: null,
        at: '2026-12-08T02:00:00.000Z',
        channel: 'link',
      },
      {
        office: 'sekda',
        official: { userId: 'sekda', name: 'Dr. Syafrizal', title: 'Sekretaris Daerah' },
        signedBy: { userId: 'kepala-bappeda', name: 'Ir. Afrizon', title: 'Kepala Bappeda' },
        capacity: 'plh',
        basis: 'SK 800/123',
        at: '2026-12-08T03:00:00.000Z',
        channel: 'api',
      },
    ],
    completedAt: '2026-12-08T03:00:00.000Z',
    tte: null,
  };

  beforeAll(async () => {
    await store.signing.putCommitment(record);
  });

  it('are public and verified by recomputing the hash', async () => {
    const res = await call('GET', `/v1/commitments/${record.hash}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      hash: record.hash,
      programId: record.programId,
      title: 'Telemedisin Puskesmas',
      content,
      completedAt: record.completedAt,
      tte: null,
      notice: commitmentNotice,
      verified: true,
    });
    const sigs = (res.body as { signatures: { text: string }[] }).signatures;
    expect(sigs[1]?.text).toBe('ditandatangani oleh Ir. Afrizon sebagai Plh. Sekretaris Daerah (Dr. Syafrizal), dasar: SK 800/123');
  });

  it('answer an uppercase hash too, and 404 for unknown or malformed ones', async () => {
    expect((await call('GET', `/v1/commitments/${record.hash.toUpperCase()}`)).status).toBe(200);
    expect((await call('GET', `/v1/commitments/${'0'.repeat(64)}`)).status).toBe(404);
    expect((await call('GET', '/v1/commitments/xyz')).status).toBe(404);
  });

  it('show a page to a browser', async () => {
    const res = await call('GET', `/v1/commitments/${record.hash}`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(res.status).toBe(200);
    expect(res.type).toContain('text/html');
    expect(res.body).toContain('Verifikasi komitmen');
    expect(res.body).toContain('cocok dengan sidik jarinya');
  });

  it('are documents anyone can download as PDF, with a QR code of the verification page', async () => {
    const approved = { programId: 'aaaaaaaaaaaaaaaaaaa4', proposalVersion: 1, proposal: validProposal() };
    const signed = await store.signing.putCommitment({ ...record, programId: approved.programId, content: approved, hash: commitmentHashOf(approved) });
    const res = await app.request(`/v1/commitments/${signed.hash}.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = new Uint8Array(await res.arrayBuffer());
    expect((await pdfText(pdf)).replace(/\s+/g, ' ')).toContain('Plh. Sekretaris Daerah untuk Dr. Syafrizal, dasar: SK 800/123');
    expect(await pdfQrCodes(pdf)).toEqual([`${base}/v1/commitments/${signed.hash}`]);
  });

  it('have no document for an unknown hash', async () => {
    expect((await call('GET', `/v1/commitments/${'0'.repeat(64)}.pdf`)).status).toBe(404);
  });
});
