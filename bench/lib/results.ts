/**
 * The raw output of a bench run, written as JSON under `bench/results/` so that
 * `bench/RESULTS.md` is generated from it (`bench/report.ts`) and no figure is typed by hand.
 *
 * A run file holds where and when it ran (machine, load, commit, start time, options), every
 * figure with its baseline and target, the samples behind each percentile, the CPU seconds of
 * every process per phase, and the invariants checked.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { percentiles } from './util.js';

export const resultsDir = fileURLToPath(new URL('../results/', import.meta.url));
export const runFormat = 'alur-bench/1';

/**
 * What a figure is judged against. `ratio-max`: figure / baseline at most `limit`;
 * `ratio-min`: at least; `value-max` / `value-min`: the figure itself, in its unit.
 */
export interface Target {
  kind: 'ratio-max' | 'ratio-min' | 'value-max' | 'value-min';
  limit: number;
}

export interface Figure {
  /** Stable key, e.g. `decision.p99.50-clients`. */
  id: string;
  label: string;
  value: number;
  unit: string;
  baseline?: { label: string; value: number };
  target?: Target;
  /** Where the time goes, or what the figure means when it misses. */
  note?: string;
}

/** Samples and their percentiles; the same shape any other script may write on its own. */
export interface Series {
  name: string;
  unit: string;
  samples: number[];
  p50: number;
  p95: number;
  p99: number;
}

export interface CpuPhase {
  phase: string;
  wallSeconds: number;
  /** CPU seconds (user + system) by process. */
  byProcess: Record<string, number>;
  /** Programmes (or emails, requests) the phase handled, to give CPU per unit. */
  units?: { count: number; of: string };
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  kernel: string;
  /** 1, 5, 15-minute load averages when the run started and ended: other work on the machine shows here. */
  loadStart: number[];
  loadEnd: number[];
}

export interface BenchRun {
  format: typeof runFormat;
  script: string;
  startedAt: string;
  finishedAt: string;
  commit: string;
  /** Uncommitted changes in the working tree when the run started. */
  dirty: boolean;
  machine: Machine;
  quick: boolean;
  options: Record<string, number | string | boolean>;
  figures: Figure[];
  series: Series[];
  cpu: CpuPhase[];
  invariants: { passed: string[]; failed: string[] };
  /** Per-unit costs the report extrapolates from (see bench/lib/extrapolate.ts). */
  costs: Record<string, number>;
  /** Where the time or the requests go: small tables (e.g. DynamoDB requests per programme by operation). */
  breakdowns: { title: string; unit: string; rows: [string, number][] }[];
}

const round = (n: number) => Math.round(n * 100) / 100;

export function seriesOf(name: string, unit: string, samples: readonly number[]): Series {
  const p = percentiles(samples);
  return { name, unit, samples: samples.map(round), p50: round(p.p50), p95: round(p.p95), p99: round(p.p99) };
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

/** Collects one run's output; `write` puts it under bench/results/ and returns the file's path. */
export class Recorder {
  private readonly run: BenchRun;

  constructor(script: string, quick: boolean, options: Record<string, number | string | boolean>) {
    this.run = {
      format: runFormat,
      script,
      startedAt: new Date().toISOString(),
      finishedAt: '',
      commit: git(['rev-parse', '--short=12', 'HEAD']) || 'unknown',
      dirty: git(['status', '--porcelain', '--untracked-files=no']) !== '',
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
        memoryGiB: round(totalmem() / 1024 ** 3),
        node: process.version,
        kernel: release(),
        loadStart: loadavg().map(round),
        loadEnd: [],
      },
      quick,
      options,
      figures: [],
      series: [],
      cpu: [],
      invariants: { passed: [], failed: [] },
      costs: {},
      breakdowns: [],
    };
  }

  figure(f: Figure): void {
    this.run.figures.push({ ...f, value: round(f.value), ...(f.baseline ? { baseline: { ...f.baseline, value: round(f.baseline.value) } } : {}) });
  }

  series(name: string, unit: string, samples: readonly number[]): Series {
    const s = seriesOf(name, unit, samples);
    this.run.series.push(s);
    return s;
  }

  cpu(phase: string, wallSeconds: number, before: Record<string, number>, after: Record<string, number>, units?: CpuPhase['units']): CpuPhase {
    const byProcess: Record<string, number> = {};
    for (const k of Object.keys(after)) {
      const s = (after[k] ?? 0) - (before[k] ?? 0);
      if (s > 0) byProcess[k] = round(s);
    }
    const p: CpuPhase = { phase, wallSeconds: round(wallSeconds), byProcess, ...(units ? { units } : {}) };
    this.run.cpu.push(p);
    return p;
  }

  breakdown(title: string, unit: string, rows: [string, number][]): void {
    this.run.breakdowns.push({ title, unit, rows: rows.map(([k, v]) => [k, round(v)]) });
  }

  cost(name: string, value: number): void {
    this.run.costs[name] = value;
  }

  write(invariants: { passed: string[]; failed: string[] }): string {
    this.run.finishedAt = new Date().toISOString();
    this.run.machine.loadEnd = loadavg().map(round);
    this.run.invariants = { passed: [...invariants.passed], failed: [...invariants.failed] };
    mkdirSync(resultsDir, { recursive: true });
    const file = `${resultsDir}${this.run.script}-${this.run.startedAt.replace(/[:.]/g, '-')}.json`;
    writeFileSync(file, `${JSON.stringify(this.run, null, 1)}\n`);
    return file;
  }
}
