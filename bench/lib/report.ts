/**
 * bench/RESULTS.md as a function of the raw result files: the newest run of each bench script,
 * every figure beside its baseline and target with the file it comes from, any other result file
 * with samples and percentiles (a generic section), and the extrapolation to every regency.
 * Pure: reading and writing files is bench/report.ts.
 */
import { extrapolate, type MeasuredCosts, unitPrices } from './extrapolate.js';
import { runFormat, type BenchRun, type Figure } from './results.js';

export interface ResultFile {
  /** Path relative to the repository, as the report names it. */
  path: string;
  data: unknown;
}

/** A result file of another shape: samples and percentiles, optionally a baseline. */
export interface GenericSeries {
  name: string;
  unit: string;
  samples: number[];
  p50: number;
  p95: number;
  p99?: number;
  baseline?: { name?: string; p50?: number; p95?: number; p99?: number; samples?: number[] };
  machine?: unknown;
  commit?: string;
  startedAt?: string;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

export function isBenchRun(x: unknown): x is BenchRun {
  return isObject(x) && x['format'] === runFormat && typeof x['script'] === 'string' && Array.isArray(x['figures']);
}

export function isGenericSeries(x: unknown): x is GenericSeries {
  return (
    isObject(x) &&
    typeof x['name'] === 'string' &&
    typeof x['unit'] === 'string' &&
    Array.isArray(x['samples']) &&
    typeof x['p50'] === 'number' &&
    typeof x['p95'] === 'number'
  );
}

export interface Verdict {
  ratio: number | null;
  met: boolean | null;
}

/** The figure's ratio to its baseline, and whether it meets its target (null when it has none). */
export function verdictOf(f: Figure): Verdict {
  const ratio = f.baseline && f.baseline.value !== 0 ? f.value / f.baseline.value : null;
  const t = f.target;
  if (!t) return { ratio, met: null };
  const measured = t.kind.startsWith('ratio') ? ratio : f.value;
  if (measured === null) return { ratio, met: null };
  return { ratio, met: t.kind.endsWith('max') ? measured <= t.limit : measured >= t.limit };
}

export function targetText(f: Figure): string {
  const t = f.target;
  if (!t) return '(reported)';
  const op = t.kind.endsWith('max') ? '≤' : '≥';
  return t.kind.startsWith('ratio') ? `${op} ${t.limit}× baseline` : `${op} ${num(t.limit)} ${f.unit}`;
}

export function num(n: number, digits?: number): string {
  if (!Number.isFinite(n)) return '—';
  const d = digits ?? (Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2);
  return n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: 0 });
}

