/**
 * The masterplan and the evaluation's data through the real stack: the masterplan read by
 * anyone signed in; a programme proposed with every evaluation field and read back with the
 * names people know; the refusals of fields that do not fit the reference data, all in one
 * answer; the secretariat's quick-win edits with their history and the refusal to remove a
 * quick win a programme delivers; a report with budget realised, obstacles and follow-up, and
 * its correction, both versions kept and readable.
 */
import { describe, expect, it } from 'vitest';
import { as, type ApiResponse, type Json } from '../support/api.js';
import { monthOf, wibToday } from '../support/dates.js';
import { expectProblem, program, propose } from '../support/flow.js';
import { uniqueTitle, validProposal } from '../support/proposal.js';
import { signAllByApi, toSigning } from '../support/signing.js';
import type { Problem, ProgressView } from '../support/types.js';
import { eventually } from '../support/wait.js';

interface MasterplanView {
  id: string;
  startYear: number;
  endYear: number;
  version: number;
  dimensions: { id: string; name: string; subDimensions: { id: string; name: string }[] }[];
  quickWins: { id: string; name: string; dimension?: string; opdId?: string }[];
}

const masterplan = async () => {
  const res = await as<MasterplanView>('pemantau', 'GET', '/v1/masterplan');
  expect(res.status, res.text).toBe(200);
  return res.body;
};

const putQuickWins = (userId: string, body: unknown) => as<MasterplanView & Json>(userId, 'PUT', '/v1/masterplan/quick-wins', { json: body });

/** The problem of a refused request, after checking it is one. */
function problemOf(res: ApiResponse<unknown>, status: number, detail?: RegExp): Problem {
  expectProblem(res, status, detail);
  return res.body as Problem;
}

/** The list as a PUT body names it: existing quick wins by id. */
const asEdits = (m: MasterplanView) => m.quickWins.map((q) => ({ ...q }));

const thisYear = Number(wibToday().slice(0, 4));
const evaluationFields = {
  subDimension: 'living.kesehatan',
  quickWin: true,
  quickWinId: 'telemedisin-puskesmas',
  rpjmdProgram: { code: '1.02.02', name: 'Program Pemenuhan Upaya Kesehatan Perorangan' },
  renstraRef: 'Renstra Dinas Kesehatan, Program Peningkatan Pelayanan Kesehatan',
  budgetIdr: 900_000_000,
  budgetByYear: [
    { year: thisYear + 1, amountIdr: 600_000_000 },
    { year: thisYear + 2, amountIdr: 300_000_000 },
  ],
  startDate: `${thisYear + 1}-01-04`,
  endDate: `${thisYear + 2}-12-31`,
  kpis: [
    {
      name: 'Puskesmas terhubung',
      unit: 'puskesmas',
      target: 12,
      type: 'output' as const,
      baseline: { value: 2, year: thisYear },
      targetsByYear: [
        { year: thisYear + 1, target: 6 },
        { year: thisYear + 2, target: 12 },
      ],
    },
  ],
};

describe('the masterplan', () => {
  it('is read by anyone signed in: period, sub-dimensions with their ids, the development quick wins', async () => {
    const m = await masterplan();

    expect(m).toMatchObject({ id: 'solok-selatan', startYear: 2023, endYear: 2028 });
    expect(m.dimensions).toHaveLength(6);
    expect(m.dimensions.find((d) => d.id === 'living')?.subDimensions).toContainEqual({ id: 'living.kesehatan', name: 'Kesehatan' });
    expect(m.quickWins.length).toBeGreaterThanOrEqual(8);
    expect(m.quickWins.map((q) => q.id)).toContain('telemedisin-puskesmas');
  });
});

