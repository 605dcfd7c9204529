/** Worker entry point: `npm run worker` (production runs the same file in its container). */
import { loadConfig, requireAuditKey, storeSettings } from '../config/config.js';
import { createMailer } from '../mail/mailer.js';
import { createStore } from '../store/index.js';
import { createWorkerFromConfig } from './create-worker.js';
import { startWorkerHealth } from './health.js';
import { installTelemetry } from './telemetry.js';

const config = loadConfig();
installTelemetry(config);
const store = createStore(storeSettings(config), { auditKey: requireAuditKey(config) });
const mailer = createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM }, store.mailLog);
const { worker, connection } = await createWorkerFromConfig(config, store, mailer);
const health = config.WORKER_HEALTH_PORT
  ? await startWorkerHealth({
      port: config.WORKER_HEALTH_PORT,
      workerState: () => worker.getState(),
      smtpCheck: () => mailer.verify(),
      smtpCheckIntervalMs: config.WORKER_SMTP_CHECK_SECONDS * 1000,
    })
  : undefined;
console.log(`worker polling task queue ${config.TEMPORAL_TASK_QUEUE} on ${config.TEMPORAL_ADDRESS}`);
await worker.run(); // returns after SIGINT/SIGTERM, once in-flight tasks are done
await health?.close();
await connection.close();
mailer.close();
store.close();
