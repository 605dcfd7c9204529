import { describe, expect, it } from 'vitest';
import { decisionRefusal, refusal, roles, type Action, type Role } from '../../domain/roles.js';
import type { Stage } from '../../domain/stages.js';

// The expected permission matrix, written out as data (deny by default).
// Columns: an action, and for `decide` the stage it is taken in. Each cell is
// [allowed on a programme of the actor's own OPD, allowed on another OPD's programme].
// (Signing is per office and person, not per role: domain/signing.ts and the e2e matrix.)
type Column =
  | 'prepare'
  | 'propose'
  | 'view'
  | 'resubmit'
  | 'withdraw'
  | 'report'
  | 'cancel'
  | 'extend_deadline'
  | 'delegate'
  | 'decide:diskominfo_review'
  | 'decide:sekda_approval'
  | 'decide:signing';
type Cell = readonly [own: boolean, other: boolean];
const Y = true;
const N = false;
const none: Cell = [N, N];
const both: Cell = [Y, Y];
const ownOnly: Cell = [Y, N];

const nothing = { prepare: none, propose: none, view: both, resubmit: none, withdraw: none, report: none, cancel: none, extend_deadline: none, delegate: none };
const undecided = { 'decide:diskominfo_review': none, 'decide:sekda_approval': none, 'decide:signing': none };
const opd = { ...nothing, prepare: ownOnly, resubmit: ownOnly, withdraw: ownOnly, report: ownOnly, ...undecided };

const expected: Record<Role, Record<Column, Cell>> = {
  opd_head: { ...opd, propose: ownOnly },
  // OPD staff prepare drafts; their Kepala OPD (or whoever acts for them) submits.
  opd_staff: opd,
  // A reviewer does not review a proposal of their own OPD.
  diskominfo_reviewer: { ...nothing, ...undecided, 'decide:diskominfo_review': [N, Y] },
  sekda: { ...nothing, ...undecided, 'decide:sekda_approval': both },
  bupati: { ...nothing, ...undecided },
  wakil_bupati: { ...nothing, ...undecided },
  secretariat: { ...nothing, ...undecided, cancel: both, extend_deadline: both, delegate: both },
  viewer: { ...nothing, ...undecided },
};

// The stage a programme is in for each non-decide column (the rule does not depend on it,
// but a realistic one is used: resubmit happens in revision, etc.).
const stageOf: Record<Exclude<Column, `decide:${string}`>, Stage> = {
  prepare: 'diskominfo_review',
  propose: 'diskominfo_review',
  view: 'implementation',
  resubmit: 'revision',
  withdraw: 'sekda_approval',
  report: 'implementation',
  cancel: 'signing',
  extend_deadline: 'revision',
  delegate: 'signing',
};

const programOpd = 'dinkes';
const otherOpd = 'bappeda';
const columns = Object.keys(expected.opd_head) as Column[];

const cases = roles.flatMap((role) =>
  columns.flatMap((column) => {
    const [action, decideStage] = column.split(':') as [Action, Stage | undefined];
    const stage: Stage = decideStage ?? stageOf[column as keyof typeof stageOf];
    const [own, other] = expected[role][column];
    return [
      { role, action, stage, opd: 'own' as const, actorOpd: programOpd, allowed: own },
      { role, action, stage, opd: 'other' as const, actorOpd: otherOpd, allowed: other },
    ];
  }),
);

describe('refusal: the role × action × OPD matrix', () => {
  it('covers every role and every action', () => {
    expect(new Set(cases.map((c) => c.role))).toEqual(new Set(roles));
    expect(new Set(cases.map((c) => c.action))).toEqual(
      new Set<Action>(['prepare', 'propose', 'view', 'decide', 'resubmit', 'withdraw', 'report', 'cancel', 'extend_deadline', 'delegate']),
    );
    expect(cases).toHaveLength(roles.length * 12 * 2);
  });

  it.each(cases)('$role $action in $stage, $opd OPD → allowed: $allowed', ({ role, action, stage, actorOpd, allowed }) => {
    const actor = { roles: [role], opdId: actorOpd };

    const reason = refusal(actor, action, { opdId: programOpd, stage });

    if (allowed) {
      expect(reason).toBeNull();
    } else {
      expect(typeof reason).toBe('string');
      expect(reason?.length).toBeGreaterThan(0);
    }
  });
});

