/**
 * Records the replay suite's histories: `npm run record-histories`.
 * Run it when a lifecycle path is added (not to "fix" a failing replay: a replay failure
 * means running workflows would break; see ARCHITECTURE.md, "Changing workflow code").
 */
import { writeFile } from 'node:fs/promises';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { ensureJavaTestServer } from '../../dev/java-test-server.js';
import { bundlerOptions, workflowsPath } from '../../worker/create-worker.js';
import { cannedActivities, scenarios } from './scenarios.js';

Runtime.install({ logger: new DefaultLogger('WARN') });
const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: await ensureJavaTestServer() } } });
const taskQueue = 'record-histories';
const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath, bundlerOptions, activities: cannedActivities() });
const recorded = await worker.runUntil(async () => {
  const out: string[] = [];
  for (const scenario of scenarios) {
    const workflowId = await scenario.run(env, taskQueue);
    // Every run of the workflow (continue-as-new starts a new one), walking back from the latest.
    const runs: string[] = [];
    let runId: string | undefined = (await env.client.workflow.getHandle(workflowId).describe()).runId;
    while (runId) {
      const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
      runs.unshift(historyToJSON(history));
      runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
    }
    for (const [run, json] of runs.entries()) {
      const file = `test/replay/histories/${scenario.name}.run${run}.json`;
      await writeFile(file, json);
      out.push(file);
    }
  }
  return out;
});
await env.teardown();
console.log(`recorded:\n  ${recorded.join('\n  ')}`);
