/** The alur API as the harness runs it: api/server.ts on loopback, plus IPC for memory. */
import { serve } from '@hono/node-server';
import { createApp } from '../../api/app.js';
import { appDepsFromConfig } from '../../api/deps.js';
import { loadConfig } from '../../config/config.js';
import { ready } from './common.js';

const config = loadConfig();
const deps = appDepsFromConfig(config);
const server = serve({ fetch: createApp(deps).fetch, port: config.PORT, hostname: '127.0.0.1' }, () => ready({ port: config.PORT }));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close(() => void deps.close().then(() => process.exit(0)));
    if ('closeIdleConnections' in server) server.closeIdleConnections();
  });
}
