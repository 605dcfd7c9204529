// Local DynamoDB: dynalite speaks the DynamoDB JSON API over HTTP backed by LevelDB, so the store
// code runs unchanged against it and against AWS (only DYNAMODB_ENDPOINT differs). It has no
// transactions, TTL or PartiQL; the store is designed around conditional single-item writes.
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';

export interface Dynalite {
  /** Value for DYNAMODB_ENDPOINT. */
  endpoint: string;
  stop(): Promise<void>;
}

export async function startDynalite(opts: {
  /** 0 picks a free port. */
  port: number;
  /** LevelDB folder to persist to; in memory when omitted. */
  path?: string;
}): Promise<Dynalite> {
  // Real DynamoDB keeps a new table CREATING for a while; dynalite imitates that by default.
  // Zero makes tables ACTIVE at once so start-up and tests need no wait-for-table loop.
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(opts.path === undefined ? {} : { path: opts.path }),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        // dynalite's close also flushes and closes LevelDB, which matters for the persisted folder.
        server.close((err) => (err ? reject(err) : resolve()));
        // Clients with keep-alive sockets (the AWS SDK) would otherwise hold close() open: idle
        // ones go now; busy ones get a moment to finish their request, then are cut (a client
        // under steady traffic never goes idle, and Ctrl-C must not hang).
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), stopGraceMs).unref();
      }),
  };
}

/** How long requests in flight may take to finish when dynalite stops. */
const stopGraceMs = 1_000;