describe('a programme with every evaluation field', () => {
  it('is proposed and read back as sent, with the names people read', async () => {
    const { id, proposal } = await propose('kadis-kesehatan', evaluationFields);

    const shown = await program(id);
    expect(shown.proposal).toMatchObject({ ...evaluationFields, title: proposal.title });
    expect((shown as unknown as Json)['labels']).toEqual({
      subDimension: 'Kesehatan',
      quickWin: 'Telemedisin Puskesmas',
      rpjmd: '1.02.02 Program Pemenuhan Upaya Kesehatan Perorangan',
    });
  });

  it('is refused with every problem against the reference data in one answer, and nothing is started', async () => {
    const title = uniqueTitle('Usulan keliru');
    const body = {
      ...validProposal({ ...evaluationFields, title }),
      subDimension: 'governance.layanan-publik',
      quickWinId: 'bukan-quick-win-masterplan',
      budgetByYear: [{ year: thisYear + 5, amountIdr: 1 }],
      kpis: [{ ...evaluationFields.kpis[0]!, baseline: { value: 2, year: thisYear + 2 } }],
    };

    const res = await as('kadis-kesehatan', 'POST', '/v1/programs', { json: body });

    const problem = problemOf(res, 400);
    expect(problem.errors?.map((e) => e.path).sort()).toEqual(['budgetByYear', 'budgetByYear.0.year', 'kpis.0.baseline.year', 'quickWinId', 'subDimension']);
    const listed = await as<{ items: { title: string }[] }>('pemantau', 'GET', '/v1/programs?opdId=dinkes&limit=100');
    expect(listed.body.items.map((p) => p.title)).not.toContain(title);
  });
});

describe("the secretariat's quick wins", () => {
  it('are edited by the secretariat only', async () => {
    const m = await masterplan();

    expectProblem(await putQuickWins('kadis-kesehatan', { version: m.version, quickWins: asEdits(m) }), 403);
    expect((await masterplan()).version).toBe(m.version);
  });

  it('are added, renamed and removed, each change kept with who, when, before and after', async () => {
    const start = await masterplan();

    const added = await putQuickWins('sekretariat-1', { version: start.version, quickWins: [...asEdits(start), { name: 'Pojok Literasi Digital Nagari' }] });
    expect(added.status, added.text).toBe(200);
    const fresh = added.body.quickWins.find((q) => q.name === 'Pojok Literasi Digital Nagari');
    expect(fresh?.id).toBe('pojok-literasi-digital-nagari');
    const renamed = await putQuickWins('sekretariat-1', {
      version: added.body.version,
      quickWins: asEdits(added.body).map((q) => (q.id === fresh?.id ? { ...q, name: 'Pojok Literasi Nagari' } : q)),
    });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body.quickWins.find((q) => q.id === fresh?.id)?.name).toBe('Pojok Literasi Nagari');
    const removed = await putQuickWins('sekretariat-1', { version: renamed.body.version, quickWins: asEdits(renamed.body).filter((q) => q.id !== fresh?.id) });
    expect(removed.status, removed.text).toBe(200);
    expect(removed.body.quickWins).toEqual(start.quickWins);

    const changes = await as<{ items: { version: number; by: { userId: string }; at: string; before: MasterplanView; after: MasterplanView }[] }>(
      'pemantau',
      'GET',
      '/v1/masterplan/changes',
    );
    const mine = changes.body.items.filter((c) => c.version > start.version);
    expect(mine.map((c) => [c.version, c.by.userId])).toEqual([
      [start.version + 1, 'sekretariat-1'],
      [start.version + 2, 'sekretariat-1'],
      [start.version + 3, 'sekretariat-1'],
    ]);
    expect(mine[1]?.before.quickWins.find((q) => q.id === fresh?.id)?.name).toBe('Pojok Literasi Digital Nagari');
    expect(mine[1]?.after.quickWins.find((q) => q.id === fresh?.id)?.name).toBe('Pojok Literasi Nagari');
  });

  it('refuse an edit made from a version someone else changed meanwhile', async () => {
    const m = await masterplan();

    expectProblem(await putQuickWins('sekretariat-1', { version: m.version + 1, quickWins: asEdits(m) }), 409, /version/);
  });

  it('refuse to remove a quick win a programme delivers, naming the programme', async () => {
    const title = uniqueTitle('Pasar Nagari Digital');
    await propose('kadis-kesehatan', { ...evaluationFields, title, quickWinId: 'pasar-nagari-digital', subDimension: 'living.kesehatan' });
    const m = await masterplan();

    const res = await putQuickWins('sekretariat-1', { version: m.version, quickWins: asEdits(m).filter((q) => q.id !== 'pasar-nagari-digital') });

    const problem = problemOf(res, 409, /cannot be removed/);
    expect(problem.errors?.[0]?.message).toContain(title);
    expect((await masterplan()).quickWins.map((q) => q.id)).toContain('pasar-nagari-digital');
  });

  it('refuse names given twice and unknown ids, every problem in one answer', async () => {
    const m = await masterplan();
    const first = m.quickWins[0]!;

    const res = await putQuickWins('sekretariat-1', {
      version: m.version,
      quickWins: [...asEdits(m), { name: first.name.toUpperCase() }, { id: 'tidak-ada', name: 'Sesuatu' }, { name: 'Lain', dimension: 'smart-mobility' }],
    });

    const problem = problemOf(res, 422);
    const n = m.quickWins.length;
    expect(problem.errors?.map((e) => e.path)).toEqual([`quickWins.${n}.name`, `quickWins.${n + 1}.id`, `quickWins.${n + 2}.dimension`]);
  });
});

