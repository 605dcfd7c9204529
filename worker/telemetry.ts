/**
 * The Temporal SDK's own metrics (schedule-to-start latency, task slots, sticky cache, poll
 * results), exported over OTLP/HTTP when `WORKER_METRICS_OTLP_URL` is set. In AWS a collector
 * beside the worker (infra/) turns them into CloudWatch metrics that alarms and scaling read.
 *
 * The runtime is process-wide and installed once, before the first connection to Temporal.
 */
import { Runtime } from '@temporalio/worker';
import type { Config } from '../config/config.js';

export function installTelemetry(config: Config): void {
  if (!config.WORKER_METRICS_OTLP_URL) return;
  Runtime.install({
    telemetryOptions: {
      metrics: {
        otel: {
          url: config.WORKER_METRICS_OTLP_URL,
          http: true,
          metricsExportInterval: `${config.WORKER_METRICS_INTERVAL_SECONDS}s`,
          // Each export carries what happened since the last one: what CloudWatch sums per period.
          temporality: 'delta',
        },
      },
    },
  });
}
