/**
 * The baseline worker: bench/baseline-workflows.ts with its activities (bench/baseline-activities.ts),
 * on its own task queue of the same server. The bench hands it a sample of the effects over IPC.
 */
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';
import { bundlerOptions } from '../../worker/create-worker.js';
import { createBaselineActivities } from '../baseline-activities.js';
import type { EffectsSample } from '../baseline-workflows.js';
import { answer, env, ready } from './common.js';

const baseline = createBaselineActivities({
  dynamodbEndpoint: env('DYNAMODB_ENDPOINT'),
  region: process.env['AWS_REGION'] ?? 'ap-southeast-3',
  tableName: process.env['DYNAMODB_TABLE'] ?? 'alur',
  smtpUrl: env('SMTP_URL'),
});
answer('effects-sample', (sample) => {
  baseline.setSample(sample as unknown as EffectsSample);
  return true;
});
const connection = await NativeConnection.connect({ address: env('TEMPORAL_ADDRESS') });
const worker = await Worker.create({
  connection,
  namespace: process.env['TEMPORAL_NAMESPACE'] ?? 'default',
  taskQueue: env('BENCH_BASELINE_TASK_QUEUE'),
  workflowsPath: fileURLToPath(new URL('../baseline-workflows.ts', import.meta.url)),
  bundlerOptions,
  activities: baseline.activities,
  maxCachedWorkflows: Number(process.env['WORKER_MAX_CACHED_WORKFLOWS'] ?? 500),
});
ready();
await worker.run();
await connection.close();
baseline.close();
process.exit(0);
