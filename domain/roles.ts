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
  /** Civil servant number (domain/people.ts checks it); absent in the development roster. */
  nip?: string;
  /** False once the secretariat made the person inactive; absent counts as active. */
  active?: boolean;
}

export interface Opd {
  id: string;
  abbr: string;
  name: string;
  /**
   * Set once the OPD was merged into another (domain/opds.ts): the OPD that took over its people
   * and its programmes' new work, and the WIB day of the merge. A merged OPD is inactive.
   */
  mergedInto?: string;
  mergedOn?: string;
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

/**
 * What a person may do to a programme, by role and OPD. The one matrix in code (deny by
 * default); the API asks it before it calls Temporal, the Update validators ask it again.
 *
 * | action                                 | who                                                             |
 * | -------------------------------------- | --------------------------------------------------------------- |
 * | view                                   | anyone with a role                                              |
 * | prepare (a draft)                      | OPD head or staff, for their own OPD                            |
 * | propose (submit)                       | the OPD head, or whoever acts for them today (Plt./Plh.)        |
 * | resubmit, withdraw, report             | OPD head or staff of the proposing OPD                          |
 * | decide                                 | the stage's decider role (a Diskominfo reviewer not on their    |
 * |                                        | own OPD's proposal; the Sekda), or whoever the stage awaits     |
 * | cancel, extend_deadline, delegate      | the secretariat                                                 |
 *
 * Who the current stage awaits by name (deciders chosen when it opened, the secretariat after
 * too many rounds) is checked by the caller against the stage's record; signing is per office
 * and person (domain/signing.ts: officials and their Plt./Plh.), checked against the signing
 * routes. Whether the stage allows the action at all is the stage rules' question (a 409).
 */
export type Action = 'view' | 'prepare' | 'propose' | 'decide' | 'resubmit' | 'withdraw' | 'report' | 'cancel' | 'extend_deadline' | 'delegate';

/**
 * Whether a person may take the decision a stage awaits, by their roles of now: the stage's
 * decider role, the secretariat when the stage awaits them (the fallback when no reviewer
 * is eligible or after too many rounds), or an acting official (Plt./Plh.) whose delegation for
 * an awaited official is in force (`actsForAwaited`, checked by the caller against the
 * delegations). Nobody of the proposing OPD decides on its proposal, whatever their role or
 * delegation: the Sekda and the secretariat included. `program.opdId` is the OPD that acts for
 * the programme today (`programScopeOf`): after a merge, the people of the OPD it was merged into.
 */
export function decisionRefusal(
  actor: Pick<Actor, 'roles' | 'opdId'>,
  stage: DecisionStage,
  program: { opdId: string; awaited: boolean; actsForAwaited?: boolean },
): string | null {
  if (actor.opdId === program.opdId) return 'nobody of the proposing OPD decides on its own proposal';
  if (hasRole(actor, deciderRole[stage]) || program.actsForAwaited === true) return null;
  if (program.awaited && hasRole(actor, 'secretariat')) return null;
  return `stage ${stage} is decided by a person with role ${deciderRole[stage]}`;
}

/** The programme facts a rule needs (built by `programScopeOf`). */
export interface ProgramScope {
  /** The OPD that acts for the programme today (the proposing OPD, or the OPD it was merged into). */
  opdId: string;
  stage: Stage;
}

/** A person as far as the officials they act for count: their roles and OPD. */
export type Official = Pick<Person, 'roles' | 'opdId'>;

/**
 * Why an action is refused, in words a person can act on; null when allowed. Without a
 * programme only `view` (a list) and `delegate` can be allowed. `actingFor` lists the officials
 * the actor is Plt./Plh. for today: a staff member acting for their own Kepala OPD submits.
 */
export function refusal(actor: Pick<Actor, 'roles' | 'opdId'>, action: Action, program?: ProgramScope, actingFor: readonly Official[] = []): string | null {
  const ownOpd = program !== undefined && actor.opdId === program.opdId;
  switch (action) {
    case 'view':
      return actor.roles.length > 0 ? null : 'no role in this system';
    case 'prepare':
    case 'propose': {
      if (!hasRole(actor, 'opd_head', 'opd_staff')) return 'only an OPD head or OPD staff may propose a programme';
      if (!ownOpd) return 'you may only propose programmes for your own OPD';
      if (action === 'prepare' || hasRole(actor, 'opd_head')) return null;
      const actsForHead = actingFor.some((o) => o.roles.includes('opd_head') && o.opdId === actor.opdId);
      return actsForHead ? null : 'only the head of the OPD (or the Plt./Plh. acting for them) submits a proposal; OPD staff prepare drafts';
    }
    case 'resubmit':
    case 'withdraw':
    case 'report': {
      const what = action === 'report' ? 'report progress on' : action;
      if (!hasRole(actor, 'opd_head', 'opd_staff')) return `only the proposing OPD may ${what} a programme`;
      return ownOpd ? null : `only people of the proposing OPD may ${what} this programme`;
    }
    case 'cancel':
    case 'extend_deadline':
    case 'delegate': {
      const what = { cancel: 'cancel a programme', extend_deadline: 'extend a deadline', delegate: 'record or revoke acting officials (Plt./Plh.)' }[action];
      return hasRole(actor, 'secretariat') ? null : `only the secretariat may ${what}`;
    }
    case 'decide': {
      const stage = program?.stage;
      if (stage !== 'diskominfo_review' && stage !== 'sekda_approval') return `nothing to decide in stage ${stage ?? '(none)'}`;
      const role = deciderRole[stage];
      if (!hasRole(actor, role)) return `stage ${stage} is decided by a person with role ${role}`;
      return stage === 'diskominfo_review' && ownOpd ? 'a Diskominfo reviewer does not review a proposal of their own OPD' : null;
    }
  }
}

/**
 * Who reads the portfolio (`/dasbor` and its exports, docs/product.md §9): the leadership, the
 * secretariat, Diskominfo, and viewers such as the Inspektorat. OPD people see their own
 * programmes through the programme list instead.
 */
export const portfolioReaders: readonly Role[] = ['bupati', 'wakil_bupati', 'sekda', 'secretariat', 'diskominfo_reviewer', 'viewer'];

/** Why a person may not read the portfolio; null when they may. */
export function portfolioRefusal(actor: Pick<Actor, 'roles'>): string | null {
  return hasRole(actor, ...portfolioReaders) ? null : 'the portfolio is read by the leadership, the secretariat, Diskominfo and viewers';
}
