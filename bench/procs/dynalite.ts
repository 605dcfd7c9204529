/**
 * dynalite in its own process, so a drill can stop it, or kill it, and start it again on its
 * folder. It also counts requests by caller (the path of the endpoint each part is given:
 * /worker, /api, /bench, /baseline; dynalite ignores the path) and by operation.
 */
import http from 'node:http';
import { startDynalite } from '../../dev/dynalite.js';
import { answer, env, ready } from './common.js';

const counts = new Map<string, number>();
type Emit = (this: http.Server, event: string, ...args: unknown[]) => boolean;
// eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the server as `this`
const emit = http.Server.prototype.emit as Emit;
(http.Server.prototype as unknown as { emit: Emit }).emit = function (this: http.Server, event: string, ...args: unknown[]) {
  if (event === 'request') {
    const req = args[0] as http.IncomingMessage;
    const caller = (req.url ?? '/').split('?')[0]!.replace(/^\/+|\/+$/g, '') || '(none)';
    const op = String(req.headers['x-amz-target'] ?? '').replace(/^DynamoDB_\d+\./, '');
    counts.set(`${caller} ${op}`, (counts.get(`${caller} ${op}`) ?? 0) + 1);
  }
  return emit.call(this, event, ...args);
};

answer('counts', ({ reset }) => {
  const out = Object.fromEntries(counts);
  if (reset) counts.clear();
  return out;
});

const path = process.env['BENCH_DYNALITE_PATH'];
const db = await startDynalite({ port: Number(env('BENCH_DYNALITE_PORT')), ...(path ? { path } : {}) });
ready({ endpoint: db.endpoint });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void db.stop().finally(() => process.exit(0));
  });
}
