/**
 * The worker's health, on its task's loopback interface (`WORKER_HEALTH_PORT`), for the
 * container's health check (worker/health-check.ts) and for an operator.
 *
 * `GET /health` answers 200 while the worker runs and 503 once it has stopped or failed. It also
 * reports the SMTP relay as its last check found it: the relay is checked (a login, which is what
 * nodemailer's verify does) once every `smtpCheckIntervalMs`, never per request, and a failed check
 * is logged with its error, which the EmailFailures alarm counts. SMTP down does not make the
 * worker unhealthy: replacing the task would not bring the relay back, and mail waits in
 * Temporal's retries meanwhile.
 */
import { createServer } from 'node:http';

export type SmtpState = 'up' | 'down' | 'unknown';

export interface WorkerHealthOptions {
  port: number;
  /** The worker's state (`Worker.getState()`): healthy while `RUNNING`. */
  workerState: () => string;
  /** Logs in to the SMTP relay; a rejection means down. */
  smtpCheck: () => Promise<unknown>;
  smtpCheckIntervalMs: number;
  log?: (message: string, error?: unknown) => void;
}

export interface WorkerHealth {
  port: number;
  close(): Promise<void>;
}

export async function startWorkerHealth(options: WorkerHealthOptions): Promise<WorkerHealth> {
  const log = options.log ?? ((message: string, error?: unknown) => console.warn(message, error ?? ''));
  let smtp: SmtpState = 'unknown';
  let smtpCheckedAt: string | null = null;
  const checkSmtp = async () => {
    try {
      await options.smtpCheck();
      if (smtp === 'down') log('SMTP check succeeded again');
      smtp = 'up';
    } catch (error) {
      if (smtp !== 'down') log('SMTP check failed:', error);
      smtp = 'down';
    }
    smtpCheckedAt = new Date().toISOString();
  };
  void checkSmtp();
  const timer = setInterval(() => void checkSmtp(), options.smtpCheckIntervalMs);
  timer.unref();

  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/health') {
      res.writeHead(404).end();
      return;
    }
    const worker = options.workerState();
    const ok = worker === 'RUNNING';
    res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: ok ? 'ok' : 'down', worker, smtp, smtpCheckedAt }));
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        server.close(() => resolve());
      }),
  };
}
