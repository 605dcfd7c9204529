import { defineConfig } from 'vitest/config';

/**
 * Six tiers, all run by `npm test`:
 *  - unit: pure rules, no servers;
 *  - workflow: the workflow against a Temporal server built from source (TestWorkflowEnvironment);
 *  - replay: recorded histories of every lifecycle path replayed against today's workflow code;
 *  - timeskip: months of reminders, signing and reporting on the Java time-skipping server;
 *  - e2e: the whole stack (Temporal, dynalite, SMTP sink, worker, API) over HTTP and SMTP;
 *  - browser: the staff web application in Chromium (playwright-core) against the whole stack.
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
      { extends: true, test: { name: 'replay', include: ['test/replay/**/*.test.ts'], setupFiles: ['test/support/quiet-temporal.ts'] } },
      {
        extends: true,
        test: { name: 'timeskip', include: ['test/timeskip/**/*.test.ts'], setupFiles: ['test/support/quiet-temporal.ts'], fileParallelism: false },
      },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], globalSetup: ['test/e2e/global-setup.ts'], fileParallelism: false } },
      {
        extends: true,
        test: { name: 'browser', include: ['test/browser/**/*.test.ts'], globalSetup: ['test/e2e/global-setup.ts'], fileParallelism: false },
      },
    ],
  },
});
