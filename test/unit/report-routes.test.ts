// The progress-report routes over HTTP against a real dynalite store and real JWT auth. The
// workflow is not running here: Temporal is replaced by a recorder, so these tests cover what
// the route decides on its own (who, what body, which stage) and what it passes to the Update.
// The end-to-end path through the real workflow belongs to the e2e tier.
import type { Client } from '@temporalio/client';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuth } from '../../api/auth.js';
import type { AppDeps } from '../../api/context.js';
import { problemResponse, toProblem } from '../../api/problem.js';
import type { FoundLink } from '../../api/links/link-handler.js';
import { reportLink } from '../../api/links/report-link.js';
import { reportRoutes } from '../../api/routes/reports.js';
import { startDynalite, type Dynalite } from '../../dev/dynalite.js';
import { endOfWibDay } from '../../domain/calendar.js';
import type { ProgramRecord } from '../../domain/program.js';
import type { Person } from '../../domain/roles.js';
import { createStore, type Store } from '../../store/index.js';
import type { ProgressReportInput, ProgressReportResult } from '../../workflows/messages.js';

const secret = 'test-secret-test-secret-test-secret';
const people: Person[] = [
  { id: 'kadinkes', name: 'dr. Kepala', title: 'Kepala Dinas Kesehatan', email: 'k@x.example', roles: ['opd_head'], opdId: 'dinkes' },
  { id: 'staf-dinkes', name: 'Staf Dinkes', title: 'Staf', email: 's@x.example', roles: ['opd_staff'], opdId: 'dinkes' },
  { id: 'kabappeda', name: 'Kepala Bappeda', title: 'Kepala Bappeda', email: 'b@x.example', roles: ['opd_head'], opdId: 'bappeda' },
  { id: 'sekda', name: 'Sekda', title: 'Sekretaris Daerah', email: 'sekda@x.example', roles: ['sekda'], opdId: 'setda' },
];

let server: Dynalite;
let store: Store;
let app: Hono;
let auth: ReturnType<typeof createAuth>;
let deps: AppDeps;
const updates: { input: ProgressReportInput; updateId: string | undefined }[] = [];

function programRecord(id: string, stage: ProgramRecord['stage']): ProgramRecord {
  const at = '2027-01-02T00:00:00.000Z';
  return {
    id,
    workflowId: `program-${id}`,
    proposal: {
      title: 'Sistem Antrean Puskesmas',
      summary: 'Antrean daring.',
      opdId: 'dinkes',
      dimension: 'living',
      quickWin: true,
      budgetIdr: 1,
      startDate: '2027-01-04',
      endDate: '2027-06-30',
      reportingCadence: 'monthly',
      kpis: [
        { name: 'Puskesmas terhubung', unit: 'unit', target: 12 },
        { name: 'Waktu tunggu', unit: 'menit', target: 15 },
      ],
    },
    proposalVersion: 1,
    proposer: { userId: 'kadinkes', name: 'dr. Kepala', title: 'Kepala Dinas Kesehatan' },
    requestHash: 'h',
    stage,
    stageSeq: 5,
    stageOpenedAt: at,
    awaiting: [],
    dueAt: null,
    dueDate: null,
    eventSeq: 1,
    createdAt: at,
    updatedAt: at,
  };
}

const inImplementation = 'a'.repeat(20);
const inReview = 'b'.repeat(20);

beforeAll(async () => {
  server = await startDynalite({ port: 0 });
  store = createStore({ endpoint: server.endpoint, region: 'ap-southeast-3', tableName: 'alur-report-routes' });
  await store.ensureTable();
  for (const p of people) await store.roster.putPerson(p);
  await store.programs.createProgram(programRecord(inImplementation, 'implementation'));
  await store.programs.createProgram(programRecord(inReview, 'diskominfo_review'));
  await store.reports.putPeriod({
    programId: inImplementation,
    id: '2027-01',
    start: '2027-01-04',
    end: '2027-01-31',
    dueDate: '2027-02-05',
    dueAt: endOfWibDay('2027-02-05').toISOString(),
    last: false,
  });

  // Stands in for the workflow: records the Update, stores the report as the activity would, answers.
  const temporal = {
    withDeadline: <T>(_deadline: number, fn: () => Promise<T>) => fn(),
    workflow: {
      getHandle: () => ({
        async executeUpdate(_def: unknown, options: { args: [ProgressReportInput]; updateId?: string }): Promise<ProgressReportResult> {
          const [input] = options.args;
          updates.push({ input, updateId: options.updateId });
          const version = (await store.reports.listReports(inImplementation, input.period)).length + 1;
          const receivedAt = new Date().toISOString();
          await store.reports.putReport({
            ...input,
            programId: inImplementation,
            version,
            submittedBy: { userId: input.actor.userId, name: input.actor.name, title: input.actor.title },
            at: receivedAt,
          });
          return { programId: inImplementation, period: input.period, version, receivedAt, completed: false };
        },
        query: () => Promise.reject(new Error('no workflow in this test')),
      }),
    },
  } as unknown as Client;

  auth = createAuth({ jwtSecret: secret, jwksUrl: undefined }, (id) => store.roster.getPerson(id));
  deps = { store, temporal, auth, taskQueue: 'alur', publicBaseUrl: 'http://localhost', devLogin: false, checks: {} } as unknown as AppDeps;
  app = new Hono().route('/v1/programs', reportRoutes(deps));
  app.onError((err, c) => problemResponse(c, toProblem(err)));
});

