/**
 * Small helpers every bench script shares: options from the command line or the environment,
 * percentiles, tables, and a deadline that stops a script by itself.
 */

/**
 * An option: `--name=value` or `--name value` on the command line, else `BENCH_NAME` in the
 * environment, else the quick default (with `--quick` or BENCH_QUICK=1), else the default.
 */
export function option(name: string, fallback: number, quickFallback?: number): number {
  const raw = rawOption(name);
  if (raw !== undefined) {
    const n = Number(raw);
    if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${raw}`);
    return n;
  }
  return quick() && quickFallback !== undefined ? quickFallback : fallback;
}

export function stringOption(name: string, fallback: string): string {
  return rawOption(name) ?? fallback;
}

export function flag(name: string): boolean {
  const raw = rawOption(name);
  return raw !== undefined && raw !== '0' && raw !== 'false';
}

export function quick(): boolean {
  const raw = rawOption('quick');
  return raw !== undefined && raw !== '0' && raw !== 'false';
}

function rawOption(name: string): string | undefined {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === `--${name}`) {
      const next = argv[i + 1];
      return next === undefined || next.startsWith('--') ? '1' : next;
    }
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  const env = process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
  return env === undefined || env === '' ? undefined : env;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `fn` over `items` with at most `concurrency` at once; results in input order. */
export async function pool<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
    for (;;) {
      const i = next++;
      if (i >= items.length) return;
      results[i] = await fn(items[i]!, i);
    }
  });
  await Promise.all(runners);
  return results;
}

/** Polls `probe` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: string | undefined;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e instanceof Error ? e.message : JSON.stringify(e);
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${last ? ` (last error: ${last})` : ''}`);
    await sleep(everyMs);
  }
}

export interface Percentiles {
  n: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function percentiles(values: readonly number[]): Percentiles {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => (s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!);
  return {
    n: s.length,
    min: s[0] ?? NaN,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: s[s.length - 1] ?? NaN,
    mean: s.length === 0 ? NaN : s.reduce((a, b) => a + b, 0) / s.length,
  };
}

export const median = (values: readonly number[]) => percentiles(values).p50;

export function fmt(n: number, digits = 1): string {
  if (Number.isNaN(n)) return '—';
  if (!Number.isFinite(n)) return String(n);
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

export const mib = (bytes: number) => `${fmt(bytes / 1024 / 1024, 1)} MiB`;

/** A plain-text table (also valid Markdown), right-aligned numbers. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c, Number.isInteger(c) ? 0 : 1) : c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [line(cells[0]!), `| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`, ...cells.slice(1).map(line)].join(
    '\n',
  );
}

export function log(line: string): void {
  const t = new Date().toISOString().slice(11, 19);
  process.stdout.write(`[${t}] ${line}\n`);
}

/** Stops the script by itself when it runs too long: `onTimeout` cleans up, then exit 3. */
export function deadline(minutes: number, onTimeout: () => Promise<void>): () => void {
  const timer = setTimeout(() => {
    log(`time limit of ${minutes} min reached: stopping`);
    void onTimeout().finally(() => process.exit(3));
  }, minutes * 60_000);
  timer.unref();
  return () => clearTimeout(timer);
}

/** Collects invariant checks; the script exits non-zero when one failed. */
export class Invariants {
  readonly failed: string[] = [];
  readonly passed: string[] = [];

  check(ok: boolean, what: string, evidence = ''): boolean {
    if (ok) this.passed.push(what);
    else this.failed.push(evidence ? `${what}: ${evidence}` : what);
    log(`${ok ? 'ok  ' : 'FAIL'} ${what}${!ok && evidence ? ` — ${evidence}` : ''}`);
    return ok;
  }

  summary(): string {
    return this.failed.length === 0
      ? `all ${this.passed.length} invariants held`
      : `${this.failed.length} invariant(s) violated:\n${this.failed.map((f) => `  - ${f}`).join('\n')}`;
  }
}
