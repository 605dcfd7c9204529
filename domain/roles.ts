/**
 * People, roles, and the one place that says who may do what (deny by default).
 * The API checks these rules before it calls Temporal; the workflow's Update validators
 * check them again, so a request that slips past one layer still stops at the other.
 */
import type { DecisionStage, Stage } from './stages.js';

export const roles = ['opd_head', 'opd_staff', 'diskominfo_reviewer', 'sekda', 'bupati', 'wakil_bupati', 'secretariat', 'viewer'] as const;
export type Role = (typeof roles)[number];

export interface Person {
  id: string;
  name: string;
  email: string;
  /** Official position, as it appears on letters ("Kepala Dinas Kesehatan"). */
  title: string;
  roles: Role[];
  /** The OPD the person belongs to; null for the regional leadership. */
  opdId: string | null;
}

export interface Opd {
  id: string;
  abbr: string;
  name: string;
}

/** The person as the workflow sees them: enough to check a rule and to write the record. */
export interface Actor {
  userId: string;
  name: string;
  title: string;
  roles: Role[];
  opdId: string | null;
}

export function actorOf(person: Person): Actor {
  return { userId: person.id, name: person.name, title: person.title, roles: person.roles, opdId: person.opdId };
}

const hasRole = (actor: Pick<Actor, 'roles'>, ...wanted: Role[]) => actor.roles.some((r) => wanted.includes(r));

/** Which role decides each decision stage. */
export const deciderRole: Record<DecisionStage, Role> = {
  diskominfo_review: 'diskominfo_reviewer',
  sekda_approval: 'sekda',
};

export type Action = 'propose' | 'view' | 'decide' | 'resubmit' | 'withdraw' | 'cancel';

/** The programme facts a rule needs. */
export interface ProgramScope {
  opdId: string;
  stage: Stage;
}

/** Why an action is refused, in words a person can act on; null when allowed. */
export function refusal(actor: Pick<Actor, 'roles' | 'opdId'>, action: Action, program: ProgramScope): string | null {
  const ownOpd = actor.opdId === program.opdId;
  switch (action) {
    case 'view':
      return actor.roles.length > 0 ? null : 'no role in this system';
    case 'propose':
      if (!hasRole(actor, 'opd_head', 'opd_staff')) return 'only an OPD head or OPD staff may propose a programme';
      return ownOpd ? null : 'you may only propose programmes for your own OPD';
    case 'resubmit':
    case 'withdraw':
      if (!hasRole(actor, 'opd_head', 'opd_staff')) return `only the proposing OPD may ${action} a programme`;
      return ownOpd ? null : `only people of the proposing OPD may ${action} this programme`;
    case 'cancel':
      return hasRole(actor, 'secretariat') ? null : 'only the secretariat may cancel a programme';
    case 'decide': {
      const stage = program.stage;
      if (stage !== 'diskominfo_review' && stage !== 'sekda_approval') return `nothing to decide in stage ${stage}`;
      const role = deciderRole[stage];
      return hasRole(actor, role) ? null : `stage ${stage} is decided by a person with role ${role}`;
    }
  }
}