describe('a report with the evaluation fields', () => {
  it('carries budget realised, obstacles and follow-up; its correction is a new version, both kept and readable', async () => {
    const p0 = monthOf(wibToday(), -1);
    const { id } = await toSigning('kadis-kesehatan', {
      title: uniqueTitle('Telemedisin laporan evaluasi'),
      startDate: p0.first,
      endDate: monthOf(wibToday(), 2).last,
      kpis: [{ name: 'Puskesmas terhubung', unit: 'puskesmas', target: 12, type: 'output', baseline: { value: 0, year: Number(p0.first.slice(0, 4)) } }],
    });
    await signAllByApi(id);
    await eventually('the past period recorded', async () => {
      const view = await as<ProgressView>('pemantau', 'GET', `/v1/programs/${id}/progress-reports`);
      return view.body.periods.some((x) => x.id === p0.id && !x.projected) ? true : undefined;
    });
    const report = {
      period: p0.id,
      percentComplete: 30,
      narrative: 'Enam puskesmas terpasang perangkat.',
      kpiValues: [{ name: 'Puskesmas terhubung', value: 6 }],
      budgetRealisedIdr: 150_000_000,
      obstacles: 'Jaringan di Sangir Balai Janggo belum stabil.',
      followUp: 'Koordinasi dengan penyedia jaringan pada bulan berikutnya.',
    };

    const first = await as('kadis-kesehatan', 'POST', `/v1/programs/${id}/progress-reports`, { json: report });
    const correction = await as('kadis-kesehatan', 'POST', `/v1/programs/${id}/progress-reports`, {
      json: { ...report, correction: true, budgetRealisedIdr: 175_000_000, obstacles: 'Jaringan di dua nagari belum stabil.' },
    });

    expect(first.status, first.text).toBe(201);
    expect(correction.status, correction.text).toBe(201);
    const view = await as<ProgressView>('pemantau', 'GET', `/v1/programs/${id}/progress-reports`);
    const versions = view.body.reports.filter((r) => r.period === p0.id);
    expect(versions.map((r) => [r.version, r.budgetRealisedIdr, r.obstacles, r.followUp])).toEqual([
      [1, 150_000_000, report.obstacles, report.followUp],
      [2, 175_000_000, 'Jaringan di dua nagari belum stabil.', report.followUp],
    ]);
  });

  it('refuses a budget realised that is not a whole amount of rupiah', async () => {
    const { id } = await propose('kadis-kesehatan');

    const res = await as('kadis-kesehatan', 'POST', `/v1/programs/${id}/progress-reports`, {
      json: { period: '2027-01', percentComplete: 1, narrative: 'x', kpiValues: [], budgetRealisedIdr: 12.5 },
    });

    expect(problemOf(res, 400).errors?.map((e) => e.path)).toEqual(['budgetRealisedIdr']);
  });
});
