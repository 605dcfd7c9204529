/**
 * The portfolio on the dev stack: programmes of Dinas Pariwisata in several stages, one in
 * implementation with reports and a correction, all made over HTTP and through the workflow.
 * What `/dasbor` shows the Sekda equals the same figures computed from the JSON API (the list,
 * then each programme with its reports); the exports, read back by real readers (csv-parse,
 * exceljs), hold the same table cell by cell.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReferences, namesOf } from '../../api/portfolio-view.js';
import { indicatorYears, portfolioOverview, type PortfolioOverview, type PortfolioProgram } from '../../domain/portfolio.js';
import { portfolioTable, type PortfolioTable } from '../../domain/portfolio-table.js';
import { stageLabels } from '../../domain/stages.js';
import { formatNumber, formatRupiah } from '../../mail/format.js';
import type { Store } from '../../store/index.js';
import { as, sessionFor, url } from '../support/api.js';
import { buildPortfolio, portfolioDimension, portfolioFromApi, portfolioOpd, webSession, withSession, type BuiltPortfolio } from '../support/portfolio.js';
import { stack } from '../support/stack.js';
import { openStore } from '../support/store.js';

let store: Store;
let built: BuiltPortfolio;
let fromApi: PortfolioProgram[];
let expected: PortfolioOverview;
let sekdaCookie: string;
const filterQuery = `opd=${portfolioOpd}&dimensi=${portfolioDimension}`;

beforeAll(async () => {
  store = openStore();
  built = await buildPortfolio();
  // The order the portfolio lists programmes in: by creation.
  fromApi = (await portfolioFromApi()).sort((a, b) => (`${a.program.createdAt}#${a.program.id}` < `${b.program.createdAt}#${b.program.id}` ? -1 : 1));
  expected = portfolioOverview(fromApi, { opdId: portfolioOpd, dimension: portfolioDimension }, await store.portfolio.quickWins(), new Date().toISOString());
  sekdaCookie = await webSession('sekda');
});

afterAll(() => store?.close());

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'" };
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|#x27);/g, (e) => entities[e] ?? e)
    .replace(/\s+/g, ' ')
    .trim();

/** The body rows of the table captioned `caption`, as the text of each cell. */
function tableRows(html: string, caption: string): string[][] {
  const start = html.indexOf(`<caption class="visually-hidden">${caption}</caption>`);
  expect(start, `a table captioned "${caption}"`).toBeGreaterThan(-1);
  const body = html.slice(html.indexOf('<tbody>', start), html.indexOf('</tbody>', start));
  return [...body.matchAll(/<tr>(.*?)<\/tr>/gs)].map((row) => [...row[1]!.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/gs)].map((cell) => textOf(cell[1]!)));
}

const percentText = (v: number | null) => (v === null ? '—' : `${formatNumber(Math.round(v * 10) / 10)}%`);
const rupiahOrDash = (v: number | null | undefined) => (v === null || v === undefined ? '—' : formatRupiah(v));

async function expectedTable(): Promise<PortfolioTable> {
  return portfolioTable(expected.programs, namesOf(await loadReferences({ store }), stack().api));
}

