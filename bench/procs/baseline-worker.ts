/** The baseline worker: bench/baseline-workflows.ts with no-op activities, on its own task queue of the same server. */
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import { bundlerOptions } from '../../worker/create-worker.js';
import type { BaselineActivities } from '../baseline-workflows.js';
import { env, ready } from './common.js';

const connection = await NativeConnection.connect({ address: env('TEMPORAL_ADDRESS') });
const activities: BaselineActivities = { noop: () => Promise.resolve() };
const worker = await Worker.create({
  connection,
  namespace: process.env['TEMPORAL_NAMESPACE'] ?? 'default',
  taskQueue: env('BENCH_BASELINE_TASK_QUEUE'),
  workflowsPath: fileURLToPath(new URL('../baseline-workflows.ts', import.meta.url)),
  bundlerOptions,
  activities,
  maxCachedWorkflows: Number(process.env['WORKER_MAX_CACHED_WORKFLOWS'] ?? 500),
});
ready();
await worker.run();
await connection.close();
process.exit(0);
