/**
 * After a change of who may act (a person made inactive, moved, given or stripped of a role; an
 * office handed over): the programmes whose open work may belong to someone else now are told,
 * so their workflows work out who must act anew (docs/product.md §10). Programmes being signed
 * re-route their signers; programmes waiting for a review or the Sekda's approval re-route their
 * deciders; programmes whose revision or reports wait on an OPD the change touched re-route that
 * work within the OPD. Decisions, signatures and reports already made are never touched. Only
 * the stages the change's roles can act in are told: adding a reviewer wakes no programme in
 * implementation, and a change in one OPD wakes no other OPD's programmes.
 */
import type { Role } from '../domain/roles.js';
import type { Stage } from '../domain/stages.js';
import type { AppDeps } from './context.js';
import { signalRosterChanged } from './routes/signing.js';

/** Who a change touched: the roles the person had or has, and the OPDs they were or are in. */
export interface RosterChange {
  roles: readonly Role[];
  opdIds: readonly string[];
}

/** The stages whose waiting work is the OPD's own: the revision of its proposal, and its reports. */
const opdStages: readonly Stage[] = ['revision', 'implementation'];

/** The waiting stages in which a person with one of these roles may be the one asked to act. */
export function stagesActedInBy(roles: readonly Role[]): Stage[] {
  const stages = new Set<Stage>();
  for (const role of roles) {
    // The secretariat decides either stage when no reviewer is eligible or after too many rounds.
    if (role === 'diskominfo_reviewer' || role === 'secretariat') stages.add('diskominfo_review');
    if (role === 'sekda' || role === 'secretariat') stages.add('sekda_approval');
    if (role === 'bupati' || role === 'wakil_bupati' || role === 'sekda' || role === 'opd_head') stages.add('signing');
    if (role === 'opd_head' || role === 'opd_staff') for (const stage of opdStages) stages.add(stage);
  }
  return [...stages];
}

export async function rerouteOpenWork(deps: Pick<AppDeps, 'store' | 'temporal'>, change: RosterChange): Promise<void> {
  for (const stage of stagesActedInBy(change.roles)) {
    if (!opdStages.includes(stage)) await signalRosterChanged(deps, stage);
    else for (const opdId of new Set(change.opdIds)) await signalRosterChanged(deps, stage, opdId);
  }
}
