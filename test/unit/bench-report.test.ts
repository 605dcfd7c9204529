import { describe, expect, it } from 'vitest';
import { extrapolate, regenciesAndCities, type MeasuredCosts } from '../../bench/lib/extrapolate.js';
import { isGenericSeries, newestRuns, renderReport, verdictOf } from '../../bench/lib/report.js';
import { runFormat, seriesOf, type BenchRun } from '../../bench/lib/results.js';
import { percentiles } from '../../bench/lib/util.js';

function run(overrides: Partial<BenchRun> = {}): BenchRun {
  return {
    format: runFormat,
    script: 'action-latency',
    startedAt: '2026-12-03T09:00:00.000Z',
    finishedAt: '2026-12-03T09:05:00.000Z',
    commit: 'abc123def456',
    dirty: false,
    machine: { cpus: 2, cpuModel: 'Test CPU', memoryGiB: 24, node: 'v20.20.2', kernel: '6.18', loadStart: [7.5, 6, 5], loadEnd: [8.25, 7, 5] },
    quick: true,
    options: { n: 200, clients: 50 },
    figures: [],
    series: [],
    cpu: [],
    invariants: { passed: ['every click acted once'], failed: [] },
    costs: {},
    breakdowns: [],
    ...overrides,
  };
}

const costs: MeasuredCosts = {
  workerCpuSecondsPerLifecycle: 0.5,
  temporalActionsPerLifecycle: 40,
  dynamoWritesPerLifecycle: 60,
  dynamoReadsPerLifecycle: 90,
  emailsPerLifecycle: 14,
  storedBytesPerProgramme: 20_000,
  emailsPerReportRound: 3,
  temporalActionsPerReportRound: 6,
  workerCpuSecondsPerEmail: 0.02,
  burstEmailsPerSecond: 50,
};

describe('percentiles', () => {
  it('takes the nearest rank: p99 of 1..100 is 99, p50 is 50', () => {
    const p = percentiles(Array.from({ length: 100 }, (_, i) => i + 1));
    expect([p.p50, p.p95, p.p99, p.max]).toEqual([50, 95, 99, 100]);
  });

  it('does not depend on the order of the samples', () => {
    expect(percentiles([5, 1, 4, 2, 3]).p50).toBe(3);
  });

  it('keeps the samples behind a series, rounded to hundredths', () => {
    expect(seriesOf('get', 'ms', [1.234, 2.345]).samples).toEqual([1.23, 2.35]);
  });
});

describe('a figure against its target', () => {
  it('judges a ratio target by figure / baseline', () => {
    const v = verdictOf({
      id: 'get.p99',
      label: 'GET p99',
      value: 30,
      unit: 'ms',
      baseline: { label: 'bare Query', value: 10 },
      target: { kind: 'ratio-max', limit: 2 },
    });
    expect(v).toEqual({ ratio: 3, met: false });
  });

  it('judges a value target by the figure alone', () => {
    expect(verdictOf({ id: 'burst', label: 'emails/s', value: 55, unit: 'emails/s', target: { kind: 'value-min', limit: 50 } }).met).toBe(true);
  });

  it('has no verdict without a target', () => {
    expect(verdictOf({ id: 'x', label: 'x', value: 1, unit: 'ms' }).met).toBeNull();
  });
});