describe('refusal: edge cases', () => {
  const program = { opdId: programOpd, stage: 'diskominfo_review' as Stage };

  it('refuses everything, even view, to a person with no role', () => {
    const actor = { roles: [] as Role[], opdId: programOpd };

    for (const action of ['propose', 'view', 'decide', 'resubmit', 'withdraw', 'report', 'cancel', 'extend_deadline', 'delegate'] as Action[]) {
      expect(refusal(actor, action, program), action).not.toBeNull();
    }
  });

  it('lets OPD staff acting for their own Kepala OPD (Plt./Plh.) submit a proposal', () => {
    const head = { roles: ['opd_head'] as Role[], opdId: programOpd };

    expect(refusal({ roles: ['opd_staff'], opdId: programOpd }, 'propose', program, [head])).toBeNull();
  });

  it('does not let OPD staff submit for their OPD by acting for another OPD head', () => {
    const otherHead = { roles: ['opd_head'] as Role[], opdId: otherOpd };

    expect(refusal({ roles: ['opd_staff'], opdId: programOpd }, 'propose', program, [otherHead])).not.toBeNull();
  });

  it('refuses proposing to an OPD role with no OPD (opdId null)', () => {
    expect(refusal({ roles: ['opd_head'], opdId: null }, 'propose', program)).not.toBeNull();
  });

  it('refuses decisions in stages without a single decider (revision, implementation, ended)', () => {
    const everyone = { roles: [...roles], opdId: programOpd };

    for (const stage of ['revision', 'signing', 'implementation', 'completed', 'rejected', 'withdrawn', 'cancelled'] as Stage[]) {
      expect(refusal(everyone, 'decide', { opdId: programOpd, stage }), stage).not.toBeNull();
    }
  });

  it('without a programme allows only viewing lists and delegating, by role', () => {
    expect(refusal({ roles: ['viewer'], opdId: null }, 'view')).toBeNull();
    expect(refusal({ roles: ['secretariat'], opdId: 'setda' }, 'delegate')).toBeNull();
    expect(refusal({ roles: ['sekda'], opdId: 'setda' }, 'delegate')).not.toBeNull();
    for (const action of ['propose', 'decide', 'resubmit', 'withdraw', 'report'] as Action[]) {
      expect(refusal({ roles: [...roles], opdId: programOpd }, action), action).not.toBeNull();
    }
  });

  it('lets a person with several roles act through any of them', () => {
    const actor = { roles: ['viewer', 'diskominfo_reviewer'] as Role[], opdId: 'diskominfo' };

    expect(refusal(actor, 'decide', program)).toBeNull();
    expect(refusal(actor, 'decide', { ...program, stage: 'sekda_approval' })).not.toBeNull();
  });
});

describe('who takes the decision a stage awaits', () => {
  const headOfBappeda = { roles: ['opd_head'] as Role[], opdId: 'bappeda' };

  it('lets a Plt./Plh. for the awaited Sekda approve without the Sekda role', () => {
    expect(decisionRefusal(headOfBappeda, 'sekda_approval', { opdId: 'dinkes', awaited: false, actsForAwaited: true })).toBeNull();
  });

  it('refuses the same person without a delegation in force for an awaited official', () => {
    expect(decisionRefusal(headOfBappeda, 'sekda_approval', { opdId: 'dinkes', awaited: false })).toMatch(/role sekda/);
  });

  it('refuses a Plt./Plh. of the proposing OPD, delegation or not', () => {
    expect(decisionRefusal(headOfBappeda, 'sekda_approval', { opdId: 'bappeda', awaited: false, actsForAwaited: true })).toMatch(/proposing OPD/);
  });
});
