/**
 * `/dasbor`: the portfolio (docs/product.md §9) for the Bupati, Wakil Bupati, Sekda, the
 * secretariat, Diskominfo and viewers (Inspektorat). Counts and lists by stage, dimension,
 * sub-dimension, OPD and quick win; overdue work, oldest first; each quick win's status; budget
 * and indicator realisation per year as charts with their figures beside them; per programme,
 * the figures of one year. Filters are a GET form (`tahun`, `opd`, `dimensi`), the same the
 * exports take, so "Unduh" gives what the page shows.
 */
import { Hono, type Context } from 'hono';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { wibDate } from '../../domain/calendar.js';
import {
  budgetYears,
  indicatorYears,
  notStated,
  percentComplete,
  type Group,
  type PortfolioFilter,
  type PortfolioOverview,
  type PortfolioProgram,
} from '../../domain/portfolio.js';
import { isActiveOpd } from '../../domain/opds.js';
import type { TableNames } from '../../domain/portfolio-table.js';
import { portfolioRefusal } from '../../domain/roles.js';
import { stageLabels, type Stage } from '../../domain/stages.js';
import { formatNumber, formatRupiah } from '../../mail/format.js';
import type { AppDeps } from '../context.js';
import { filterOf, loadOverview, loadReferences, namesOf, type References } from '../portfolio-view.js';
import { chartCss, GroupedBarChart, LineChart } from '../views/charts.js';
import { Actions, Button, ErrorSummary, Notice, Select, type FieldError } from '../views/components.js';
import { formatDate } from '../views/dates.js';
import { appPage } from './chrome.js';
import { viewerOf, type WebEnv } from './session.js';

const compact = new Intl.NumberFormat('id-ID', { notation: 'compact', maximumFractionDigits: 1 });
const percentText = (v: number) => `${formatNumber(Math.round(v * 10) / 10)}%`;
const rupiahAxis = (v: number) => `Rp ${compact.format(v)}`;
const orDash = <T,>(v: T | null | undefined, format: (v: T) => string) => (v === null || v === undefined ? '—' : format(v));

/** What a refused filter says, per field. */
const filterMessages: Record<string, string> = {
  tahun: 'Pilih tahun dari daftar.',
  opd: 'Pilih OPD dari daftar.',
  dimensi: 'Pilih dimensi dari daftar.',
};

function Section(p: { id: string; title: string; children: Child }) {
  return (
    <section aria-labelledby={p.id} class="card">
      <h2 id={p.id}>{p.title}</h2>
      {p.children}
    </section>
  );
}

function ProgramLink(p: { program: { id: string; proposal: { title: string } } }) {
  return <a href={`/program/${p.program.id}`}>{p.program.proposal.title}</a>;
}

