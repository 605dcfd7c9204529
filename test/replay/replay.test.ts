/**
 * Replays recorded histories of every lifecycle path against today's workflow code. A change
 * that would make running programmes fail (nondeterminism, or a workflow task that throws)
 * fails here. Record new paths with `npm run record-histories`; change behaviour of running
 * workflows with `patched()`.
 */
import { readFile, readdir } from 'node:fs/promises';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundlerOptions, workflowsPath } from '../../worker/create-worker.js';
import { historiesDir, historyFilesOf, scenarios } from './scenarios.js';

interface RecordedEvent {
  activityTaskScheduledEventAttributes?: { activityType?: { name?: string }; input?: { payloads?: { data?: string }[] } };
  workflowExecutionSignaledEventAttributes?: { signalName?: string };
  markerRecordedEventAttributes?: { details?: Record<string, { payloads?: { data?: string }[] }> };
}

/** What a history did, in the vocabulary of `Scenario.covers`. */
function stepsOf(json: string): Set<string> {
  const steps = new Set<string>();
  for (const e of (JSON.parse(json) as { events: RecordedEvent[] }).events) {
    const scheduled = e.activityTaskScheduledEventAttributes;
    const name = scheduled?.activityType?.name;
    if (name) {
      steps.add(name);
      const data = scheduled.input?.payloads?.[0]?.data;
      type Notified = { notification?: { kind?: string; step?: number } };
      const input = data ? (JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as Notified & { notices?: Notified[] }) : {};
      // One notification, or several sent together.
      for (const { notification } of [input, ...(input.notices ?? [])]) {
        if (notification?.kind) steps.add(`${name}:${notification.kind}`);
        // An escalation past its first step, as `activity:escalation-step2`.
        if (notification?.kind === 'escalation' && (notification.step ?? 1) > 1) steps.add(`${name}:escalation-step${notification.step}`);
      }
    }
    const signal = e.workflowExecutionSignaledEventAttributes?.signalName;
    if (signal) steps.add(`signal:${signal}`);
    // A patch marker carries its id in its details.
    for (const detail of Object.values(e.markerRecordedEventAttributes?.details ?? {})) {
      const data = detail.payloads?.[0]?.data;
      const patch = data ? (JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as { id?: unknown }).id : undefined;
      if (typeof patch === 'string') steps.add(`patch:${patch}`);
    }
  }
  return steps;
}

let files: string[] = [];
beforeAll(async () => {
  files = (await readdir(historiesDir)).filter((f) => f.endsWith('.json')).sort();
});

describe('recorded workflow histories', () => {
  it('exist for every scenario, and every history belongs to one', () => {
    const missing = scenarios.filter((s) => historyFilesOf(s.name, files).length === 0).map((s) => s.name);
    const orphans = files.filter((f) => !scenarios.some((s) => historyFilesOf(s.name, [f]).length > 0));
    expect({ missing, orphans }).toEqual({ missing: [], orphans: [] });
  });

  it.each(scenarios.map((s) => [s.name, s] as const))('%s covers the path it is recorded for', async (_name, scenario) => {
    const steps = new Set<string>();
    for (const f of historyFilesOf(scenario.name, files)) for (const step of stepsOf(await readFile(`${historiesDir}/${f}`, 'utf8'))) steps.add(step);
    expect(scenario.covers.filter((c) => !steps.has(c))).toEqual([]);
  });

  it('replay without nondeterminism against the current workflow code', async () => {
    const histories = await Promise.all(
      files.map(async (f) => ({ workflowId: f, history: historyFromJSON(JSON.parse(await readFile(`${historiesDir}/${f}`, 'utf8'))) })),
    );
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowsPath, bundlerOptions, replayName: 'alur-replay' }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
    }
    expect(failures).toEqual([]);
  });
});
