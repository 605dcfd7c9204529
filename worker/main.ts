/** Worker entry point: `npm run worker` (production runs the same file in its container). */
import { loadConfig, storeSettings } from '../config/config.js';
import { createMailer } from '../mail/mailer.js';
import { createStore } from '../store/index.js';
import { createWorker } from './create-worker.js';

const config = loadConfig();
const store = createStore(storeSettings(config));
const mailer = createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM }, store.mailLog);
const { worker, connection } = await createWorker(
  { temporalAddress: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE, maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS },
  { store, mailer, linkSecret: config.LINK_TOKEN_SECRET, publicBaseUrl: config.PUBLIC_BASE_URL, linkTtlDays: config.LINK_TTL_DAYS },
);
console.log(`worker polling task queue ${config.TEMPORAL_TASK_QUEUE} on ${config.TEMPORAL_ADDRESS}`);
await worker.run(); // returns after SIGINT/SIGTERM, once in-flight tasks are done
await connection.close();
mailer.close();
store.close();
