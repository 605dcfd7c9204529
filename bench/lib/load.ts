/** Closed-loop load: `clients` concurrent clients, each sending its next request when the last one answered. */
import { percentiles, type Percentiles } from './util.js';

export interface LoadResult {
  latency: Percentiles;
  /** Every latency in ms, in the order the requests finished. */
  samples: number[];
  seconds: number;
  perSecond: number;
  statuses: Record<string, number>;
  errors: string[];
}

/** Runs `total` requests; `send(i)` returns the HTTP status (or throws) and is timed here. */
export async function closedLoop(total: number, clients: number, send: (i: number) => Promise<number>): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const errors: string[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(clients, total) }, async () => {
      for (;;) {
        const i = next++;
        if (i >= total) return;
        const t = performance.now();
        try {
          const status = await send(i);
          statuses[status] = (statuses[status] ?? 0) + 1;
        } catch (e) {
          statuses['error'] = (statuses['error'] ?? 0) + 1;
          if (errors.length < 20) errors.push(String(e));
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { latency: percentiles(latencies), samples: latencies, seconds, perSecond: total / seconds, statuses, errors };
}