describe('the portfolio on the dev stack', () => {
  it('holds the programmes made in this test, in their stages', () => {
    const stageOf = new Map(fromApi.map((p) => [p.program.id, p.program.stage]));

    expect(stageOf.get(built.inReview)).toBe('diskominfo_review');
    expect(stageOf.get(built.inApproval)).toBe('sekda_approval');
    expect(stageOf.get(built.rejected)).toBe('rejected');
    expect(stageOf.get(built.running)).toBe('implementation');
  });

  it('/dasbor shows the Sekda the key figures computed from the JSON API', async () => {
    const res = await withSession(sekdaCookie, `/dasbor?${filterQuery}`);
    const html = res.text;
    const figure = (term: string) => textOf(new RegExp(`<dd data-angka="${term}">(.*?)</dd>`).exec(html)?.[1] ?? '');

    expect(res.status).toBe(200);
    expect(figure('Program')).toBe(String(expected.programs.length));
    expect(figure('Sedang dilaksanakan')).toBe('1');
    expect(figure('Terlambat')).toBe(String(expected.overdue.length));
    expect(figure('Anggaran')).toBe(formatRupiah(expected.years.reduce((s, y) => s + y.plannedIdr, 0)));
    const reported = expected.years.flatMap((y) => (y.realisedIdr === null ? [] : [y.realisedIdr]));
    expect(figure('Realisasi anggaran')).toBe(reported.length === 0 ? 'Belum dilaporkan' : formatRupiah(reported.reduce((s, r) => s + r, 0)));
  });

  it('/dasbor counts by stage and shows budget and achievement per year as the API’s figures give them', async () => {
    const html = (await withSession(sekdaCookie, `/dasbor?${filterQuery}`)).text;

    expect(tableRows(html, 'Jumlah program per tahap')).toEqual(expected.byStage.map((g) => [stageLabels[g.key], String(g.programs.length)]));
    expect(tableRows(html, 'Anggaran dan realisasi anggaran per tahun: angka')).toEqual(
      expected.years.map((y) => [String(y.year), formatRupiah(y.plannedIdr), rupiahOrDash(y.realisedIdr)]),
    );
    expect(tableRows(html, 'Rata-rata capaian indikator terhadap target per tahun: angka')).toEqual(
      expected.years.map((y) => [String(y.year), percentText(y.meanAchievementPercent), String(y.indicatorsMeasured)]),
    );
    // The correction counts, not the report it corrected: 1,650 visits, not 1,500.
    const running = fromApi.find((p) => p.program.id === built.running)!;
    expect(indicatorYears(running).map((i) => i.realised)).toContain(1650);
    expect(indicatorYears(running).map((i) => i.realised)).not.toContain(1500);
  });

  it('/dasbor lists each quick win’s programmes with their stage and percent complete', async () => {
    const html = (await withSession(sekdaCookie, `/dasbor?${filterQuery}`)).text;

    expect(tableRows(html, 'Status quick win')).toEqual(
      expected.quickWins.flatMap((s) =>
        // A quick win no programme delivers yet is one row that says so.
        (s.deliveries.length === 0 ? [null] : s.deliveries).map((d) =>
          d === null
            ? [s.quickWin?.name ?? 'Quick win belum ditentukan', 'Belum ada program']
            : [s.quickWin?.name ?? 'Quick win belum ditentukan', d.program.proposal.title, stageLabels[d.program.stage], percentText(d.percentComplete)],
        ),
      ),
    );
    expect(expected.quickWins.flatMap((s) => s.deliveries.map((d) => d.percentComplete))).toContain(40);
  });

  it('/dasbor per programme: budget, realisation and stage of each', async () => {
    const html = (await withSession(sekdaCookie, `/dasbor?${filterQuery}`)).text;
    const rows = tableRows(html, (/Anggaran, realisasi dan capaian per program, tahun \d{4}/.exec(html) ?? [''])[0]);

    expect(rows.map((r) => [r[0], r[2]])).toEqual(expected.programs.map((p) => [p.program.proposal.title, stageLabels[p.program.stage]]));
    expect(rows.every((r) => r[4] === rupiahOrDash(120_000_000) || r[4] === rupiahOrDash(240_000_000))).toBe(true);
  });

  it('the CSV, downloaded with the web session, holds the table computed from the API, cell by cell', async () => {
    const res = await fetch(url(`/ekspor/program.csv?${filterQuery}`), { headers: { cookie: sekdaCookie } });
    const [header, ...rows]: string[][] = parse(Buffer.from(await res.arrayBuffer()), { bom: true });
    const table = await expectedTable();

    expect(res.status).toBe(200);
    expect(header).toEqual(table.columns.map((c) => c.header));
    expect(rows).toEqual(table.rows.map((row) => row.map((v) => (v === null ? '' : String(v)))));
    expect(rows).toHaveLength(expected.programs.length * 2);
  });

  it('the XLSX, downloaded with a bearer token, reads back with exceljs cell by cell', async () => {
    const res = await fetch(url(`/ekspor/program.xlsx?${filterQuery}`), { headers: { authorization: `Bearer ${await sessionFor('bupati')}` } });
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.getWorksheet('Program')!;
    const table = await expectedTable();

    const read = (r: number) => table.columns.map((_, i) => sheet.getRow(r).getCell(i + 1).value);

    expect(read(1)).toEqual(table.columns.map((c) => c.header));
    table.rows.forEach((row, r) => {
      expect(read(r + 2)).toEqual(row.map((v, i) => (v !== null && table.columns[i]!.kind === 'date' ? new Date(`${String(v)}T00:00:00.000Z`) : v)));
    });
  });

  it('an OPD head’s bearer token is refused the exports as problem+json', async () => {
    const res = await as('kadis-pariwisata', 'GET', `/ekspor/program.csv?${filterQuery}`);

    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
