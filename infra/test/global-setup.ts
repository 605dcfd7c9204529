/**
 * Builds, once for every test file: the API bundle (esbuild, about a second) and the worker as
 * the Dockerfile builds it (its own build commands, a few seconds), into a temporary folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { bundleApi, type ApiBundle } from '../lib/bundle-api.js';
import { buildWorkerImage, type WorkerImage } from './support/image.js';

declare module 'vitest' {
  export interface ProvidedContext {
    apiBundle: ApiBundle;
    workerImage: WorkerImage;
  }
}

/** The Node major version the defaults deploy (lib/settings.ts). */
export const defaultNodeMajor = 22;

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'alur-infra-build-'));
  const [apiBundle, workerImage] = await Promise.all([
    bundleApi({ outDir: join(dir, 'api'), nodeMajor: defaultNodeMajor }),
    Promise.resolve().then(() => buildWorkerImage(join(dir, 'app'), defaultNodeMajor)),
  ]);
  project.provide('apiBundle', apiBundle);
  project.provide('workerImage', workerImage);
  return () => rmSync(dir, { recursive: true, force: true });
}
