/**
 * A small portfolio built the way people build one, over HTTP on the real stack: Dinas
 * Pariwisata's programmes in dimension "branding" (no other test proposes there) in several
 * stages, one in implementation with reports (a correction among them) carrying the evaluation's
 * fields; and the same portfolio read back through the JSON API, as the figures' reference.
 */
import { expect } from 'vitest';
import type { PortfolioProgram } from '../../domain/portfolio.js';
import { newestReports } from '../../domain/portfolio.js';
import type { ProgramRecord } from '../../domain/program.js';
import { as, call, url } from './api.js';
import { monthOf, wibToday } from './dates.js';
import { decideByApi } from './flow.js';
import { uniqueTitle, validProposal } from './proposal.js';
import { signAllByApi } from './signing.js';
import type { ProgramDetail, ProgramPage } from './types.js';

export const portfolioOpd = 'disparbud';
export const portfolioDimension = 'branding';
const head = 'kadis-pariwisata';

/** A proposal with the evaluation's fields, running from two months ago to three months ahead. */
function evaluationProposal(title: string, quickWin: boolean) {
  const today = wibToday();
  const start = monthOf(today, -2);
  const end = monthOf(today, 3);
  const years = [...new Set([Number(start.first.slice(0, 4)), Number(end.last.slice(0, 4))])];
  return {
    ...validProposal({ title, opdId: portfolioOpd, dimension: portfolioDimension, quickWin, budgetIdr: 240_000_000 }),
    startDate: start.first,
    endDate: end.last,
    subDimension: 'branding.branding-pariwisata',
    rpjmdProgram: { code: '2.22.02', name: 'Program Pengembangan Destinasi Pariwisata' },
    renstraRef: 'Renstra Disparbud, Kegiatan Pemasaran Pariwisata',
    budgetByYear: years.map((year, i) => ({ year, amountIdr: i === 0 ? 240_000_000 / years.length : 240_000_000 - 240_000_000 / years.length })),
    kpis: [
      {
        name: 'Kunjungan wisatawan',
        unit: 'orang',
        target: 5000,
        type: 'outcome',
        baseline: { value: 1200, year: years[0]! - 1 },
        targetsByYear: years.map((year, i) => ({ year, target: (i + 1) * 2500 })),
      },
      { name: 'Paket wisata digital', unit: 'paket', target: 6, type: 'output' },
    ],
  };
}

async function proposeEvaluation(title: string, quickWin: boolean): Promise<string> {
  const res = await as<ProgramDetail>(head, 'POST', '/v1/programs', { json: evaluationProposal(title, quickWin) });
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}

async function report(programId: string, body: Record<string, unknown>): Promise<void> {
  const res = await as(head, 'POST', `/v1/programs/${programId}/progress-reports`, { json: body });
  expect(res.status, res.text).toBe(201);
}

export interface BuiltPortfolio {
  inReview: string;
  inApproval: string;
  rejected: string;
  running: string;
}

/** Four programmes: in Diskominfo's review, awaiting the Sekda, rejected, and in implementation with reports. */
export async function buildPortfolio(): Promise<BuiltPortfolio> {
  const today = wibToday();
  const [p0, p1] = [monthOf(today, -2).id, monthOf(today, -1).id];
  const inReview = await proposeEvaluation(uniqueTitle('Promosi wisata digital'), false);
  const inApproval = await proposeEvaluation(uniqueTitle('Peta wisata daring'), true);
  await decideByApi('reviewer-kominfo-2', inApproval, 'approve', 'Sesuai arsitektur SPBE.');
  const rejected = await proposeEvaluation(uniqueTitle('Aplikasi tiket wisata'), false);
  await decideByApi('reviewer-kominfo-1', rejected, 'reject', 'Sudah ada layanan provinsi.');
  const running = await proposeEvaluation(uniqueTitle('Festival Seribu Rumah Gadang daring'), true);
  await decideByApi('reviewer-kominfo-2', running, 'approve', 'Sesuai arsitektur SPBE.');
  await decideByApi('sekda', running, 'approve', 'Disetujui untuk ditandatangani.');
  await signAllByApi(running);
  const kpi = (visits: number, packages?: number) => [
    { name: 'Kunjungan wisatawan', value: visits },
    ...(packages === undefined ? [] : [{ name: 'Paket wisata digital', value: packages }]),
  ];
  await report(running, { period: p0, percentComplete: 20, narrative: 'Persiapan.', kpiValues: kpi(1300), budgetRealisedIdr: 15_000_000 });
  await report(running, { period: p1, percentComplete: 35, narrative: 'Pelaksanaan.', kpiValues: kpi(1500, 1), budgetRealisedIdr: 30_000_000 });
  await report(running, {
    period: p1,
    correction: true,
    percentComplete: 40,
    narrative: 'Pelaksanaan, angka diperbaiki.',
    kpiValues: kpi(1650, 2),
    budgetRealisedIdr: 32_500_000,
    obstacles: 'Sinyal lemah di lokasi.',
    followUp: 'Koordinasi dengan penyedia jaringan.',
  });
  return { inReview, inApproval, rejected, running };
}

/** The portfolio of Dinas Pariwisata, dimension "branding", as the JSON API shows it: the list, then each programme. */
export async function portfolioFromApi(userId = 'pemantau'): Promise<PortfolioProgram[]> {
  const list = await as<ProgramPage>(userId, 'GET', `/v1/programs?opdId=${portfolioOpd}&dimension=${portfolioDimension}&limit=100`);
  expect(list.status, list.text).toBe(200);
  expect(list.body.nextCursor).toBeNull();
  return Promise.all(
    list.body.items.map(async (item) => {
      const res = await as<ProgramDetail>(userId, 'GET', `/v1/programs/${item.id}`);
      expect(res.status, res.text).toBe(200);
      const d = res.body;
      const program = { id: d.id, proposal: d.proposal, stage: d.stage, dueAt: d.dueAt, dueDate: d.dueDate, createdAt: d.createdAt } as ProgramRecord;
      return { program, reports: newestReports(d.progress.reports) };
    }),
  );
}

/** A web session cookie for a roster person, through the development sign-in form as a browser posts it. */
export async function webSession(personId: string): Promise<string> {
  const origin = new URL(url('/')).origin;
  const res = await fetch(url('/masuk/dev'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    body: new URLSearchParams({ orang: personId, ke: '/dasbor' }).toString(),
    redirect: 'manual',
  });
  expect(res.status).toBe(303);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('alur_sesi='));
  expect(cookie).toBeDefined();
  return cookie!.split(';')[0]!;
}

/** A GET with a web session cookie. */
export const withSession = (cookie: string, path: string) => call('GET', path, { headers: { cookie, accept: 'text/html' } });