afterAll(async () => {
  store.close();
  await server.stop();
});

async function call(method: 'GET' | 'POST', path: string, as: string | null, body?: unknown, headers: Record<string, string> = {}) {
  const h: Record<string, string> = { ...headers };
  if (as) h['authorization'] = `Bearer ${await auth.issueDevToken(as)}`;
  if (body !== undefined) h['content-type'] ??= 'application/json';
  const res = await app.request(path, { method, headers: h, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const url = (id: string) => `/v1/programs/${id}/progress-reports`;
const report = { period: '2027-01', percentComplete: 25, narrative: 'Dua puskesmas terhubung.', kpiValues: [{ name: 'Puskesmas terhubung', value: 2 }] };

describe('POST /v1/programs/:id/progress-reports', () => {
  it('needs a signed-in person and a JSON body', async () => {
    expect((await call('POST', url(inImplementation), null, report)).status).toBe(401);
    expect((await call('POST', url(inImplementation), 'kadinkes', 'period=2027-01', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
  });

  it('names each bad field with 400, including KPI names that are not the programme’s', async () => {
    const empty = await call('POST', url(inImplementation), 'kadinkes', {});
    expect(empty.status).toBe(400);
    const bad = await call('POST', url(inImplementation), 'kadinkes', { ...report, percentComplete: 120, evidenceLinks: ['javascript:x'] });
    expect((bad.body['errors'] as { path: string }[]).map((e) => e.path)).toEqual(['percentComplete', 'evidenceLinks.0']);
    const kpi = await call('POST', url(inImplementation), 'kadinkes', {
      ...report,
      kpiValues: [
        { name: 'Waktu tunggu', value: 1 },
        { name: 'Jumlah aplikasi', value: 1 },
        { name: 'Waktu tunggu', value: 2 },
      ],
    });
    expect(kpi.status).toBe(400);
    expect((kpi.body['errors'] as { path: string }[]).map((e) => e.path)).toEqual(['kpiValues.1.name', 'kpiValues.2.name']);
  });

  it('names a bad field and a KPI that is not the programme’s in the same answer', async () => {
    const res = await call('POST', url(inImplementation), 'kadinkes', { ...report, percentComplete: 120, kpiValues: [{ name: 'Jumlah aplikasi', value: 1 }] });

    expect(res.status).toBe(400);
    expect((res.body['errors'] as { path: string }[]).map((e) => e.path)).toEqual(['percentComplete', 'kpiValues.0.name']);
  });

  it('lets only the proposing OPD report: 403 for others, 404 for unknown programmes', async () => {
    expect((await call('POST', url(inImplementation), 'kabappeda', report)).status).toBe(403);
    expect((await call('POST', url(inImplementation), 'sekda', report)).status).toBe(403);
    expect((await call('POST', url('c'.repeat(20)), 'kadinkes', report)).status).toBe(404);
    expect((await call('POST', url('not-an-id'), 'kadinkes', report)).status).toBe(404);
  });

  it('refuses with 409 outside implementation, 422 for a period not in the programme', async () => {
    expect((await call('POST', url(inReview), 'kadinkes', report)).status).toBe(409);
    const far = await call('POST', url(inImplementation), 'kadinkes', { ...report, period: '2027-09' });
    expect(far.status).toBe(422);
    expect((far.body['errors'] as { path: string }[])[0]?.path).toBe('period');
    expect(updates).toHaveLength(0);
  });

  it('sends the report through the Update with the Idempotency-Key as its id, and answers 201 with the stored report', async () => {
    const res = await call(
      'POST',
      url(inImplementation),
      'staf-dinkes',
      { ...report, evidenceLinks: ['https://solselkab.go.id/a'] },
      { 'idempotency-key': 'lapor-jan-1' },
    );
    expect(res.status).toBe(201);
    expect(updates.at(-1)?.updateId).toBe('report:staf-dinkes:lapor-jan-1');
    expect(updates.at(-1)?.input).toMatchObject({
      requestId: 'report:staf-dinkes:lapor-jan-1',
      period: '2027-01',
      correction: false,
      channel: 'api',
      actor: { userId: 'staf-dinkes' },
    });
    expect(res.body['result']).toMatchObject({ period: '2027-01', version: 1 });
    expect(res.body['report']).toMatchObject({
      period: '2027-01',
      version: 1,
      evidenceLinks: ['https://solselkab.go.id/a'],
      submittedBy: { userId: 'staf-dinkes' },
    });
    const bad = await call('POST', url(inImplementation), 'kadinkes', report, { 'idempotency-key': 'has space' });
    expect(bad.status).toBe(400);
  });
});

describe('GET /v1/programs/:id/progress-reports', () => {
  it('lists periods with status, every report version and the next due report, from the store when the workflow cannot answer', async () => {
    const res = await call('GET', url(inImplementation), 'sekda');
    expect(res.status).toBe(200);
    const periods = res.body['periods'] as { id: string; status: string; projected: boolean }[];
    expect(periods.map((p) => p.id)).toEqual(['2027-01', '2027-02', '2027-03', '2027-04', '2027-05', '2027-06']);
    expect(periods[0]).toMatchObject({ status: 'reported', projected: false, dueDate: '2027-02-05' });
    expect((res.body['reports'] as unknown[]).length).toBeGreaterThan(0);
    expect(res.body).toHaveProperty('nextDue');
    expect(res.body['cadence']).toBe('monthly');
  });

  it('needs a signed-in person and a known programme', async () => {
    expect((await call('GET', url(inImplementation), null)).status).toBe(401);
    expect((await call('GET', url('c'.repeat(20)), 'sekda')).status).toBe(404);
  });
});

describe('report link handler', () => {
  const summary = {
    id: inImplementation,
    title: 'Sistem Antrean Puskesmas',
    summary: 'Antrean daring.',
    opdName: 'Dinas Kesehatan',
    dimensionName: 'Smart Living',
    quickWin: true,
    budgetIdr: 1,
    startDate: '2027-01-04',
    endDate: '2027-06-30',
    proposalVersion: 1,
  };
  const found = (period: string, stage: ProgramRecord['stage'] = 'implementation'): FoundLink => ({
    rawToken: 'raw',
    tokenHash: 'f'.repeat(64),
    token: {
      tokenHash: 'f'.repeat(64),
      programId: inImplementation,
      stageSeq: 5,
      stage: 'implementation',
      assignee: { userId: 'kadinkes', name: 'dr. Kepala', title: 'Kepala Dinas Kesehatan' },
      purpose: { kind: 'report', period },
      issuedAt: '2027-02-01T01:00:00.000Z',
      expiresAt: '2027-04-01T01:00:00.000Z',
    },
    program: programRecord(inImplementation, stage),
    summary,
    stage: null,
    actingOpdId: 'dinkes',
  });

  it('shows the form of an open period, with the recorded due day or the plan’s dates', async () => {
    expect(await reportLink.done(deps, found('2027-03'))).toBeNull();
    const page = await reportLink.page(deps, found('2027-03'), '/act/raw');
    expect(page.json).toMatchObject({ status: 'open', period: '2027-03', start: '2027-03-01', end: '2027-03-31', dueDate: null, last: false });
    expect(page.html).toContain('name="kpi.1"');
    const last = await reportLink.page(deps, found('2027-06'), '/act/raw');
    expect(last.json).toMatchObject({ last: true });
    expect(last.html).toContain('laporan akhir');
  });

  it('performs through the Update with the link’s id, then says the period is already reported', async () => {
    const f = found('2027-02');
    const input = reportLink.parse(f, { percentComplete: '40', narrative: 'Berjalan.', 'kpi.0': '3', evidenceLinks: '' });
    const done = await reportLink.perform(deps, f, people[0]!, input);
    expect(done.usedFor).toBe('report');
    expect(updates.at(-1)).toMatchObject({
      updateId: `link-${'f'.repeat(32)}`,
      input: { period: '2027-02', channel: 'link', correction: false, actingOpdId: 'dinkes' },
    });
    expect(done.reply.html).toContain('Laporan periode Februari 2027 diterima');
    const again = await reportLink.done(deps, f);
    expect(again?.json).toMatchObject({ status: 'already_done', period: '2027-02', report: { version: 1, period: '2027-02' } });
    expect(again?.html).toContain('Laporan periode Februari 2027 sudah diterima (versi 1) dari dr. Kepala (Kepala Dinas Kesehatan)');
  });

  it('says the programme has ended when nothing was reported for the period', async () => {
    const ended = await reportLink.done(deps, found('2027-04', 'cancelled'));
    expect(ended?.json).toMatchObject({ status: 'program_ended', stage: 'cancelled' });
    expect(ended?.html).toContain('Program ini sudah berakhir');
  });
});
