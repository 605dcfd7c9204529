/** Node entry of the API: `npm run api` (npm start runs the whole stack instead). */
import { serve } from '@hono/node-server';
import { loadConfig } from '../config/config.js';
import { createApp } from './app.js';
import { appDepsFromConfig } from './deps.js';

const config = loadConfig();
const deps = appDepsFromConfig(config);
const server = serve({ fetch: createApp(deps).fetch, port: config.PORT, hostname: '0.0.0.0' }, (info) => {
  console.log(`alur API listening on :${info.port} (public address ${config.PUBLIC_BASE_URL})`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close(() => void deps.close().then(() => process.exit(0)));
  });
}
