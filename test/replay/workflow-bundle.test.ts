/**
 * What the workflow bundle carries into every workflow's sandbox. With the V8 context reused,
 * each workflow (each replay of an evicted one too) evaluates our modules and the libraries they
 * import afresh: a library pulled in by a shared domain module (zod, for a schema the workflow
 * never uses) costs every replay its start-up time and every cached workflow its memory.
 */
import { bundleWorkflowCode } from '@temporalio/worker';
import { expect, it } from 'vitest';
import { bundlerOptions, workflowsPath } from '../../worker/create-worker.js';

/** The Temporal SDK and what it needs inside the sandbox. */
const sandboxLibraries = ['@temporalio/common', '@temporalio/workflow', 'long', 'ms', 'nexus-rpc'];

it('the workflow bundle holds no library but the SDK and its own dependencies', async () => {
  const { code } = await bundleWorkflowCode({ workflowsPath, ...bundlerOptions });
  const libraries = new Set([...code.matchAll(/^\/\*\*\*\/ "\.\/node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)].map((m) => m[1]));
  expect([...libraries].filter((l) => l !== undefined && !sandboxLibraries.includes(l))).toEqual([]);
});
