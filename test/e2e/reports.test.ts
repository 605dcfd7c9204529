/**
 * Progress reports, the end-to-end HTTP + SMTP path on the dev stack: a programme
 * that started two months ago is reviewed, approved and signed; entering implementation it
 * opens the months already past at once and asks the OPD for their reports by email (one
 * request per person, due five working days from today, not escalated: the OPD could not
 * report them earlier). The OPD head reports one period through the emailed form, another
 * through the API; corrections are new versions; what cannot be reported is refused clearly.
 * Dates are computed from today (WIB), so the test holds whatever day it runs on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../store/index.js';
import { as, emailOf, openLink, submitLink, type ApiResponse } from '../support/api.js';
import { endOfWibDayIso, monthOf, wibToday, workingDaysAfter, workingDaysBetween } from '../support/dates.js';
import { events, expectProblem, program } from '../support/flow.js';
import { linkIn, settledMail, tokenOf, waitForMail, type SinkMessage } from '../support/mailbox.js';
import { uniqueTitle } from '../support/proposal.js';
import { signAllByApi, toSigning } from '../support/signing.js';
import { openDocClient, openStore, rawTokenItem } from '../support/store.js';
import type { ProgramListEntry, ProgramPage, ProgressView, ReportAnswer, ReportLinkAnswer } from '../support/types.js';
import { eventually } from '../support/wait.js';

const kpis = [
  { name: 'Puskesmas terhubung', unit: 'puskesmas', target: 12 },
  { name: 'Konsultasi jarak jauh', unit: 'konsultasi', target: 600 },
];

let store: Store;
beforeAll(() => {
  store = openStore();
});
afterAll(() => store.close());

async function progress(programId: string, userId = 'pemantau'): Promise<ProgressView> {
  const res = await as<ProgressView>(userId, 'GET', `/v1/programs/${programId}/progress-reports`);
  expect(res.status, res.text).toBe(200);
  return res.body;
}

type OverduePage = Omit<ProgramPage, 'items'> & { items: ProgramListEntry[] };

/** Every programme `GET /v1/programs?overdue=true` lists, walking its cursor. */
async function overdueList(): Promise<ProgramListEntry[]> {
  const items: ProgramListEntry[] = [];
  let cursor: string | null = null;
  do {
    const res: ApiResponse<OverduePage> = await as<OverduePage>(
      'pemantau',
      'GET',
      `/v1/programs?overdue=true&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(res.status, res.text).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

/** A report through the API as this person. */
function report(userId: string, programId: string, body: Record<string, unknown>) {
  return as<ReportAnswer>(userId, 'POST', `/v1/programs/${programId}/progress-reports`, { json: body });
}

describe('progress reports on the dev stack', () => {
  it('past periods close on entering implementation; the OPD head reports by the emailed form and the API; corrections are versions', async () => {
    const today = wibToday();
    const [p0, p1, current, next] = [-2, -1, 0, 1].map((offset) => monthOf(today, offset)) as [
      ReturnType<typeof monthOf>,
      ReturnType<typeof monthOf>,
      ReturnType<typeof monthOf>,
      ReturnType<typeof monthOf>,
    ];
    const end = monthOf(today, 3);
    const holidays = new Set((await store.roster.listHolidayYears()).flatMap((y) => y.holidays.map((h) => h.date)));

    // ---- review, approval and signing (all signatures through the API) ----
    const title = uniqueTitle('Telemedisin Puskesmas pelaksanaan');
    const { id } = await toSigning('kadis-kesehatan', { title, startDate: p0.first, endDate: end.last, reportingCadence: 'monthly', kpis });
    const signed = await signAllByApi(id);
    expect(signed.program.stage).toBe('implementation');
    const seq = signed.program.stageSeq;

    // ---- the months already past open at once, with implementation: due on the 5th working day after today ----
    const closed = await eventually('the past periods recorded', async () => {
      const view = await progress(id);
      const recorded = view.periods.filter((x) => !x.projected).map((x) => x.id);
      return recorded.includes(p0.id) && recorded.includes(p1.id) ? view : undefined;
    });
    expect(closed).toMatchObject({ programId: id, stage: 'implementation', cadence: 'monthly', reports: [] });
    expect(closed.periods.map((x) => x.id)).toEqual([-2, -1, 0, 1, 2, 3].map((o) => monthOf(today, o).id));
    const first = closed.periods.find((x) => x.id === p0.id)!;
    const dueP0 = workingDaysAfter(today, 5, holidays);
    expect(first).toMatchObject({ start: p0.first, end: p0.last, dueDate: dueP0, dueAt: endOfWibDayIso(dueP0), status: 'open', versions: 0 });
    expect(first.overdueWorkingDays).toBe(workingDaysBetween(dueP0, today, holidays));
    expect(first.overdueWorkingDays).toBe(0);
    expect(closed.periods.find((x) => x.id === current.id)).toMatchObject({ status: 'not_due', projected: true });
    expect(closed.periods.find((x) => x.id === next.id)).toMatchObject({ status: 'not_due', projected: true });
    expect(closed.nextDue).toMatchObject({ period: p0.id, status: 'open', dueDate: dueP0 });
    const stored = await store.reports.listPeriods(id);
    expect(stored.map((x) => x.id)).toEqual([p0.id, p1.id]);

    // ---- the OPD is asked by email at once (whatever the day): one request per person, no escalation ----
    const request = (userId: string) => new RegExp(`alur\\.${id}\\.${seq}\\.report-${p0.id}\\.reminder\\.${today}\\.${userId}@`);
    const head = await emailOf('kadis-kesehatan');
    const headMail = await waitForMail({ to: head, messageId: request('kadis-kesehatan') });
    expect(headMail.subject).toContain(title);
    expect(headMail.subject.toLowerCase()).toContain('laporan kemajuan');
    expect(headMail.text).toContain(`/program/${id}`);
    expect(headMail.text).not.toContain('/v1/');
    const formLink = linkIn(headMail);
    // A month that was over before implementation began is not escalated: the OPD could not report it earlier.
    const ofP0 = await settledMail({ messageId: new RegExp(`alur\\.${id}\\.${seq}\\.report-${p0.id}\\.`) });
    const perPerson = (list: SinkMessage[]) => list.map((m) => m.to[0]).sort();
    expect(perPerson(ofP0)).toEqual([head]);
    expect(ofP0.filter((m) => /\.escalation\./.test(m.messageId ?? ''))).toEqual([]);

    // ---- not overdue yet: the list of overdue programmes leaves it out ----
    expect((await overdueList()).map((p) => p.id)).not.toContain(id);
    const shown = await program(id);
    expect(shown).toMatchObject({ stage: 'implementation', dueDate: dueP0, overdue: false });
    expect(shown.progress.nextDue).toMatchObject({ period: p0.id, status: 'open' });

    // ---- the emailed link opens the form; opening it changes nothing ----
    const { doc, close } = openDocClient();
    try {
      const before = { events: await events(id), reports: await store.reports.listReports(id), token: await rawTokenItem(doc, tokenOf(formLink)) };
      const page = await openLink(formLink);
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.text).toContain(`<form method="post" action="/act/${tokenOf(formLink)}"`);
      for (const field of ['name="percentComplete"', 'name="narrative"', 'name="kpi.0"', 'name="kpi.1"', 'name="evidenceLinks"'])
        expect(page.text).toContain(field);
      for (const k of kpis) expect(page.text).toContain(k.name);
      expect(page.text).toContain('Membuka halaman ini tidak mengubah apa pun');
      const form = await openLink<ReportLinkAnswer>(formLink, { json: true });
      expect(form.body).toMatchObject({ status: 'open', programId: id, period: p0.id, start: p0.first, end: p0.last, dueDate: dueP0, kpis });
      expect(await events(id)).toEqual(before.events);
      expect(await store.reports.listReports(id)).toEqual(before.reports);
      expect(await rawTokenItem(doc, tokenOf(formLink))).toEqual(before.token);

      // ---- the OPD head sends the form ----
      const narrative = 'Delapan puskesmas telah terpasang perangkat; pelatihan tenaga kesehatan berjalan.\nKendala: jaringan di Sangir Balai Janggo.';
      const sent = await submitLink<ReportLinkAnswer>(formLink, {
        percentComplete: '35',
        narrative,
        'kpi.0': '8',
        'kpi.1': '120,5',
        evidenceLinks: 'https://solselkab.go.id/berita/telemedisin\nhttps://dinkes.solselkab.go.id/laporan/2026',
      });
      expect(sent.status, sent.text).toBe(200);
      expect(sent.body).toMatchObject({ status: 'done', programId: id, period: p0.id, result: { period: p0.id, version: 1, completed: false } });
      const resent = await submitLink<ReportLinkAnswer>(formLink, { percentComplete: '99', narrative: 'lagi' });
      expect(resent.status).toBe(409);
      expect(resent.body).toMatchObject({ status: 'already_done', period: p0.id, versions: 1 });
      expect((await rawTokenItem(doc, tokenOf(formLink)))?.usedFor).toBe('report');
      // The used link now shows the report instead of a form.
      expect((await openLink<ReportLinkAnswer>(formLink, { json: true })).body).toMatchObject({
        status: 'already_done',
        report: { version: 1, submittedBy: { userId: 'kadis-kesehatan' } },
      });

      const afterForm = await progress(id);
      expect(afterForm.periods.find((x) => x.id === p0.id)).toMatchObject({ status: 'reported', versions: 1, overdueWorkingDays: 0 });
      expect(afterForm.reports).toHaveLength(1);
      expect(afterForm.reports[0]).toMatchObject({
        programId: id,
        period: p0.id,
        version: 1,
        percentComplete: 35,
        narrative,
        kpiValues: [
          { name: 'Puskesmas terhubung', value: 8 },
          { name: 'Konsultasi jarak jauh', value: 120.5 },
        ],
        evidenceLinks: ['https://solselkab.go.id/berita/telemedisin', 'https://dinkes.solselkab.go.id/laporan/2026'],
        submittedBy: { userId: 'kadis-kesehatan' },
        channel: 'link',
      });
      expect((await program(id)).progress.reports).toEqual(afterForm.reports);
      expect((await events(id)).at(-1)).toMatchObject({
        type: 'report_submitted',
        channel: 'link',
        actor: { userId: 'kadis-kesehatan' },
        details: { period: p0.id, version: 1 },
      });
    } finally {
      close();
    }

    // ---- the same period again through the API: 409 without `correction`, a new version with it ----
    const content = { percentComplete: 40, narrative: 'Koreksi: sembilan puskesmas terhubung.', kpiValues: [{ name: 'Puskesmas terhubung', value: 9 }] };
    const before = await events(id);
    expectProblem(await report('kadis-kesehatan', id, { period: p0.id, ...content }), 409, /correction/);
    expect(await events(id)).toEqual(before);
    const corrected = await report('kadis-kesehatan', id, { period: p0.id, ...content, correction: true });
    expect(corrected.status, corrected.text).toBe(201);
    expect(corrected.body.result).toMatchObject({ period: p0.id, version: 2, completed: false });
    expect(corrected.body.report).toMatchObject({ period: p0.id, version: 2, percentComplete: 40, channel: 'api' });
    const both = (await progress(id)).reports.filter((r) => r.period === p0.id);
    expect(both.map((r) => [r.version, r.percentComplete, r.channel])).toEqual([
      [1, 35, 'link'],
      [2, 40, 'api'],
    ]);
    expect((await progress(id)).periods.find((x) => x.id === p0.id)).toMatchObject({ status: 'reported', versions: 2 });

    // ---- what cannot be reported is refused clearly, and changes nothing ----
    const unchanged = await events(id);
    expectProblem(await report('kadis-kesehatan', id, { period: next.id, ...content }), 409, /not started/);
    expectProblem(await report('kadis-kesehatan', id, { period: monthOf(today, 9).id, ...content }), 422, /not a reporting period/);
    expectProblem(await report('kadis-kesehatan', id, { period: p1.id, ...content, correction: true }), 422, /no report to correct/);
    expectProblem(await report('kadis-kesehatan', id, { period: p1.id, ...content, kpiValues: [{ name: 'Jumlah aplikasi', value: 1 }] }), 400);
    for (const outsider of ['staf-bappeda', 'kadis-pariwisata', 'pemantau', 'reviewer-kominfo-1']) {
      expectProblem(await report(outsider, id, { period: p1.id, ...content }), 403);
    }
    expect(await events(id)).toEqual(unchanged);

    // ---- the other past period through the API: nothing is late any more ----
    const p1Report = await report('kadis-kesehatan', id, { period: p1.id, percentComplete: 45, narrative: 'Sepuluh puskesmas terhubung.', kpiValues: [] });
    expect(p1Report.status, p1Report.text).toBe(201);
    expect(p1Report.body.result).toMatchObject({ period: p1.id, version: 1 });
    const caughtUp = await program(id);
    expect(caughtUp).toMatchObject({ stage: 'implementation', overdue: false });
    expect(caughtUp.progress.nextDue).toMatchObject({ period: current.id, status: 'not_due' });
    expect((await overdueList()).map((p) => p.id)).not.toContain(id);

    // ---- DynamoDB, read directly: every version kept ----
    expect((await store.reports.listReports(id)).map((r) => [r.period, r.version])).toEqual([
      [p0.id, 1],
      [p0.id, 2],
      [p1.id, 1],
    ]);
  });
});
