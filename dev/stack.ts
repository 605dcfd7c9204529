/**
 * The whole engine on one machine, on the real components: Temporal dev server (built from
 * its Go module), dynalite, an SMTP sink with a mailbox page, the worker and the API.
 * `npm start` runs it; the end-to-end tests start one on free ports in a temporary folder.
 * A component whose address is configured (TEMPORAL_ADDRESS, DYNAMODB_ENDPOINT, SMTP_URL)
 * is used as it is instead of the embedded one.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from '../api/app.js';
import { appDepsFromConfig } from '../api/deps.js';
import { loadConfig, requireAuditKey, storeSettings, type Config } from '../config/config.js';
import { seedReferenceData } from '../data/reference-data.js';
import { createMailer } from '../mail/mailer.js';
import { createStore } from '../store/index.js';
import { createWorkerFromConfig } from '../worker/create-worker.js';
import { startDynalite } from './dynalite.js';
import { startMailSink } from './mail-sink.js';
import { ensureTemporalCli, startTemporalDevServer } from './temporal-cli.js';

export interface StackOptions {
  /** Where Temporal's SQLite file, dynalite's data, the mailbox and dev secrets live. */
  dataDir: string;
  /** Keep state across restarts (npm start) or start empty (tests). */
  persist: boolean;
  ports: { api: number; temporal: number; temporalUi: number; dynamodb: number; smtp: number; mailbox: number };
  /** Environment (docs/product.md §4 names); set names override the embedded components. */
  env: Record<string, string | undefined>;
  log?: (line: string) => void;
  /** Addresses the embedded SMTP sink refuses for good (550), for tests and drills of a bad address. */
  refuseMailTo?: readonly string[];
}

export interface RunningStack {
  config: Config;
  urls: { api: string; publicBaseUrl: string; temporalUi: string | null; mailbox: string | null; temporal: string; dynamodb: string; smtp: string };
  stop(): Promise<void>;
}

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

type DevSecrets = Record<'AUTH_JWT_SECRET' | 'LINK_TOKEN_SECRET' | 'AUDIT_HMAC_SECRET', string>;

/**
 * Development secrets: generated once per data folder, so links in old mails keep working
 * across restarts (and audit seals keep verifying); one missing from an older folder is added.
 */
async function devSecrets(dataDir: string): Promise<DevSecrets> {
  const file = join(dataDir, 'dev-secrets.json');
  const stored = existsSync(file) ? (JSON.parse(await readFile(file, 'utf8')) as Partial<DevSecrets>) : {};
  const fresh = () => randomBytes(32).toString('base64url');
  const secrets: DevSecrets = {
    AUTH_JWT_SECRET: stored.AUTH_JWT_SECRET ?? fresh(),
    LINK_TOKEN_SECRET: stored.LINK_TOKEN_SECRET ?? fresh(),
    AUDIT_HMAC_SECRET: stored.AUDIT_HMAC_SECRET ?? fresh(),
  };
  if (Object.keys(stored).length !== Object.keys(secrets).length) await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

export async function startStack(options: StackOptions): Promise<RunningStack> {
  const log = options.log ?? ((line: string) => console.log(line));
  const { ports, env, dataDir } = options;
  await mkdir(dataDir, { recursive: true });
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((e: unknown) => log(`stop failed: ${String(e)}`));
  };

  try {
    let temporalUi: string | null = null;
    let temporalAddress = env['TEMPORAL_ADDRESS'];
    if (!temporalAddress) {
      await ensureTemporalCli();
      const temporal = await startTemporalDevServer({
        port: ports.temporal,
        uiPort: ports.temporalUi,
        ...(options.persist ? { dbFile: join(dataDir, 'temporal.sqlite') } : {}),
      });
      stops.push(() => temporal.stop());
      temporalAddress = temporal.address;
      temporalUi = temporal.uiUrl;
    }

    let dynamodbEndpoint = env['DYNAMODB_ENDPOINT'];
    if (!dynamodbEndpoint) {
      const dynamo = await startDynalite({ port: ports.dynamodb, ...(options.persist ? { path: join(dataDir, 'dynamodb') } : {}) });
      stops.push(() => dynamo.stop());
      dynamodbEndpoint = dynamo.endpoint;
    }

    let mailbox: string | null = null;
    let smtpUrl = env['SMTP_URL'];
    if (!smtpUrl) {
      const sink = await startMailSink({
        smtpPort: ports.smtp,
        httpPort: ports.mailbox,
        refuseRecipients: options.refuseMailTo ?? [],
        ...(options.persist ? { dir: join(dataDir, 'mailbox') } : {}),
      });
      stops.push(() => sink.stop());
      smtpUrl = sink.smtpUrl;
      mailbox = sink.mailboxUrl;
    }

    const config = loadConfig({
      ALUR_DEV_LOGIN: '1',
      ...(await devSecrets(dataDir)),
      ...env,
      PORT: String(ports.api),
      TEMPORAL_ADDRESS: temporalAddress,
      DYNAMODB_ENDPOINT: dynamodbEndpoint,
      SMTP_URL: smtpUrl,
    });

    // One process runs the API and the worker here, so its store seals audit events as the worker's does.
    const store = createStore(storeSettings(config), { auditKey: requireAuditKey(config) });
    stops.push(() => Promise.resolve(store.close()));
    await store.ensureTable();
    await seedReferenceData(store, { devRoster: config.ALUR_DEV_LOGIN });

    const mailer = createMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM }, store.mailLog);
    stops.push(() => Promise.resolve(mailer.close()));
    const { worker, connection } = await createWorkerFromConfig(config, store, mailer);
    const running = worker.run();
    stops.push(async () => {
      // The Temporal runtime shuts workers down on SIGINT/SIGTERM itself; a second shutdown() throws.
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
    });

    const appDeps = appDepsFromConfig(config);
    stops.push(() => appDeps.close());
    const server: ServerType = await new Promise((resolve) => {
      const s = serve({ fetch: createApp(appDeps).fetch, port: config.PORT, hostname: '127.0.0.1' }, () => resolve(s));
    });
    stops.push(() => new Promise<void>((resolve) => server.close(() => resolve())));

    return {
      config,
      urls: {
        api: `http://127.0.0.1:${config.PORT}`,
        publicBaseUrl: config.PUBLIC_BASE_URL,
        temporalUi,
        mailbox,
        temporal: config.TEMPORAL_ADDRESS,
        dynamodb: dynamodbEndpoint,
        smtp: config.SMTP_URL,
      },
      stop: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