describe('RESULTS.md from the result files', () => {
  it('names the file each figure comes from', () => {
    const r = run({
      figures: [{ id: 'get', label: 'GET p99', value: 12, unit: 'ms', baseline: { label: 'bare Query', value: 10 }, target: { kind: 'ratio-max', limit: 2 } }],
    });
    const text = renderReport([{ path: 'bench/results/action-latency-1.json', data: r }]);
    expect(text).toMatch(/\| GET p99 \| 12 ms \| 10 ms \(bare Query\) \| 1\.2× \| ≤ 2× baseline \| met \| `bench\/results\/action-latency-1\.json` \|/);
  });

  it('says when a run used reduced sizes and how loaded the machine was', () => {
    const text = renderReport([{ path: 'bench/results/a.json', data: run() }]);
    expect(text).toContain('**Reduced sizes (`--quick`)**: n=200, clients=50');
    expect(text).toContain('1-min load average 7.5 at the start, 8.25 at the end, on 2 cores');
  });

  it('shows where the requests go, per programme', () => {
    const text = renderReport([
      { path: 'a.json', data: run({ breakdowns: [{ title: 'DynamoDB requests per programme', unit: 'requests', rows: [['worker PutItem', 50]] }] }) },
    ]);
    expect(text).toMatch(/DynamoDB requests per programme:\n\n\|\s+\| requests \|\n\| -+ \| -+ \|\n\| worker PutItem \| 50\s+\|/);
  });

  it('warns that wall-clock figures are unreliable when the load exceeded the cores', () => {
    expect(renderReport([{ path: 'a.json', data: run() }])).toContain('**The machine was busy with other work**');
    const quiet = run({ machine: { ...run().machine, loadStart: [0.5, 0.5, 0.5], loadEnd: [1, 1, 1] } });
    expect(renderReport([{ path: 'a.json', data: quiet }])).not.toContain('The machine was busy');
  });

  it('uses the newest run of each script', () => {
    const older = run({ startedAt: '2026-12-01T00:00:00.000Z' });
    const newer = run({ startedAt: '2026-12-02T00:00:00.000Z' });
    expect(
      newestRuns([
        { path: 'new', data: newer },
        { path: 'old', data: older },
      ]).map((r) => r.path),
    ).toEqual(['new']);
  });

  it('lists a result file of another script that has samples and percentiles', () => {
    const other = {
      name: 'dashboard load',
      unit: 'ms',
      samples: [1, 2, 3],
      p50: 2,
      p95: 3,
      baseline: { p50: 1, p95: 1.5 },
      commit: 'fff',
      startedAt: '2026-12-03',
    };
    const text = renderReport([{ path: 'bench/results/dasbor-load.json', data: other }]);
    expect(text).toMatch(/\| dashboard load \| 3 \| 2 \/ 3 ms \| 1 \/ 1\.5 ms \| 2× \(p95\) \| 2026-12-03, `fff` \| `bench\/results\/dasbor-load\.json` \|/);
  });

  it('does not take an object without samples for a measurement', () => {
    expect(isGenericSeries({ name: 'x', unit: 'ms', p50: 1, p95: 2 })).toBe(false);
  });

  it('says which costs are missing instead of extrapolating without them', () => {
    const text = renderReport([{ path: 'bench/results/a.json', data: run() }]);
    expect(text).toMatch(/Not computed: the results lack workerCpuSecondsPerLifecycle \(from lifecycle-throughput\)/);
  });

  it('extrapolates from the costs of the lifecycle and burst runs', () => {
    const lifecycle = run({ script: 'lifecycle-throughput', costs: { ...costs } });
    const burst = run({ script: 'reminder-burst', costs: { ...costs } });
    const text = renderReport([
      { path: 'bench/results/l.json', data: lifecycle },
      { path: 'bench/results/b.json', data: burst },
    ]);
    expect(text).toContain('| regencies and cities | 514 |');
  });
});

describe('the extrapolation', () => {
  it('counts every regency and city', () => {
    const rows = extrapolate(costs);
    expect(rows.find((r) => r.what === 'regencies and cities')?.value).toBe(regenciesAndCities);
  });

  it('scales the 08:00 burst with the emails of one report round', () => {
    const one = extrapolate(costs).find((r) => r.what.startsWith('emails due at 08:00'))?.value ?? 0;
    const two = extrapolate({ ...costs, emailsPerReportRound: 6 }).find((r) => r.what.startsWith('emails due at 08:00'))?.value ?? 0;
    expect(two).toBe(2 * one);
  });

  it('prices a programme above zero and below the cost of the whole deployment', () => {
    const rows = extrapolate(costs);
    const perProgramme = rows.find((r) => r.what === 'cost per open programme per year')?.value ?? 0;
    expect(perProgramme).toBeGreaterThan(0);
    expect(perProgramme).toBeLessThan(rows.filter((r) => r.what.startsWith('cost per year')).reduce((a, r) => a + r.value, 0));
  });
});
