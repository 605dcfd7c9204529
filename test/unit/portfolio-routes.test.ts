/**
 * `/dasbor` and `/ekspor/program.{csv,xlsx}` over HTTP (Hono's in-process fetch) against a real
 * dynalite holding programmes and reports written through the store: the files read back by
 * real readers (csv-parse, exceljs) cell by cell against the portfolio's table, who may
 * download and who is refused, and the page's figures. Temporal plays no part in these reads.
 */
import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { createAuth } from '../../api/auth.js';
import { loadReferences, namesOf } from '../../api/portfolio-view.js';
import { seedReferenceData } from '../../data/reference-data.js';
import { startDynalite, type Dynalite } from '../../dev/dynalite.js';
import { newestReports, type PortfolioProgram } from '../../domain/portfolio.js';
import { portfolioTable, type PortfolioTable } from '../../domain/portfolio-table.js';
import type { ProgramRecord } from '../../domain/program.js';
import type { Proposal } from '../../domain/proposal.js';
import type { ProgressReport } from '../../domain/reports.js';
import { hashLinkToken } from '../../security/link-tokens.js';
import { createStore, type Store } from '../../store/index.js';

const secret = 'portfolio-routes-test-secret-0123456789abcdef';
const publicBaseUrl = 'http://localhost:3000';

let dynalite: Dynalite;
let store: Store;
let app: ReturnType<typeof createApp>;
let auth: ReturnType<typeof createAuth>;

const head = { userId: 'kadis-pariwisata', name: 'Kepala', title: 'Kepala Dinas Pariwisata' };

function program(id: string, stage: ProgramRecord['stage'], proposal: Partial<Proposal>, dueAt: string | null = null): ProgramRecord {
  return {
    id,
    workflowId: `program-${id}`,
    proposal: {
      title: `Program ${id}`,
      summary: 'Uji.',
      opdId: 'disparbud',
      dimension: 'branding',
      quickWin: false,
      budgetIdr: 300_000_000,
      startDate: '2027-01-04',
      endDate: '2027-12-31',
      reportingCadence: 'monthly',
      kpis: [{ name: 'Wisatawan', unit: 'orang', target: 1000 }],
      ...proposal,
    },
    proposalVersion: 1,
    proposer: head,
    requestHash: 'h',
    stage,
    stageSeq: 1,
    stageOpenedAt: '2027-01-04T00:00:00.000Z',
    awaiting: [],
    dueAt,
    dueDate: dueAt?.slice(0, 10) ?? null,
    eventSeq: 1,
    createdAt: `2026-12-0${id.length % 9}T00:00:00.000Z`,
    updatedAt: '2027-01-04T00:00:00.000Z',
  };
}

function report(programId: string, period: string, version: number, values: Record<string, number>, budgetRealisedIdr?: number): ProgressReport {
  return {
    programId,
    period,
    version,
    percentComplete: 10 * version,
    narrative: 'Berjalan.',
    kpiValues: Object.entries(values).map(([name, value]) => ({ name, value })),
    evidenceLinks: [],
    ...(budgetRealisedIdr === undefined ? {} : { budgetRealisedIdr }),
    submittedBy: head,
    channel: 'api',
    at: '2027-03-01T00:00:00.000Z',
  };
}

const running = program('a'.repeat(20), 'implementation', {
  title: '=Festival "Budaya", Seribu Rumah Gadang',
  subDimension: 'branding.branding-pariwisata',
  quickWin: true,
  rpjmdProgram: { code: '2.22.02', name: 'Program Pengembangan Destinasi Pariwisata' },
  renstraRef: 'Renstra Disparbud 2021-2026, Kegiatan 2.22.02.2.01',
  budgetByYear: [
    { year: 2027, amountIdr: 200_000_000 },
    { year: 2028, amountIdr: 100_000_000 },
  ],
  endDate: '2028-12-31',
  kpis: [
    {
      name: 'Wisatawan',
      unit: 'orang',
      target: 1000,
      type: 'outcome',
      baseline: { value: 100, year: 2026 },
      targetsByYear: [
        { year: 2027, target: 400 },
        { year: 2028, target: 1000 },
      ],
    },
    { name: 'Paket wisata', unit: 'paket', target: 8, type: 'output' },
  ],
});
const reviewed = program('b'.repeat(20), 'diskominfo_review', { opdId: 'dinkes', dimension: 'living' }, '2027-01-10T09:59:59.999Z');
const reports = [
  report(running.id, '2027-01', 1, { Wisatawan: 120 }, 10_000_000),
  report(running.id, '2027-02', 1, { Wisatawan: 150 }, 20_000_000),
  report(running.id, '2027-02', 2, { Wisatawan: 180, 'Paket wisata': 2 }, 25_000_000),
];

