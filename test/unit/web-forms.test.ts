/**
 * The web application's pure pieces: where sign-in may send a person back, which form posts
 * count as our own, how the proposal form maps to the API's schema and back, and how its
 * problems are told.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { proposalSchema, proposalSchemaFor } from '../../domain/proposal.js';
import { changedFields } from '../../api/web/program-pages.js';
import { draftFromForm, draftOf, editedRows, emptyDraft, emptyKpi, formFieldsOf, problemsOf, proposalBodyOf } from '../../api/web/proposal-form.js';
import { fromOwnPage, safeReturnPath } from '../../api/web/session.js';
import { dueText } from '../../api/web/tasks.js';

describe('safeReturnPath', () => {
  it('keeps a path of this application with its query', () => {
    expect(safeReturnPath('/program?tahap=signing')).toBe('/program?tahap=signing');
  });

  it.each(['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '', undefined])('sends %s to Tugas saya instead', (raw) => {
    expect(safeReturnPath(raw)).toBe('/tugas');
  });
});

describe('fromOwnPage', () => {
  const own = 'http://127.0.0.1:3000';
  const app = new Hono().post('/', (c) => c.text(fromOwnPage(c, own) ? 'own' : 'foreign'));
  const post = async (headers: Record<string, string>) => (await app.request('/', { method: 'POST', headers })).text();

  it('trusts Sec-Fetch-Site: same-origin even with Origin: null (pages sent with no-referrer)', async () => {
    expect(await post({ 'Sec-Fetch-Site': 'same-origin', Origin: 'null' })).toBe('own');
  });

  it('refuses same-site and cross-site posts whatever Origin says', async () => {
    expect(await post({ 'Sec-Fetch-Site': 'same-site', Origin: own })).toBe('foreign');
    expect(await post({ 'Sec-Fetch-Site': 'cross-site', Origin: own })).toBe('foreign');
  });

  it('without Sec-Fetch-Site, needs our exact Origin', async () => {
    expect(await post({ Origin: own })).toBe('own');
    expect(await post({ Origin: 'null' })).toBe('foreign');
    expect(await post({})).toBe('foreign');
  });
});

const typed = {
  title: 'Telemedisin',
  summary: 'Konsultasi jarak jauh.',
  opdId: 'dinkes',
  dimension: 'living',
  quickWin: 'ya',
  rpjmdRef: '',
  budgetIdr: '1.500.000',
  startDate: '2027-01-04',
  endDate: '2027-12-31',
  reportingCadence: 'quarterly',
  'kpi-0-name': 'Puskesmas terhubung',
  'kpi-0-unit': 'unit',
  'kpi-0-target': '12,5',
};

describe('the proposal form', () => {
  it("reads a posted form into the API's proposal (rupiah with dots, decimal commas, no empty RPJMD)", () => {
    const parsed = proposalSchema.safeParse(proposalBodyOf(draftFromForm(typed)));
    expect(parsed.success && parsed.data).toMatchObject({ budgetIdr: 1_500_000, quickWin: true, reportingCadence: 'quarterly', kpis: [{ target: 12.5 }] });
    expect(parsed.success && 'rpjmdRef' in parsed.data).toBe(false);
  });

  it('keeps a stored draft exactly as typed', () => {
    const draft = draftFromForm(typed);
    expect(draftFromForm(formFieldsOf(draft))).toEqual(draft);
  });

  it('prefills a revision from the proposal it revises', () => {
    const proposal = proposalSchema.parse(proposalBodyOf(draftFromForm(typed)));
    expect(proposalBodyOf(draftOf(proposal))).toEqual(proposalBodyOf(draftFromForm(typed)));
  });

  it('adds and removes indicators, never leaving none', () => {
    const added = editedRows(draftFromForm(typed), 'tambah-indikator')!;
    expect(added.kpis).toHaveLength(2);
    expect(editedRows(added, 'hapus-indikator-0')!.kpis).toEqual([emptyKpi()]);
    expect(editedRows(draftFromForm(typed), 'hapus-indikator-0')!.kpis).toHaveLength(1);
    expect(editedRows(draftFromForm(typed), 'kirim')).toBeNull();
  });

  it('names every problem of an empty form at once, in the order of the form, in Indonesian', () => {
    const parsed = proposalSchema.safeParse(proposalBodyOf(emptyDraft('dinkes')));
    expect(parsed.success).toBe(false);
    const problems = problemsOf(parsed.success ? [] : parsed.error.issues);
    expect(problems.map((p) => p.field)).toEqual([
      'title',
      'summary',
      'dimension',
      'budgetIdr',
      'startDate',
      'endDate',
      'kpi-0-name',
      'kpi-0-unit',
      'kpi-0-target',
    ]);
    expect(problems.find((p) => p.field === 'budgetIdr')?.message).toMatch(/^Isi anggaran/);
  });
});

const typedEvaluation = {
  ...typed,
  startDate: '2027-01-04',
  endDate: '2028-12-31',
  subDimension: 'living.kesehatan',
  quickWin: 'telemedisin-puskesmas',
  rpjmdCode: '1.02.02',
  rpjmdName: 'Program Pemenuhan Upaya Kesehatan',
  renstraRef: 'Renstra Dinkes, Program 2',
  'anggaran-0-tahun': '2027',
  'anggaran-0-jumlah': '1.000.000',
  'anggaran-1-tahun': '2028',
  'anggaran-1-jumlah': '500.000',
  'anggaran-2-tahun': '',
  'anggaran-2-jumlah': '',
  'kpi-0-type': 'output',
  'kpi-0-baseline-value': '2',
  'kpi-0-baseline-year': '2026',
  'kpi-0-tahun-0': '2027',
  'kpi-0-target-0': '6',
  'kpi-0-tahun-1': '2028',
  'kpi-0-target-1': '12,5',
};

describe('the proposal form with the evaluation fields', () => {
  it("reads them into the API's proposal, leaving out rows left empty", () => {
    const parsed = proposalSchema.safeParse(proposalBodyOf(draftFromForm(typedEvaluation)));

    expect(parsed.success && parsed.data).toMatchObject({
      subDimension: 'living.kesehatan',
      quickWin: true,
      quickWinId: 'telemedisin-puskesmas',
      rpjmdProgram: { code: '1.02.02', name: 'Program Pemenuhan Upaya Kesehatan' },
      budgetByYear: [
        { year: 2027, amountIdr: 1_000_000 },
        { year: 2028, amountIdr: 500_000 },
      ],
      kpis: [
        {
          type: 'output',
          baseline: { value: 2, year: 2026 },
          targetsByYear: [
            { year: 2027, target: 6 },
            { year: 2028, target: 12.5 },
          ],
        },
      ],
    });
  });

  it('reads "Bukan quick win" as no quick win', () => {
    expect(proposalBodyOf(draftFromForm({ ...typedEvaluation, quickWin: 'tidak' }))).toMatchObject({ quickWin: false });
    expect(proposalBodyOf(draftFromForm({ ...typedEvaluation, quickWin: 'tidak' }))).not.toHaveProperty('quickWinId');
  });

  it('prefills a revision with them', () => {
    const proposal = proposalSchema.parse(proposalBodyOf(draftFromForm(typedEvaluation)));
    expect(proposalSchema.parse(proposalBodyOf(draftOf(proposal)))).toEqual(proposal);
  });

  it('keeps a stored draft with its rows exactly as typed', () => {
    const draft = draftFromForm(typedEvaluation);
    expect(draftFromForm(formFieldsOf(draft))).toEqual(draft);
  });

  it("adds and removes yearly rows of budgets and of one indicator's targets", () => {
    const draft = draftFromForm(typedEvaluation);

    expect(editedRows(draft, 'tambah-anggaran')!.budgetByYear).toHaveLength(4);
    expect(editedRows(draft, 'hapus-anggaran-0')!.budgetByYear[0]?.year).toBe('2028');
    expect(editedRows(draft, 'tambah-target-0')!.kpis[0]?.targetsByYear).toHaveLength(3);
    expect(editedRows(draft, 'hapus-target-0-1')!.kpis[0]?.targetsByYear).toEqual([{ year: '2027', value: '6' }]);
  });

  it('puts each evaluation problem beside its field, in the order of the form', () => {
    const body = proposalBodyOf(
      draftFromForm({
        ...typedEvaluation,
        subDimension: '',
        'anggaran-1-tahun': '2030',
        'kpi-0-type': '',
        'kpi-0-baseline-year': '2029',
        'kpi-0-target-1': 'x',
      }),
    );
    const parsed = proposalSchemaFor(null, { evaluationRequired: true }).safeParse(body);
    const problems = problemsOf(parsed.success ? [] : parsed.error.issues);

    expect(problems.map((p) => p.field)).toEqual(['subDimension', 'anggaran-1-tahun', 'kpi-0-type', 'kpi-0-baseline-year', 'kpi-0-target-1']);
    expect(problems[0]?.message).toMatch(/^Pilih sub-dimensi/);
  });

  it('says the yearly budgets must add up to the total beside the first row', () => {
    const parsed = proposalSchema.safeParse(proposalBodyOf(draftFromForm({ ...typedEvaluation, budgetIdr: '2.000.000' })));
    const problems = problemsOf(parsed.success ? [] : parsed.error.issues);

    expect(problems).toEqual([{ field: 'anggaran-0-jumlah', message: 'Jumlah anggaran per tahun harus sama dengan anggaran total.' }]);
  });
});

describe('what the pages say', () => {
  it('lists the fields a new version changed', () => {
    const before = proposalSchema.parse(proposalBodyOf(draftFromForm(typed)));
    expect(changedFields(before, { ...before, title: 'Telemedisin puskesmas', budgetIdr: 2 })).toEqual(['Judul program', 'Anggaran']);
  });

  it('writes a due day out with its working days', () => {
    expect(dueText({ dueDate: '2026-12-10', overdue: true, workingDays: 2 })).toBe('Kamis, 10 Desember 2026 (terlambat 2 hari kerja)');
    expect(dueText({ dueDate: '2026-12-10', overdue: false, workingDays: 3 })).toBe('Kamis, 10 Desember 2026 (3 hari kerja lagi)');
  });
});
