/**
 * Charts drawn on the server as SVG: readable without JavaScript, printable, and each with a
 * text alternative (the SVG's <title> and <desc>, a caption, and the same figures as a table
 * right after it). Geometry comes from d3-scale (positions, bands, ticks) and d3-shape (the
 * line), never worked out by hand. Series differ by shape and fill pattern as well as colour,
 * and the legend names them in words.
 */
import { scaleBand, scaleLinear, scalePoint } from 'd3-scale';
import { line } from 'd3-shape';
import type { Child } from 'hono/jsx';

const width = 640;
const height = 280;
const margin = { top: 16, right: 16, bottom: 36, left: 96 };
const plot = { left: margin.left, right: width - margin.right, top: margin.top, bottom: height - margin.bottom };

export interface ChartTableRow {
  label: string;
  values: string[];
}

/** A chart with its caption and its figures as a table (the text alternative everyone can read). */
function Figure(p: { id: string; caption: string; summary: string; svg: Child; headers: string[]; rows: ChartTableRow[] }) {
  return (
    <figure class="chart" aria-labelledby={`${p.id}-caption`}>
      <figcaption id={`${p.id}-caption`}>{p.caption}</figcaption>
      {p.svg}
      <div class="table-scroll">
        <table>
          <caption class="visually-hidden">{p.caption}: angka</caption>
          <thead>
            <tr>
              {p.headers.map((h, i) => (
                <th scope="col" class={i === 0 ? undefined : 'number'}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r) => (
              <tr>
                <th scope="row">{r.label}</th>
                {r.values.map((v) => (
                  <td class="number">{v}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

function Svg(p: { id: string; title: string; desc: string; children: Child }) {
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      role="img"
      aria-labelledby={`${p.id}-title ${p.id}-desc`}
      xmlns="http://www.w3.org/2000/svg"
      preserveAspectRatio="xMidYMid meet"
    >
      <title id={`${p.id}-title`}>{p.title}</title>
      <desc id={`${p.id}-desc`}>{p.desc}</desc>
      {p.children}
    </svg>
  );
}

/** Horizontal grid lines and the value axis, at the scale's own ticks. */
function ValueAxis(p: { ticks: number[]; y: (v: number) => number; format: (v: number) => string }) {
  return (
    <g class="axis" aria-hidden="true">
      {p.ticks.map((t) => (
        <g>
          <line x1={plot.left} x2={plot.right} y1={p.y(t)} y2={p.y(t)} class="grid" />
          <text x={plot.left - 6} y={p.y(t)} dy="0.32em" text-anchor="end">
            {p.format(t)}
          </text>
        </g>
      ))}
    </g>
  );
}

function CategoryLabels(p: { labels: { text: string; x: number }[] }) {
  return (
    <g class="axis" aria-hidden="true">
      {p.labels.map((l) => (
        <text x={l.x} y={plot.bottom + 22} text-anchor="middle">
          {l.text}
        </text>
      ))}
    </g>
  );
}

export interface BarSeries {
  name: string;
  /** 'solid' or 'outline': told apart without colour. */
  style: 'solid' | 'outline';
  values: (number | null)[];
}

/**
 * Bars grouped by category (a year), one bar per series: for a plan against its realisation.
 * Missing values draw no bar and read "—" in the table.
 */
export function GroupedBarChart(p: {
  id: string;
  caption: string;
  summary: string;
  categories: string[];
  series: BarSeries[];
  format: (v: number) => string;
  axisFormat: (v: number) => string;
}) {
  const x = scaleBand<string>().domain(p.categories).range([plot.left, plot.right]).paddingInner(0.25).paddingOuter(0.1);
  const inner = scaleBand<string>()
    .domain(p.series.map((s) => s.name))
    .range([0, x.bandwidth()])
    .padding(0.08);
  const max = Math.max(0, ...p.series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const y = scaleLinear()
    .domain([0, max > 0 ? max : 1])
    .nice(5)
    .range([plot.bottom, plot.top]);
  const svg = (
    <Svg id={p.id} title={p.caption} desc={p.summary}>
      <ValueAxis ticks={y.ticks(5)} y={y} format={p.axisFormat} />
      {p.series.map((s) => (
        <g class={`bars bars-${s.style}`}>
          {s.values.map((v, i) => {
            const category = p.categories[i]!;
            if (v === null) return null;
            return (
              <rect x={(x(category) ?? 0) + (inner(s.name) ?? 0)} y={y(v)} width={inner.bandwidth()} height={Math.max(0, y(0) - y(v))}>
                <title>{`${s.name} ${category}: ${p.format(v)}`}</title>
              </rect>
            );
          })}
        </g>
      ))}
      <CategoryLabels labels={p.categories.map((c) => ({ text: c, x: (x(c) ?? 0) + x.bandwidth() / 2 }))} />
    </Svg>
  );
  return (
    <>
      <Legend series={p.series.map((s) => ({ name: s.name, mark: s.style === 'solid' ? 'bar-solid' : 'bar-outline' }))} />
      <Figure
        id={p.id}
        caption={p.caption}
        summary={p.summary}
        svg={svg}
        headers={['Tahun', ...p.series.map((s) => s.name)]}
        rows={p.categories.map((c, i) => ({ label: c, values: p.series.map((s) => (s.values[i] === null ? '—' : p.format(s.values[i]!))) }))}
      />
    </>
  );
}

/**
 * One value per category joined by a line, with a dashed reference line (e.g. 100 % of
 * target); categories without a value break the line.
 */
export function LineChart(p: {
  id: string;
  caption: string;
  summary: string;
  categories: string[];
  name: string;
  values: (number | null)[];
  reference: { value: number; name: string };
  format: (v: number) => string;
  extraColumns?: { header: string; values: string[] };
}) {
  const x = scalePoint<string>().domain(p.categories).range([plot.left, plot.right]).padding(0.5);
  const max = Math.max(p.reference.value, ...p.values.map((v) => v ?? 0));
  const y = scaleLinear().domain([0, max]).nice(5).range([plot.bottom, plot.top]);
  const points = p.categories.map((c, i) => ({ c, v: p.values[i] ?? null }));
  const path = line<{ c: string; v: number | null }>()
    .defined((d) => d.v !== null)
    .x((d) => x(d.c) ?? 0)
    .y((d) => y(d.v ?? 0))(points);
  const svg = (
    <Svg id={p.id} title={p.caption} desc={p.summary}>
      <ValueAxis ticks={y.ticks(5)} y={y} format={p.format} />
      <line class="reference" x1={plot.left} x2={plot.right} y1={y(p.reference.value)} y2={y(p.reference.value)} />
      {path === null ? null : <path class="series-line" d={path} />}
      {points.map((d) =>
        d.v === null ? null : (
          <circle class="series-point" cx={x(d.c) ?? 0} cy={y(d.v)} r={5}>
            <title>{`${p.name} ${d.c}: ${p.format(d.v)}`}</title>
          </circle>
        ),
      )}
      <CategoryLabels labels={p.categories.map((c) => ({ text: c, x: x(c) ?? 0 }))} />
    </Svg>
  );
  return (
    <>
      <Legend
        series={[
          { name: p.name, mark: 'line' },
          { name: p.reference.name, mark: 'reference' },
        ]}
      />
      <Figure
        id={p.id}
        caption={p.caption}
        summary={p.summary}
        svg={svg}
        headers={['Tahun', p.name, ...(p.extraColumns ? [p.extraColumns.header] : [])]}
        rows={p.categories.map((c, i) => ({
          label: c,
          values: [
            p.values[i] === null || p.values[i] === undefined ? '—' : p.format(p.values[i]),
            ...(p.extraColumns ? [p.extraColumns.values[i] ?? ''] : []),
          ],
        }))}
      />
    </>
  );
}

/** The key to a chart's series, in words beside a sample of each mark. */
function Legend(p: { series: { name: string; mark: 'bar-solid' | 'bar-outline' | 'line' | 'reference' }[] }) {
  return (
    <ul class="legend" aria-hidden="true">
      {p.series.map((s) => (
        <li>
          <span class={`legend-mark legend-${s.mark}`}></span> {s.name}
        </li>
      ))}
    </ul>
  );
}

/** The charts' own styles, printing included (black on white, no colour needed). */
export const chartCss = `
.chart{margin:0 0 20px}
.chart figcaption{font-weight:700;margin:0 0 8px}
.chart svg{display:block;max-width:100%;height:auto;background:#fff;border:1px solid #d9dde3}
.chart .grid{stroke:#d9dde3;stroke-width:1}
.chart .axis text{font-size:13px;fill:#334e68}
.chart .bars-solid rect{fill:#1d4f91}
.chart .bars-outline rect{fill:#fff;stroke:#0b6e4f;stroke-width:3}
.chart .series-line{fill:none;stroke:#1d4f91;stroke-width:3}
.chart .series-point{fill:#1d4f91;stroke:#fff;stroke-width:2}
.chart .reference{stroke:#b44d12;stroke-width:2;stroke-dasharray:6 4}
.legend{list-style:none;display:flex;flex-wrap:wrap;gap:4px 20px;padding:0;margin:0 0 6px;font-size:.92rem}
.legend-mark{display:inline-block;width:22px;height:12px;vertical-align:middle;margin-right:4px}
.legend-bar-solid{background:#1d4f91}
.legend-bar-outline{border:3px solid #0b6e4f;background:#fff}
.legend-line{height:3px;background:#1d4f91}
.legend-reference{height:0;border-top:2px dashed #b44d12}
td.number{text-align:right;font-variant-numeric:tabular-nums}
th.number{text-align:right}
@media print{
.site-nav,.person,.skip-link,.filters .actions{display:none}
.site-header{background:none;color:#000}
.site-header .brand,.site-header .regency{color:#000}
body{background:#fff}
.chart,.card,table{break-inside:avoid}
.chart .bars-solid rect{fill:#000}
.chart .bars-outline rect{stroke:#000}
.chart .series-line{stroke:#000}
.chart .series-point{fill:#000}
.chart .reference{stroke:#000}
a{color:#000;text-decoration:none}
}
`;
