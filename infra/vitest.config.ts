import { defineConfig } from 'vitest/config';

/**
 * The offline checks of the deployment: synthesize without AWS credentials or Docker and assert
 * on the templates; run the bundled Lambda handler against the local stack; check the alarm
 * patterns against what the worker's libraries print. The forks pool: Temporal's native bridge
 * is not safe under worker threads.
 */
export default defineConfig({
  test: {
    pool: 'forks',
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