function mdTable(header: string[], rows: string[][]): string {
  const esc = (c: string) => c.replace(/\|/g, '\\|');
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

/** The newest run of each script. */
export function newestRuns(files: readonly ResultFile[]): { path: string; run: BenchRun }[] {
  const byScript = new Map<string, { path: string; run: BenchRun }>();
  for (const f of files) {
    if (!isBenchRun(f.data)) continue;
    const seen = byScript.get(f.data.script);
    if (!seen || seen.run.startedAt < f.data.startedAt) byScript.set(f.data.script, { path: f.path, run: f.data });
  }
  return [...byScript.values()].sort((a, b) => a.run.script.localeCompare(b.run.script));
}

function verdictText(v: Verdict): string {
  return v.met === null ? '—' : v.met ? 'met' : '**not met**';
}

function figureRow(f: Figure, path: string): string[] {
  const v = verdictOf(f);
  return [
    f.label,
    `${num(f.value)} ${f.unit}`,
    f.baseline ? `${num(f.baseline.value)} ${f.unit} (${f.baseline.label})` : '—',
    v.ratio === null ? '—' : `${num(v.ratio, 2)}×`,
    targetText(f),
    verdictText(v),
    `\`${path}\``,
  ];
}

function sizes(run: BenchRun): string {
  return Object.entries(run.options)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
}

function load(run: BenchRun): string {
  const [start] = run.machine.loadStart;
  const [end] = run.machine.loadEnd;
  return `1-min load average ${num(start ?? NaN)} at the start, ${num(end ?? NaN)} at the end, on ${run.machine.cpus} cores`;
}

function runSection(path: string, run: BenchRun): string {
  const out: string[] = [];
  out.push(`## ${run.script}`);
  out.push('');
  out.push(`From \`${path}\`: started ${run.startedAt}, finished ${run.finishedAt}; commit \`${run.commit}\`${run.dirty ? ' with uncommitted changes' : ''}.`);
  out.push(`${run.quick ? '**Reduced sizes (`--quick`)**' : 'Sizes'}: ${sizes(run) || 'defaults'}.`);
  out.push(
    `Machine: ${run.machine.cpus} × ${run.machine.cpuModel}, ${num(run.machine.memoryGiB)} GiB, Node ${run.machine.node}, Linux ${run.machine.kernel}; ${load(run)}.`,
  );
  if (Math.max(run.machine.loadStart[0] ?? 0, run.machine.loadEnd[0] ?? 0) > run.machine.cpus) {
    out.push(
      '**The machine was busy with other work**: wall-clock figures (latencies, rates) here measure the machine as much as alur; CPU seconds per programme of one process are the figures it can judge.',
    );
  }
  out.push('');
  if (run.figures.length > 0) {
    out.push(
      mdTable(
        ['figure', 'value', 'baseline (same run)', 'ratio', 'target', 'verdict', 'file'],
        run.figures.map((f) => figureRow(f, path)),
      ),
    );
    const notes = run.figures.filter((f) => f.note);
    if (notes.length > 0) {
      out.push('');
      for (const f of notes) out.push(`- ${f.label}: ${f.note}`);
    }
    out.push('');
  }
  if (run.series.length > 0) {
    out.push('Samples (the percentiles above come from these, kept in the file):');
    out.push('');
    out.push(
      mdTable(
        ['series', 'n', 'p50', 'p95', 'p99', 'unit'],
        run.series.map((s) => [s.name, String(s.samples.length), num(s.p50), num(s.p95), num(s.p99), s.unit]),
      ),
    );
    out.push('');
  }
  for (const phase of run.cpu) {
    const total = Object.values(phase.byProcess).reduce((a, b) => a + b, 0);
    const per = phase.units ? ` (${phase.units.count} ${phase.units.of}; the last column is per one)` : '';
    out.push(`CPU seconds by process, ${phase.phase}, ${num(phase.wallSeconds)} s wall${per}:`);
    out.push('');
    const entries = Object.entries(phase.byProcess).sort((a, b) => b[1] - a[1]);
    out.push(
      mdTable(
        ['process', 'CPU s', 'share', ...(phase.units ? [`per ${phase.units.of.replace(/s$/, '')}`] : [])],
        entries.map(([k, s]) => [k, num(s), `${num((100 * s) / (total || 1), 0)} %`, ...(phase.units ? [num(s / phase.units.count, 3)] : [])]),
      ),
    );
    out.push('');
  }
  for (const b of run.breakdowns ?? []) {
    out.push(`${b.title}:`);
    out.push('');
    out.push(
      mdTable(
        ['', b.unit],
        b.rows.map(([k, v]) => [k, num(v)]),
      ),
    );
    out.push('');
  }
  const inv = run.invariants;
  out.push(
    inv.failed.length === 0
      ? `Invariants: all ${inv.passed.length} held.`
      : `Invariants: **${inv.failed.length} violated**: ${inv.failed.map((f) => `"${f}"`).join('; ')} (${inv.passed.length} held).`,
  );
  out.push('');
  return out.join('\n');
}

function genericSection(files: readonly ResultFile[]): string | null {
  const rows: string[][] = [];
  for (const f of files) {
    if (isBenchRun(f.data)) continue;
    const items = Array.isArray(f.data) ? f.data : [f.data];
    for (const s of items) {
      if (!isGenericSeries(s)) continue;
      const b = s.baseline;
      const ratio = b?.p95 ? s.p95 / b.p95 : null;
      rows.push([
        s.name,
        String(s.samples.length),
        `${num(s.p50)} / ${num(s.p95)}${s.p99 !== undefined ? ` / ${num(s.p99)}` : ''} ${s.unit}`,
        b ? `${b.name ? `${b.name}: ` : ''}${num(b.p50 ?? NaN)} / ${num(b.p95 ?? NaN)} ${s.unit}` : '—',
        ratio === null ? '—' : `${num(ratio, 2)}× (p95)`,
        `${s.startedAt ?? '—'}, \`${s.commit ?? '—'}\``,
        `\`${f.path}\``,
      ]);
    }
  }
  if (rows.length === 0) return null;
  return [
    '## Other measurements',
    '',
    'Every other file under `bench/results/` with samples and percentiles, as its script wrote it.',
    '',
    mdTable(['name', 'n', 'p50 / p95 (/ p99)', 'baseline p50 / p95', 'ratio', 'run', 'file'], rows),
    '',
  ].join('\n');
}

const costSources: Record<keyof MeasuredCosts, string> = {
  workerCpuSecondsPerLifecycle: 'lifecycle-throughput',
  temporalActionsPerLifecycle: 'lifecycle-throughput',
  dynamoWritesPerLifecycle: 'lifecycle-throughput',
  dynamoReadsPerLifecycle: 'lifecycle-throughput',
  emailsPerLifecycle: 'lifecycle-throughput',
  storedBytesPerProgramme: 'lifecycle-throughput',
  emailsPerReportRound: 'reminder-burst',
  temporalActionsPerReportRound: 'reminder-burst',
  workerCpuSecondsPerEmail: 'reminder-burst',
  burstEmailsPerSecond: 'reminder-burst',
};

function extrapolationSection(runs: readonly { path: string; run: BenchRun }[]): string {
  const out = ['## What 500+ regencies and cities would need', ''];
  const costs: Partial<MeasuredCosts> = {};
  const missing: string[] = [];
  const used = new Set<string>();
  for (const [name, script] of Object.entries(costSources) as [keyof MeasuredCosts, string][]) {
    const source = runs.find((r) => r.run.script === script);
    const value = source?.run.costs[name];
    if (source && typeof value === 'number' && Number.isFinite(value)) {
      costs[name] = value;
      used.add(source.path);
    } else missing.push(`${name} (from ${script})`);
  }
  if (missing.length > 0) {
    out.push(`Not computed: the results lack ${missing.join(', ')}.`, '');
    return out.join('\n');
  }
  out.push(
    `Computed by \`bench/lib/extrapolate.ts\` from the per-programme costs in ${[...used].map((p) => `\`${p}\``).join(' and ')}. ` +
      'Assumptions (programmes per regency, years of implementation) are named in that file; a reduced-size run on a shared machine makes every line below as uncertain as its inputs.',
    '',
    `Prices: ${unitPrices.source}.`,
    '',
  );
  out.push(
    mdTable(
      ['what', 'value', 'how'],
      extrapolate(costs as MeasuredCosts).map((r) => [r.what, `${num(r.value)}${r.unit ? ` ${r.unit}` : ''}`, r.how]),
    ),
  );
  out.push('');
  return out.join('\n');
}

/** The whole of bench/RESULTS.md. */
export function renderReport(files: readonly ResultFile[]): string {
  const runs = newestRuns(files);
  const out: string[] = [];
  out.push('# Results');
  out.push('');
  out.push(
    'Generated by `npm run bench:report` (`bench/report.ts`) from the raw results under `bench/results/`: do not edit by hand. ' +
      'Each figure names the file it comes from; each section says when, where and at which sizes it ran, and how busy the machine was.',
  );
  out.push('');
  const all = runs.flatMap(({ path, run }) => run.figures.filter((f) => f.target).map((f) => ({ path, f })));
  if (all.length > 0) {
    out.push('## Every target beside its figure');
    out.push('');
    out.push(
      mdTable(
        ['figure', 'value', 'baseline (same run)', 'ratio', 'target', 'verdict', 'file'],
        all.map(({ path, f }) => figureRow(f, path)),
      ),
    );
    out.push('');
  }
  for (const { path, run } of runs) out.push(runSection(path, run));
  const generic = genericSection(files);
  if (generic) out.push(generic);
  out.push(extrapolationSection(runs));
  return `${out.join('\n').trimEnd()}\n`;
}
