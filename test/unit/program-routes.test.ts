/**
 * /v1/programs over HTTP (Hono's in-process fetch) against a real dynalite, with Temporal
 * replaced by a stand-in: what the route decides on its own when the workflow service does not
 * answer in time, and a programme's page built from one read of its items. The whole path
 * through the real workflow is the e2e tier's.
 */
import { WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';
import { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuth } from '../../api/auth.js';
import type { AppDeps } from '../../api/context.js';
import { problemResponse, toProblem } from '../../api/problem.js';
import { programRoutes } from '../../api/routes/programs.js';
import { seedReferenceData } from '../../data/reference-data.js';
import { startDynalite, type Dynalite } from '../../dev/dynalite.js';
import type { ProgramRecord } from '../../domain/program.js';
import { createStore, type Store } from '../../store/index.js';
import { workflowIdOf } from '../../workflows/messages.js';
import { validProposal } from '../support/proposal.js';

const secret = 'program-routes-test-secret-0123456789abcdef';

let dynalite: Dynalite;
let store: Store;
let app: Hono;
const tokens = new Map<string, string>();
const started: string[] = [];
/** What the stand-in's `proposalRecorded` Update does. */
let recordedUpdate: (workflowId: string) => Promise<unknown> = () => Promise.resolve();
/** What the stand-in's `auditAnchor` Query answers. */
let anchorQuery: (workflowId: string) => Promise<unknown> = () => Promise.reject(new Error('no workflow in this test'));

const temporal = {
  withDeadline: <T>(_deadline: number, fn: () => Promise<T>) => fn(),
  workflow: {
    start: (_name: string, options: { workflowId: string }) => {
      started.push(options.workflowId);
      return Promise.resolve({ workflowId: options.workflowId });
    },
    getHandle: (workflowId: string) => ({
      executeUpdate: () => recordedUpdate(workflowId),
      query: () => anchorQuery(workflowId),
    }),
  },
} as unknown as Client;

function program(id: string): ProgramRecord {
  const at = '2026-12-01T02:00:00.000Z';
  return {
    id,
    workflowId: workflowIdOf(id),
    proposal: { ...validProposal(), opdId: 'dinkes' },
    proposalVersion: 1,
    proposer: { userId: 'kadis-kesehatan', name: 'dr. Novi', title: 'Kepala Dinas Kesehatan' },
    requestHash: 'x',
    stage: 'diskominfo_review',
    stageSeq: 1,
    stageOpenedAt: at,
    awaiting: [{ userId: 'reviewer-kominfo-1', name: 'Reviewer', title: 'Pranata Komputer' }],
    dueAt: '2026-12-08T16:59:59.999Z',
    dueDate: '2026-12-08',
    eventSeq: 1,
    createdAt: at,
    updatedAt: at,
  };
}

const inReview = 'c'.repeat(20);

beforeAll(async () => {
  dynalite = await startDynalite({ port: 0 });
  store = createStore({ endpoint: dynalite.endpoint, region: 'ap-southeast-3', tableName: 'alur-program-routes' });
  await store.ensureTable();
  await seedReferenceData(store, { devRoster: true });
  const p = program(inReview);
  await store.programs.createProgram(p);
  await store.programs.putStage({
    programId: p.id,
    stageSeq: 1,
    stage: p.stage,
    openedAt: p.stageOpenedAt,
    dueAt: p.dueAt,
    assignees: p.awaiting,
    outcome: null,
  });
  await store.programs.putEvent({
    programId: p.id,
    seq: 1,
    type: 'proposed',
    at: p.createdAt,
    actor: { ...p.proposer, capacity: 'opd_head' },
    channel: 'api',
    fromStage: null,
    toStage: p.stage,
    stageSeq: 1,
    decision: null,
    comment: null,
  });
  const auth = createAuth({ jwtSecret: secret, jwksUrl: undefined }, (id) => store.roster.getPerson(id));
  for (const id of ['kadis-kesehatan', 'pemantau']) tokens.set(id, await auth.issueDevToken(id));
  const deps: AppDeps = {
    store,
    temporal,
    taskQueue: 'alur',
    publicBaseUrl: 'https://alur.example.go.id',
    auth,
    devLogin: false,
    checks: { temporal: () => Promise.resolve(), dynamodb: () => Promise.resolve(), smtp: () => Promise.resolve() },
  };
  app = new Hono().route('/v1/programs', programRoutes(deps));
  app.onError((err, c) => problemResponse(c, toProblem(err)));
});

afterAll(async () => {
  store?.close();
  await dynalite?.stop();
});

beforeEach(() => {
  started.length = 0;
  recordedUpdate = () => Promise.resolve();
  anchorQuery = () => Promise.reject(new Error('no workflow in this test'));
});

async function call(method: string, path: string, opts: { as: string; body?: unknown }) {
  const headers: Record<string, string> = { authorization: `Bearer ${tokens.get(opts.as)}` };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await app.request(path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

describe('POST /v1/programs when the workflow started but did not confirm in time', () => {
  it('answers 202 with where the programme will be, instead of an error that invites a second proposal', async () => {
    recordedUpdate = () => Promise.reject(new WorkflowUpdateRPCTimeoutOrCancelledError('context deadline exceeded'));

    const res = await call('POST', '/v1/programs', { as: 'kadis-kesehatan', body: { ...validProposal(), opdId: 'dinkes' } });

    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(started).toHaveLength(1);
    const id = started[0]!.replace(/^program-/, '');
    expect(res.headers.get('location')).toBe(`/v1/programs/${id}`);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(res.body).toMatchObject({ id, status: 'pending', location: `/v1/programs/${id}` });
  });

  it('does not hide an error other than the workflow service not answering', async () => {
    recordedUpdate = () => Promise.reject(new Error('boom'));
    const res = await call('POST', '/v1/programs', { as: 'kadis-kesehatan', body: { ...validProposal(), opdId: 'dinkes' } });
    expect(res.status).toBe(500);
  });
});

describe('GET /v1/programs/:id/events', () => {
  it('says the trail is as long as its workflow counts', async () => {
    anchorQuery = () => Promise.resolve({ programId: inReview, eventCount: 1 });
    const res = await call('GET', `/v1/programs/${inReview}/events`, { as: 'pemantau' });
    expect(res.body['anchored']).toEqual({ valid: true, brokenAt: null, reason: null, eventCount: 1 });
  });

  it('finds the newest event missing when the workflow counts more than the store holds, which the plain chain cannot', async () => {
    anchorQuery = () => Promise.resolve({ programId: inReview, eventCount: 2 });
    const res = await call('GET', `/v1/programs/${inReview}/events`, { as: 'pemantau' });
    expect([res.body['chain'], res.body['anchored']]).toEqual([
      { valid: true, brokenAt: null },
      { valid: false, brokenAt: 2, reason: 'missing', eventCount: 2 },
    ]);
  });

  it('answers without the anchored check when the workflow does not answer', async () => {
    const res = await call('GET', `/v1/programs/${inReview}/events`, { as: 'pemantau' });
    expect([res.status, res.body['anchored']]).toEqual([200, null]);
  });
});

describe('GET /v1/programs/:id', () => {
  it('shows the programme, its stages, timeline, signing and progress from the stored items', async () => {
    const res = await call('GET', `/v1/programs/${inReview}`, { as: 'pemantau' });

    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      id: inReview,
      stage: 'diskominfo_review',
      stageSeq: 1,
      proposalVersion: 1,
      next: { stage: 'diskominfo_review', dueDate: '2026-12-08' },
      stages: await store.programs.listStages(inReview),
      timeline: await store.programs.listEvents(inReview),
      signing: { programId: inReview, stage: 'diskominfo_review', signatures: [], missing: [], commitmentHash: null },
      progress: { reports: [], nextDue: null },
    });
    expect(res.body).not.toHaveProperty('requestHash');
    expect((res.body['progress'] as { periods: unknown[] }).periods.length).toBeGreaterThan(0);
  });

  it('is a 404 for a programme that does not exist', async () => {
    expect((await call('GET', `/v1/programs/${'d'.repeat(20)}`, { as: 'pemantau' })).status).toBe(404);
  });
});

describe('POST /v1/programs with an absurd date range', () => {
  it('is refused at once with a 400 naming startDate and endDate, and nothing is started', async () => {
    const began = performance.now();
    const res = await call('POST', '/v1/programs', { as: 'kadis-kesehatan', body: validProposal({ startDate: '0001-01-01', endDate: '9999-12-31' }) });

    expect(res.status).toBe(400);
    expect((res.body['errors'] as { path: string }[]).map((e) => e.path)).toEqual(expect.arrayContaining(['startDate', 'endDate']));
    expect(started).toEqual([]);
    expect(performance.now() - began).toBeLessThan(1000);
  });
});

describe('POST /v1/programs with several problems', () => {
  it('names every one in one answer, unknown reference data included', async () => {
    const body = validProposal({ dimension: 'smart-mobility', opdId: 'dinas-antah-berantah', budgetIdr: -1, title: '' });

    const res = await call('POST', '/v1/programs', { as: 'kadis-kesehatan', body });

    expect(res.status).toBe(400);
    expect((res.body['errors'] as { path: string }[]).map((e) => e.path).sort()).toEqual(['budgetIdr', 'dimension', 'opdId', 'title']);
    expect(started).toEqual([]);
  });
});