beforeAll(async () => {
  dynalite = await startDynalite({ port: 0 });
  store = createStore({ endpoint: dynalite.endpoint, region: 'ap-southeast-3', tableName: 'alur-portfolio-routes' });
  await store.ensureTable();
  await seedReferenceData(store, { devRoster: true });
  for (const p of [running, reviewed]) await store.programs.createProgram(p);
  for (const r of reports) await store.reports.putReport(r);
  auth = createAuth({ jwtSecret: secret, jwksUrl: undefined }, (id) => store.roster.getPerson(id));
  const unused = new Proxy({}, { get: () => () => Promise.reject(new Error('Temporal is not used by the portfolio')) }) as unknown as Client;
  app = createApp({
    store,
    temporal: unused,
    taskQueue: 'alur',
    publicBaseUrl,
    auth,
    devLogin: false,
    checks: { temporal: () => Promise.resolve(), dynamodb: () => store.ping() },
  });
});

afterAll(async () => {
  store?.close();
  await dynalite?.stop();
});

const bearer = async (userId: string) => ({ authorization: `Bearer ${await auth.issueDevToken(userId)}` });

/** A signed-in browser's cookie for `userId`, as the sign-in would have made it. */
async function sessionCookie(userId: string): Promise<string> {
  const cookie = randomBytes(32).toString('base64url');
  const now = new Date();
  await store.sessions.create({
    idHash: hashLinkToken(cookie),
    personId: userId,
    csrfToken: randomBytes(32).toString('base64url'),
    method: 'dev',
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + 3600_000).toISOString(),
  });
  return `alur_sesi=${cookie}`;
}

/** The table the exports must hold, from the same programmes and reports. */
async function expectedTable(year?: number, only?: (p: ProgramRecord) => boolean): Promise<PortfolioTable> {
  const all: PortfolioProgram[] = [running, reviewed].map((p) => ({ program: p, reports: newestReports(reports.filter((r) => r.programId === p.id)) }));
  const names = namesOf(await loadReferences({ store }), publicBaseUrl);
  return portfolioTable(
    all.filter((p) => (only ? only(p.program) : true)),
    names,
    year,
  );
}

/** Cells as they are in a CSV: numbers and dates written out, empty for none; a text cell that looks like a formula is quoted with `'`. */
const asCsvText = (table: PortfolioTable) =>
  table.rows.map((row) => row.map((v, i) => (v === null ? '' : table.columns[i]!.kind === 'text' && /^[=+\-@]/.test(String(v)) ? `'${String(v)}` : String(v))));

describe('GET /ekspor/program.csv', () => {
  it('is RFC 4180 with a byte order mark, and holds the portfolio table cell by cell', async () => {
    const res = await app.request('/ekspor/program.csv', { headers: await bearer('sekda') });

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows]: string[][] = parse(Buffer.from(bytes), { bom: true });
    const expected = await expectedTable();
    expect(header).toEqual(expected.columns.map((c) => c.header));
    expect(rows).toEqual(asCsvText(expected));
  });

  it('one row per programme and per indicator, with the year’s figures as a reader expects them', async () => {
    const res = await app.request('/ekspor/program.csv?tahun=2027&opd=disparbud', { headers: await bearer('pemantau') });
    const records = parse<Record<string, string>>(await res.text(), { bom: true, columns: true });

    const byIndicator = new Map(records.map((r) => [r['Indikator'] ?? '', r]));
    expect([...byIndicator.keys()]).toEqual(['Wisatawan', 'Paket wisata']);
    expect(byIndicator.get('Wisatawan')).toMatchObject({
      'Judul program': `'=Festival "Budaya", Seribu Rumah Gadang`,
      'Sub-dimensi': 'Branding Pariwisata',
      'Quick win': 'Ya (quick win belum ditentukan)',
      'Program RPJMD': '2.22.02 Program Pengembangan Destinasi Pariwisata',
      'Jenis indikator': 'Outcome',
      Baseline: '100',
      'Target 2027': '400',
      'Realisasi 2027': '180',
      'Capaian 2027 (%)': '45',
      'Anggaran 2027 (Rp)': '200000000',
      'Realisasi anggaran 2027 (Rp)': '35000000',
      'Tanggal mulai': '2027-01-04',
    });
    expect(byIndicator.get('Paket wisata')).toMatchObject({ 'Target 2027': '', 'Realisasi 2027': '2', 'Capaian 2027 (%)': '' });
  });
});

