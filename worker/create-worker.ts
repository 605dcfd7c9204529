/**
 * The Temporal worker: runs programme workflows and their activities on one task queue.
 */
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/index.js';

export interface WorkerSettings {
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  maxCachedWorkflows: number;
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

export async function createWorker(settings: WorkerSettings, deps: ActivityDeps): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: settings.temporalAddress });
  const worker = await Worker.create({
    connection,
    namespace: settings.namespace,
    taskQueue: settings.taskQueue,
    workflowsPath,
    bundlerOptions,
    activities: createActivities(deps),
    maxCachedWorkflows: settings.maxCachedWorkflows,
  });
  return { worker, connection };
}
