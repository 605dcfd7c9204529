/**
 * A programme's audit trail checked against what only the worker side knows: the seal of every
 * event (the worker's audit key) and how many events the programme's workflow wrote (its
 * `auditAnchor` Query). Used by `npm run verify-audit` and the end-to-end tests.
 */
import type { Client } from '@temporalio/client';
import { verifyAnchoredTrail, type ChainVerdict, type Store } from '../store/index.js';
import { auditAnchor, workflowIdOf } from '../workflows/messages.js';

export async function auditTrailVerdict(deps: { store: Store; client: Client; auditKey: string }, programId: string): Promise<ChainVerdict> {
  const { eventCount } = await deps.client.workflow.getHandle(workflowIdOf(programId)).query(auditAnchor);
  const events = await deps.store.programs.listEvents(programId);
  return verifyAnchoredTrail(events, { auditKey: deps.auditKey, eventCount });
}
