/**
 * `npm start`: the whole engine on this machine, state kept in ./.alur (ALUR_DATA_DIR).
 * Ports: API on PORT (3000), Temporal on 7233 with its Web UI on 8233, dynalite on 8000,
 * SMTP sink on 2525 with its mailbox page on 8025 (ALUR_*_PORT to move them).
 */
import { resolve } from 'node:path';
import { startStack } from '../dev/stack.js';

const env = process.env;
const port = (name: string, fallback: number) => Number(env[name] ?? fallback);

const stack = await startStack({
  dataDir: resolve(env['ALUR_DATA_DIR'] ?? '.alur'),
  persist: true,
  ports: {
    api: port('PORT', 3000),
    temporal: port('ALUR_TEMPORAL_PORT', 7233),
    temporalUi: port('ALUR_TEMPORAL_UI_PORT', 8233),
    dynamodb: port('ALUR_DYNAMODB_PORT', 8000),
    smtp: port('ALUR_SMTP_PORT', 2525),
    mailbox: port('ALUR_MAILBOX_PORT', 8025),
  },
  env,
});

const { urls } = stack;
console.log(`
alur is running.
  API            ${urls.publicBaseUrl}   (contract: ${urls.publicBaseUrl}/openapi.json, health: ${urls.publicBaseUrl}/health)
  Temporal UI    ${urls.temporalUi ?? `external Temporal at ${urls.temporal}`}
  Mailbox        ${urls.mailbox ?? `mail goes to ${urls.smtp}`}
  DynamoDB       ${urls.dynamodb}
  Dev sign-in    ${stack.config.ALUR_DEV_LOGIN ? `GET ${urls.publicBaseUrl}/dev/roster, then POST ${urls.publicBaseUrl}/dev/session {"userId": "kadis-kesehatan"}` : 'off (ALUR_DEV_LOGIN=0)'}
Press Ctrl+C to stop.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log('stopping...');
    void stack.stop().then(() => process.exit(0));
  });
}
