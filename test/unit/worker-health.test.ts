/**
 * The worker's health endpoint (worker/health.ts): healthy while the worker runs, and the SMTP
 * relay checked on a timer, never once per request.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startWorkerHealth, type WorkerHealth } from '../../worker/health.js';

let health: WorkerHealth | undefined;
afterEach(async () => {
  await health?.close();
  health = undefined;
});

const get = async (h: WorkerHealth) => {
  const response = await fetch(`http://127.0.0.1:${h.port}/health`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};
const settle = () => new Promise((r) => setTimeout(r, 20));

describe('worker health', () => {
  it('logs in to SMTP once per interval, however often it is asked', async () => {
    let logins = 0;
    health = await startWorkerHealth({
      port: 0,
      workerState: () => 'RUNNING',
      smtpCheck: () => Promise.resolve(logins++),
      smtpCheckIntervalMs: 60_000,
      log: () => undefined,
    });
    await settle();
    for (let i = 0; i < 5; i++) await get(health);
    expect(logins).toBe(1);
  });

  it('answers 200 while the worker runs, with the relay as last checked', async () => {
    health = await startWorkerHealth({
      port: 0,
      workerState: () => 'RUNNING',
      smtpCheck: () => Promise.resolve(),
      smtpCheckIntervalMs: 60_000,
      log: () => undefined,
    });
    await settle();
    const r = await get(health);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'ok', worker: 'RUNNING', smtp: 'up' });
  });

  it('answers 503 once the worker has stopped or failed', async () => {
    health = await startWorkerHealth({
      port: 0,
      workerState: () => 'FAILED',
      smtpCheck: () => Promise.resolve(),
      smtpCheckIntervalMs: 60_000,
      log: () => undefined,
    });
    const r = await get(health);
    expect(r.status).toBe(503);
    expect(r.body).toMatchObject({ status: 'down', worker: 'FAILED' });
  });

  it('reports SMTP down without becoming unhealthy, and logs the failure once', async () => {
    const logged: string[] = [];
    health = await startWorkerHealth({
      port: 0,
      workerState: () => 'RUNNING',
      smtpCheck: () => Promise.reject(new Error('connect ECONNREFUSED')),
      smtpCheckIntervalMs: 10,
      log: (m) => logged.push(m),
    });
    await new Promise((r) => setTimeout(r, 60));
    const r = await get(health);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ smtp: 'down' });
    expect(logged).toEqual(['SMTP check failed:']);
  });
});
