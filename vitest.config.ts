import { defineConfig } from 'vitest/config';

/**
 * Three tiers, all run by `npm test`:
 *  - unit: pure rules, no servers;
 *  - workflow: the workflow against a Temporal server built from source (TestWorkflowEnvironment);
 *  - e2e: the whole stack (Temporal, dynalite, SMTP sink, worker, API) over HTTP and SMTP.
 * The forks pool: Temporal's native bridge is not safe under worker threads.
 */
export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 300_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'workflow', include: ['test/workflow/**/*.test.ts'], setupFiles: ['test/support/quiet-temporal.ts'], fileParallelism: false },
      },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], globalSetup: ['test/e2e/global-setup.ts'], fileParallelism: false } },
    ],
  },
});
