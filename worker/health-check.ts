/**
 * The worker container's health check (ECS runs `node dist/health-check.mjs` in the container):
 * exits 0 when the worker's health endpoint (worker/health.ts) answers 200, 1 otherwise.
 */
const port = process.env['WORKER_HEALTH_PORT'];
try {
  const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(3000) });
  console.log(await response.text());
  process.exit(response.ok ? 0 : 1);
} catch (error) {
  console.log(`worker health unreachable: ${(error as Error).message}`);
  process.exit(1);
}
