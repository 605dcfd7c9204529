/**
 * Prebuilds the workflow bundle for production: the worker then loads it with
 * `workflowBundle: { codePath }` instead of running webpack at every start (faster starts, and a
 * workflow cannot go missing through a re-exporting barrel file at run time).
 *
 *   tsx scripts/bundle-workflows.ts [out-file]     (default: dist/workflow-bundle.js)
 *
 * The Dockerfile runs it; the worker uses the file when WORKFLOW_BUNDLE names it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { bundlerOptions, workflowsPath } from '../worker/create-worker.js';

const outFile = resolve(process.argv[2] ?? 'dist/workflow-bundle.js');
const started = Date.now();
const { code } = await bundleWorkflowCode({ workflowsPath, ...bundlerOptions });
await mkdir(dirname(outFile), { recursive: true });
await writeFile(outFile, code);
console.log(`workflow bundle: ${outFile} (${(code.length / 1024).toFixed(0)} KiB, ${Date.now() - started} ms)`);
