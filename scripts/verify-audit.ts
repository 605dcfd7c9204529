/**
 * `npm run verify-audit -- <programId>...`: checks each programme's audit trail with the
 * worker's audit key and the workflow's count of events (scripts/audit-trail.ts). Run it where
 * the worker's configuration is: it needs AUDIT_HMAC_SECRET, DynamoDB and Temporal. Exits 1 when
 * a trail is not as the worker wrote it. A programme recording a step at that moment can be one
 * event ahead of the store: verify it again.
 */
import { Client, Connection } from '@temporalio/client';
import { loadConfig, requireAuditKey, storeSettings, temporalTls } from '../config/config.js';
import { createStore } from '../store/index.js';
import { auditTrailVerdict } from './audit-trail.js';

const programIds = process.argv.slice(2);
if (programIds.length === 0) throw new Error('usage: npm run verify-audit -- <programId>...');
const config = loadConfig();
const auditKey = requireAuditKey(config);
const store = createStore(storeSettings(config));
const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS, tls: temporalTls(config) });
const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
let broken = 0;
for (const programId of programIds) {
  const verdict = await auditTrailVerdict({ store, client, auditKey }, programId);
  if (!verdict.valid) broken += 1;
  console.log(verdict.valid ? `${programId}: as written` : `${programId}: NOT as written from event ${verdict.brokenAt} (${verdict.reason})`);
}
await connection.close();
store.close();
process.exit(broken === 0 ? 0 : 1);
