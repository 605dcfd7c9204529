/** Builds the API's dependencies from configuration: shared by the Node server and the Lambda entry. */
import { Client, Connection } from '@temporalio/client';
import { requireAuthSettings, storeSettings, temporalTls, type Config } from '../config/config.js';
import { isActivePerson } from '../domain/people.js';
import { createStore, type Store } from '../store/index.js';
import { createAuth } from './auth.js';
import type { AppDeps } from './context.js';

/** A bearer token of a person made inactive names nobody. */
async function activePerson(store: Store, id: string) {
  const person = await store.roster.getPerson(id);
  return person && isActivePerson(person) ? person : null;
}

export function appDepsFromConfig(config: Config): AppDeps & { close(): Promise<void> } {
  requireAuthSettings(config);
  const store = createStore(storeSettings(config));
  // Lazy: the API starts (and answers /health with 503) even while Temporal is still coming up.
  const connection = Connection.lazy({ address: config.TEMPORAL_ADDRESS, tls: temporalTls(config) });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  return {
    store,
    temporal,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    auth: createAuth({ jwtSecret: config.AUTH_JWT_SECRET, jwksUrl: config.AUTH_JWKS_URL }, (id) => activePerson(store, id)),
    devLogin: config.ALUR_DEV_LOGIN,
    oidc:
      config.OIDC_ISSUER && config.OIDC_CLIENT_ID
        ? { issuer: config.OIDC_ISSUER, clientId: config.OIDC_CLIENT_ID, clientSecret: config.OIDC_CLIENT_SECRET }
        : undefined,
    trustProxy: config.TRUST_PROXY,
    checks: {
      temporal: () => temporal.workflowService.getSystemInfo({}),
      dynamodb: () => store.ping(),
    },
    async close() {
      await connection.close();
      store.close();
    },
  };
}
