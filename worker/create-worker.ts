/**
 * The Temporal worker: runs programme workflows and their activities on one task queue.
 */
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/index.js';
import { temporalTls, type Config } from '../config/config.js';
import type { Mailer } from '../mail/mailer.js';
import type { Store } from '../store/index.js';

export interface WorkerSettings {
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  maxCachedWorkflows: number;
  /** A prebuilt bundle (production); without it the worker bundles workflows/ at start. */
  workflowBundlePath?: string | undefined;
  tls?: ReturnType<typeof temporalTls>;
}

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

/**
 * Workflow sources import with `.js` suffixes (NodeNext); the bundler must find the `.ts`
 * files behind them.
 */
export const bundlerOptions: WorkerOptions['bundlerOptions'] = {
  webpackConfigHook: (config) => ({
    ...config,
    resolve: { ...config.resolve, extensionAlias: { '.js': ['.ts', '.js'] } },
  }),
};

/**
 * The worker's capacity, set explicitly rather than left to SDK defaults that may change between
 * releases. One worker task (0.5 vCPU, 1 GiB) runs these; more load means more tasks (infra/
 * scales on schedule-to-start latency), not bigger numbers here.
 */
export const tunedWorkerOptions = {
  // Activities wait on DynamoDB and SMTP, not the CPU; 20 at once keeps the mail pool
  // (5 connections) busy without piling up attempts that then time out together.
  maxConcurrentActivityTaskExecutions: 20,
  // Workflow tasks are short CPU bursts in one V8 isolate per workflow: a few at once.
  maxConcurrentWorkflowTaskExecutions: 10,
  maxConcurrentActivityTaskPolls: 4,
  maxConcurrentWorkflowTaskPolls: 4,
  // A cached workflow's next task waits this long for this worker before any worker may take it.
  stickyQueueScheduleToStartTimeout: '10s',
  // On SIGTERM (a deploy or scale-in), let running activities finish instead of cancelling them;
  // ECS waits 120 s (stopTimeout) before it kills the task.
  shutdownGraceTime: '60s',
} as const satisfies Partial<WorkerOptions>;

export async function createWorker(settings: WorkerSettings, deps: ActivityDeps): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: settings.temporalAddress, tls: settings.tls });
  const worker = await Worker.create({
    connection,
    namespace: settings.namespace,
    taskQueue: settings.taskQueue,
    ...(settings.workflowBundlePath ? { workflowBundle: { codePath: settings.workflowBundlePath } } : { workflowsPath, bundlerOptions }),
    activities: createActivities(deps),
    ...tunedWorkerOptions,
    maxCachedWorkflows: settings.maxCachedWorkflows,
  });
  return { worker, connection };
}

/** The worker as configured: used by the worker entry and by the local stack alike. */
export function createWorkerFromConfig(config: Config, store: Store, mailer: Mailer) {
  return createWorker(
    {
      temporalAddress: config.TEMPORAL_ADDRESS,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
      workflowBundlePath: config.WORKFLOW_BUNDLE,
      tls: temporalTls(config),
    },
    {
      store,
      mailer,
      linkSecret: config.LINK_TOKEN_SECRET,
      publicBaseUrl: config.PUBLIC_BASE_URL,
      linkTtlDays: config.LINK_TTL_DAYS,
      referenceTtlMs: config.WORKER_REFERENCE_TTL_SECONDS * 1000,
    },
  );
}
