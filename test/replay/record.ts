/**
 * Records the replay suite's histories: `npm run record-histories` records every scenario
 * that has no history yet; `npm run record-histories -- <name>...` records the named ones again.
 * A history, once recorded, stands for the workflow code of its day: re-record it only when
 * its scenario changed, never to "fix" a failing replay (a replay failure means running
 * workflows would break; see ARCHITECTURE.md, "Changing workflow code").
 */
import { readdir, writeFile } from 'node:fs/promises';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { ensureJavaTestServer } from '../../dev/java-test-server.js';
import { bundlerOptions, workflowsPath } from '../../worker/create-worker.js';
import { cannedActivities, historiesDir, historyFilesOf, scenarios } from './scenarios.js';

const named = process.argv.slice(2);
const unknown = named.filter((n) => !scenarios.some((s) => s.name === n));
if (unknown.length > 0) throw new Error(`no such scenario: ${unknown.join(', ')}`);
const files = await readdir(historiesDir);
const wanted = scenarios.filter((s) => (named.length > 0 ? named.includes(s.name) : historyFilesOf(s.name, files).length === 0));

Runtime.install({ logger: new DefaultLogger('WARN') });
const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: await ensureJavaTestServer() } } });
const taskQueue = 'record-histories';
const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath, bundlerOptions, activities: cannedActivities() });
const recorded = await worker.runUntil(async () => {
  const out: string[] = [];
  for (const scenario of wanted) {
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
      const file = `${historiesDir}/${scenario.name}.run${run}.json`;
      await writeFile(file, json);
      out.push(file);
    }
  }
  return out;
});
await env.teardown();
console.log(recorded.length > 0 ? `recorded:\n  ${recorded.join('\n  ')}` : 'every scenario already has its history');