/** A table of groups: their name, how many programmes, and a link to them in the programme list. */
function CountTable(p: { caption: string; header: string; groups: { label: string; count: number; href?: string }[] }) {
  return (
    <div class="table-scroll">
      <table>
        <caption class="visually-hidden">{p.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{p.header}</th>
            <th scope="col" class="number">
              Jumlah program
            </th>
          </tr>
        </thead>
        <tbody>
          {p.groups.map((g) => (
            <tr>
              <th scope="row">{g.href && g.count > 0 ? <a href={g.href}>{g.label}</a> : g.label}</th>
              <td class="number">{g.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Filters(p: { query: Record<string, string>; refs: References; years: number[]; errors: FieldError[] }) {
  const error = (field: string) => p.errors.find((e) => e.field === field)?.message;
  const downloads = new URLSearchParams(Object.entries(p.query).filter(([k, v]) => ['tahun', 'opd', 'dimensi'].includes(k) && v !== ''));
  const suffix = downloads.size > 0 ? `?${downloads.toString()}` : '';
  return (
    <form method="get" action="/dasbor" class="filters card" aria-label="Saring dasbor">
      <Select
        name="tahun"
        label="Tahun"
        placeholder="Semua tahun"
        options={p.years.map((y) => ({ value: String(y), label: String(y) }))}
        value={p.query['tahun']}
        error={error('tahun')}
        narrow
      />
      <Select
        name="opd"
        label="OPD"
        placeholder="Semua OPD"
        options={p.refs.opds.filter(isActiveOpd).map((o) => ({ value: o.id, label: o.name }))}
        value={p.query['opd']}
        error={error('opd')}
      />
      <Select
        name="dimensi"
        label="Dimensi"
        placeholder="Semua dimensi"
        options={p.refs.dimensions.map((d) => ({ value: d.id, label: d.name }))}
        value={p.query['dimensi']}
        error={error('dimensi')}
      />
      <Actions>
        <Button variant="secondary">Tampilkan</Button>
        <a class="button button-secondary" href={`/ekspor/program.xlsx${suffix}`}>
          Unduh Excel (XLSX)
        </a>
        <a class="button button-secondary" href={`/ekspor/program.csv${suffix}`}>
          Unduh CSV
        </a>
      </Actions>
    </form>
  );
}

function KeyFigures(p: { overview: PortfolioOverview; year: number | undefined }) {
  const { overview } = p;
  const running = overview.byStage.find((g) => g.key === 'implementation')?.programs.length ?? 0;
  const planned = overview.years.reduce((s, y) => s + y.plannedIdr, 0);
  const reported = overview.years.flatMap((y) => (y.realisedIdr === null ? [] : [y.realisedIdr]));
  const figures = [
    { term: 'Program', value: String(overview.programs.length) },
    { term: 'Sedang dilaksanakan', value: String(running) },
    { term: 'Terlambat', value: String(overview.overdue.length) },
    { term: 'Anggaran', value: formatRupiah(planned) },
    { term: 'Realisasi anggaran', value: reported.length === 0 ? 'Belum dilaporkan' : formatRupiah(reported.reduce((s, r) => s + r, 0)) },
  ];
  return (
    <>
      <dl class="key-figures">
        {figures.map((f) => (
          <div>
            <dt>{f.term}</dt>
            <dd data-angka={f.term}>{f.value}</dd>
          </div>
        ))}
      </dl>
      <p class="hint">
        Anggaran dan realisasi: {p.year === undefined ? 'jumlah seluruh tahun program' : `tahun ${p.year}`}, menurut rincian anggaran per tahun dan laporan yang
        masuk.
      </p>
    </>
  );
}

function Charts(p: { overview: PortfolioOverview }) {
  const years = p.overview.years;
  if (years.length === 0) return null;
  const categories = years.map((y) => String(y.year));
  const achievements = years.map((y) => y.meanAchievementPercent);
  return (
    <Section id="grafik" title="Anggaran dan capaian per tahun">
      <GroupedBarChart
        id="grafik-anggaran"
        caption="Anggaran dan realisasi anggaran per tahun"
        summary={years.map((y) => `${y.year}: anggaran ${formatRupiah(y.plannedIdr)}, realisasi ${orDash(y.realisedIdr, formatRupiah)}`).join('; ')}
        categories={categories}
        series={[
          { name: 'Anggaran', style: 'outline', values: years.map((y) => y.plannedIdr) },
          { name: 'Realisasi', style: 'solid', values: years.map((y) => y.realisedIdr) },
        ]}
        format={formatRupiah}
        axisFormat={rupiahAxis}
      />
      <LineChart
        id="grafik-capaian"
        caption="Rata-rata capaian indikator terhadap target per tahun"
        summary={years.map((y) => `${y.year}: ${orDash(y.meanAchievementPercent, percentText)} dari ${y.indicatorsMeasured} indikator terukur`).join('; ')}
        categories={categories}
        name="Rata-rata capaian"
        values={achievements}
        reference={{ value: 100, name: 'Target (100%)' }}
        format={percentText}
        extraColumns={{ header: 'Indikator terukur', values: years.map((y) => String(y.indicatorsMeasured)) }}
      />
      <p class="hint">
        Realisasi indikator suatu tahun adalah nilai pada laporan periode terakhir tahun itu; realisasi anggaran adalah jumlah realisasi seluruh periode tahun
        itu. Perbaikan laporan menggantikan laporan periode yang sama.
      </p>
    </Section>
  );
}

function Overdue(p: { overview: PortfolioOverview; names: TableNames }) {
  const shown = p.overview.overdue.slice(0, 50);
  return (
    <Section id="terlambat" title="Pekerjaan terlambat">
      {shown.length === 0 ? (
        <p>Tidak ada pekerjaan yang terlambat.</p>
      ) : (
        <>
          <p>Diurutkan dari yang paling lama terlambat.</p>
          <div class="table-scroll">
            <table>
              <caption class="visually-hidden">Pekerjaan terlambat</caption>
              <thead>
                <tr>
                  <th scope="col">Program</th>
                  <th scope="col">OPD</th>
                  <th scope="col">Tahap</th>
                  <th scope="col">Batas waktu</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((program) => (
                  <tr>
                    <td>
                      <ProgramLink program={program} />
                    </td>
                    <td>{p.names.opds.get(program.proposal.opdId) ?? program.proposal.opdId}</td>
                    <td>{stageLabels[program.stage]}</td>
                    <td>{program.dueDate ? formatDate(program.dueDate) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {p.overview.overdue.length > shown.length ? (
            <p>
              Dan {p.overview.overdue.length - shown.length} lainnya: <a href="/program?terlambat=ya">lihat semua yang terlambat</a>.
            </p>
          ) : null}
        </>
      )}
    </Section>
  );
}

function QuickWins(p: { overview: PortfolioOverview }) {
  return (
    <Section id="quick-win" title="Status quick win">
      {p.overview.quickWins.length === 0 ? (
        <p>Masterplan belum menetapkan quick win dan belum ada program quick win.</p>
      ) : (
        <div class="table-scroll">
          <table>
            <caption class="visually-hidden">Status quick win</caption>
            <thead>
              <tr>
                <th scope="col">Quick win</th>
                <th scope="col">Program</th>
                <th scope="col">Tahap</th>
                <th scope="col" class="number">
                  Selesai
                </th>
              </tr>
            </thead>
            <tbody>
              {p.overview.quickWins.flatMap((s) => {
                const name = s.quickWin?.name ?? 'Quick win belum ditentukan';
                if (s.deliveries.length === 0) {
                  return [
                    <tr>
                      <th scope="row">{name}</th>
                      <td colspan={3}>Belum ada program</td>
                    </tr>,
                  ];
                }
                return s.deliveries.map((d) => (
                  <tr>
                    <th scope="row">{name}</th>
                    <td>
                      <ProgramLink program={d.program} />
                    </td>
                    <td>{stageLabels[d.program.stage]}</td>
                    <td class="number">{orDash(d.percentComplete, percentText)}</td>
                  </tr>
                ));
              })}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

function Groups(p: { overview: PortfolioOverview; names: TableNames; filter: PortfolioFilter }) {
  const listHref = (extra: Record<string, string>) =>
    `/program?${new URLSearchParams({ ...(p.filter.opdId ? { opd: p.filter.opdId } : {}), ...extra }).toString()}`;
  const named = (groups: Group<string>[], names: ReadonlyMap<string, string>, href?: (key: string) => string) =>
    groups.map((g) => ({
      label: g.key === notStated ? 'Tidak diisi' : (names.get(g.key) ?? g.key),
      count: g.programs.length,
      ...(href ? { href: href(g.key) } : {}),
    }));
  return (
    <Section id="rekap" title="Jumlah program">
      <h3>Per tahap</h3>
      <CountTable
        caption="Jumlah program per tahap"
        header="Tahap"
        groups={p.overview.byStage.map((g: Group<Stage>) => ({ label: stageLabels[g.key], count: g.programs.length, href: listHref({ tahap: g.key }) }))}
      />
      <h3>Per dimensi</h3>
      <CountTable
        caption="Jumlah program per dimensi"
        header="Dimensi"
        groups={named(p.overview.byDimension, p.names.dimensions, (k) => listHref({ dimensi: k }))}
      />
      <h3>Per sub-dimensi</h3>
      <CountTable caption="Jumlah program per sub-dimensi" header="Sub-dimensi" groups={named(p.overview.bySubDimension, p.names.subDimensions)} />
      <h3>Per OPD</h3>
      <CountTable
        caption="Jumlah program per OPD"
        header="OPD"
        groups={named(p.overview.byOpd, p.names.opds, (k) => `/program?opd=${encodeURIComponent(k)}`)}
      />
    </Section>
  );
}

/** The year the per-programme table shows: the one asked for, else this year when the portfolio has it, else its last. */
function shownYear(overview: PortfolioOverview, filter: PortfolioFilter, now: Date): number | null {
  if (filter.year !== undefined) return filter.year;
  const thisYear = Number(wibDate(now).slice(0, 4));
  const years = overview.years.map((y) => y.year);
  return years.includes(thisYear) ? thisYear : (years.at(-1) ?? null);
}

function meanAchievement(p: PortfolioProgram, year: number): number | null {
  const measured = indicatorYears(p, year).flatMap((i) => (i.achievementPercent === null ? [] : [i.achievementPercent]));
  return measured.length === 0 ? null : measured.reduce((s, a) => s + a, 0) / measured.length;
}

function Programmes(p: { overview: PortfolioOverview; names: TableNames; year: number | null }) {
  const { year } = p;
  if (year === null) return null;
  return (
    <Section id="per-program" title={`Per program, tahun ${year}`}>
      <div class="table-scroll">
        <table>
          <caption class="visually-hidden">Anggaran, realisasi dan capaian per program, tahun {year}</caption>
          <thead>
            <tr>
              <th scope="col">Program</th>
              <th scope="col">OPD</th>
              <th scope="col">Tahap</th>
              <th scope="col" class="number">
                Selesai
              </th>
              <th scope="col" class="number">
                Anggaran {year}
              </th>
              <th scope="col" class="number">
                Realisasi {year}
              </th>
              <th scope="col" class="number">
                Capaian indikator {year}
              </th>
            </tr>
          </thead>
          <tbody>
            {p.overview.programs.map((item) => {
              const budget = budgetYears(item, year)[0];
              return (
                <tr>
                  <td>
                    <ProgramLink program={item.program} />
                  </td>
                  <td>{p.names.opds.get(item.program.proposal.opdId) ?? item.program.proposal.opdId}</td>
                  <td>{stageLabels[item.program.stage]}</td>
                  <td class="number">{orDash(percentComplete(item), percentText)}</td>
                  <td class="number">{orDash(budget?.plannedIdr, formatRupiah)}</td>
                  <td class="number">{orDash(budget?.realisedIdr, formatRupiah)}</td>
                  <td class="number">{orDash(meanAchievement(item, year), percentText)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p class="hint">“—”: tidak diisi, belum dilaporkan, atau program tidak berjalan pada tahun itu.</p>
    </Section>
  );
}

const dashboardCss = `
.key-figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(12em,1fr));gap:12px;margin:0 0 16px}
.key-figures>div{background:#fff;border:1px solid #d9dde3;border-radius:8px;padding:12px 14px}
.key-figures dt{font-size:.92rem;color:#334e68}
.key-figures dd{margin:4px 0 0;font-size:1.2rem;font-weight:700;color:#102a43}
${chartCss}`;

export function dashboardRoutes(deps: AppDeps) {
  const page = (c: Context<WebEnv>, status: 200 | 400 | 403, children: Child, hasErrors = false) =>
    c.html(appPage({ title: 'Dasbor', viewer: viewerOf(c), current: '/dasbor', hasErrors, children }), status);

  return new Hono<WebEnv>().get('/', async (c) => {
    const { person } = viewerOf(c);
    if (portfolioRefusal(person)) {
      return page(
        c,
        403,
        <>
          <h1>Dasbor tidak tersedia untuk Anda</h1>
          <p>Dasbor portofolio dibaca oleh Bupati, Wakil Bupati, Sekda, Sekretariat, Diskominfo, dan pemeriksa seperti Inspektorat.</p>
          <p>
            Program OPD Anda ada di <a href="/program">daftar program</a>.
          </p>
        </>,
      );
    }
    const query = c.req.query();
    const refs = await loadReferences(deps);
    const { filter, problems } = filterOf(query, refs);
    const errors = problems.map((pr) => ({ field: pr.path, message: filterMessages[pr.path] ?? 'Periksa saringan ini.' }));
    const now = new Date();
    const overview = await loadOverview(deps, problems.length > 0 ? {} : filter, refs, now);
    const names = namesOf(refs, deps.publicBaseUrl);
    const allYears = [...new Set([...overview.years.map((y) => y.year), ...(filter.year ? [filter.year] : []), Number(wibDate(now).slice(0, 4))])].sort(
      (a, b) => a - b,
    );
    const body = (
      <>
        <style>{raw(dashboardCss)}</style>
        <h1>Dasbor portofolio</h1>
        <ErrorSummary errors={errors} />
        <p class="lead">Program Smart City seluruh OPD: tahap, keterlambatan, quick win, anggaran, dan capaian indikator.</p>
        <Filters query={query} refs={refs} years={allYears} errors={errors} />
        {problems.length > 0 ? null : overview.programs.length === 0 ? (
          <Notice kind="info">Belum ada program yang sesuai dengan saringan ini.</Notice>
        ) : (
          <>
            <KeyFigures overview={overview} year={filter.year} />
            <Charts overview={overview} />
            <Overdue overview={overview} names={names} />
            <QuickWins overview={overview} />
            <Groups overview={overview} names={names} filter={filter} />
            <Programmes overview={overview} names={names} year={shownYear(overview, filter, now)} />
          </>
        )}
      </>
    );
    return page(c, problems.length > 0 ? 400 : 200, body, problems.length > 0);
  });
}
