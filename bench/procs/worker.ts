/**
 * The alur worker as the harness runs it: worker/main.ts (same configuration, same
 * createWorkerFromConfig), plus IPC so the bench can read its memory and knows when it polls.
 */
import { loadConfig, requireAuditKey, storeSettings } from '../../config/config.js';
import { createMailer } from '../../mail/mailer.js';
import { createStore } from '../../store/index.js';
import { createWorkerFromConfig } from '../../worker/create-worker.js';
import { ready } from './common.js';

const config = loadConfig();
const store = createStore(storeSettings(config), { auditKey: requireAuditKey(config) });
const mailer = createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM }, store.mailLog);
const { worker, connection } = await createWorkerFromConfig(config, store, mailer);
ready({ taskQueue: config.TEMPORAL_TASK_QUEUE, maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS });
await worker.run();
await connection.close();
mailer.close();
store.close();
process.exit(0);
