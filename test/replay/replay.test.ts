/**
 * Replays recorded histories of every lifecycle path against today's workflow code. A change
 * that would make running programmes fail (nondeterminism) fails here. Record new paths with
 * `npm run record-histories`; change behaviour of running workflows with `patched()`.
 */
import { readFile, readdir } from 'node:fs/promises';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { bundlerOptions, workflowsPath } from '../../worker/create-worker.js';

const dir = 'test/replay/histories';

describe('recorded workflow histories', () => {
  it('replay without nondeterminism against the current workflow code', async () => {
    const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
    expect(files.length).toBeGreaterThanOrEqual(4);
    const histories = await Promise.all(
      files.map(async (f) => ({ workflowId: f, history: historyFromJSON(JSON.parse(await readFile(`${dir}/${f}`, 'utf8'))) })),
    );
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowsPath, bundlerOptions, replayName: 'alur-replay' }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
    }
    expect(failures).toEqual([]);
  });
});