describe('GET /ekspor/program.xlsx', () => {
  it('reads back with exceljs cell by cell: numbers as numbers, dates as dates', async () => {
    const res = await app.request('/ekspor/program.xlsx', { headers: await bearer('bupati') });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="program-smart-city.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.getWorksheet('Program')!;
    const expected = await expectedTable();

    const read = (r: number) => expected.columns.map((_, i) => sheet.getRow(r).getCell(i + 1).value);

    expect(read(1)).toEqual(expected.columns.map((c) => c.header));
    expected.rows.forEach((row, r) => {
      expect(read(r + 2)).toEqual(row.map((v, i) => (v !== null && expected.columns[i]!.kind === 'date' ? new Date(`${String(v)}T00:00:00.000Z`) : v)));
    });
    expect(sheet.rowCount).toBe(expected.rows.length + 1);
  });
});

describe('who may download', () => {
  it('an OPD head with a bearer token is refused as problem+json 403', async () => {
    const res = await app.request('/ekspor/program.csv', { headers: await bearer('kadis-pariwisata') });

    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('an OPD head signed in on the web gets a page that says so, in Bahasa Indonesia', async () => {
    const res = await app.request('/ekspor/program.xlsx', { headers: { cookie: await sessionCookie('staf-pariwisata') } });

    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Unduhan tidak tersedia untuk Anda');
  });

  it('nobody signed in: 401 problem+json for a program, the sign-in page for a browser', async () => {
    const machine = await app.request('/ekspor/program.csv');
    const browser = await app.request('/ekspor/program.csv?tahun=2027', { headers: { accept: 'text/html' } });

    expect(machine.status).toBe(401);
    expect(browser.status).toBe(303);
    expect(browser.headers.get('location')).toBe(`/masuk?ke=${encodeURIComponent('/ekspor/program.csv?tahun=2027')}`);
  });

  it('a filter that is not one the dashboard offers is a 400 naming the field', async () => {
    const res = await app.request('/ekspor/program.csv?tahun=dua&opd=tidak-ada', { headers: await bearer('sekda') });
    const body = (await res.json()) as { errors: { path: string }[] };

    expect(res.status).toBe(400);
    expect(body.errors.map((e) => e.path)).toEqual(['tahun']);
  });
});

describe('GET /dasbor', () => {
  it('shows the Sekda the figures of the portfolio, the charts with their text alternative', async () => {
    const res = await app.request('/dasbor?tahun=2027', { headers: { cookie: await sessionCookie('sekda') } });
    const html = await res.text();

    expect(res.status).toBe(200);
    expect(html).toMatch(/<dd data-angka="Program">2<\/dd>/);
    expect(html).toMatch(/<dd data-angka="Realisasi anggaran">Rp\s35\.000\.000<\/dd>/);
    expect(html).toContain('<title id="grafik-anggaran-title">Anggaran dan realisasi anggaran per tahun</title>');
    expect(html).toMatch(/<svg[^>]+role="img"/);
  });

  it('refuses OPD staff with a 403 page', async () => {
    const res = await app.request('/dasbor', { headers: { cookie: await sessionCookie('staf-pariwisata') } });

    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Dasbor tidak tersedia untuk Anda');
  });

  it('a year that is not a year comes back as the form with its problem', async () => {
    const res = await app.request('/dasbor?tahun=abc', { headers: { cookie: await sessionCookie('pemantau') } });

    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Pilih tahun dari daftar.');
  });
});
