/**
 * After a change of who may act (a person made inactive, moved, given or stripped of a role; an
 * office handed over): every programme whose open work may belong to someone else now is told,
 * so its workflow works out who must act anew (docs/product.md §10). Programmes being signed
 * re-route their signers; programmes waiting for a review or the Sekda's approval re-route their
 * deciders. Decisions and signatures already made are never touched.
 */
import type { AppDeps } from './context.js';
import { rerouteSigning, signalRosterChanged } from './routes/signing.js';

export async function rerouteOpenWork(deps: Pick<AppDeps, 'store' | 'temporal'>): Promise<void> {
  await rerouteSigning(deps);
  await signalRosterChanged(deps, 'diskominfo_review');
  await signalRosterChanged(deps, 'sekda_approval');
}
