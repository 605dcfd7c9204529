import { describe, expect, it } from 'vitest';
import {
  decisionLabels,
  decisions,
  decisionsByStage,
  isDecisionStage,
  isEnded,
  stageAfter,
  stageLabels,
  stages,
  type Decision,
  type DecisionStage,
  type Stage,
} from '../../domain/stages.js';

// docs/product.md §2, written out: every allowed (stage, decision) pair and where it leads.
const transitions: Record<DecisionStage, Partial<Record<Decision, Stage>>> = {
  diskominfo_review: { approve: 'sekda_approval', request_changes: 'revision', reject: 'rejected' },
  sekda_approval: { approve: 'signing', return: 'revision', reject: 'rejected' },
};
const decisionStages: DecisionStage[] = ['diskominfo_review', 'sekda_approval'];

describe('stageAfter', () => {
  const allowed = decisionStages.flatMap((stage) =>
    Object.entries(transitions[stage]).map(([decision, next]) => ({ stage, decision: decision as Decision, next: next })),
  );

  it.each(allowed)('$stage + $decision → $next', ({ stage, decision, next }) => {
    const result = stageAfter(stage, decision);

    expect(result).toBe(next);
  });

  it.each(decisionStages)('%s allows exactly the decisions of the lifecycle', (stage) => {
    expect([...decisionsByStage[stage]].sort()).toEqual(Object.keys(transitions[stage]).sort());
  });

  const disallowed = decisionStages.flatMap((stage) => decisions.filter((d) => !(d in transitions[stage])).map((decision) => ({ stage, decision })));

  it('has disallowed pairs to test (return/sign at Diskominfo, request_changes/sign at Sekda)', () => {
    expect(disallowed).toEqual([
      { stage: 'diskominfo_review', decision: 'return' },
      { stage: 'diskominfo_review', decision: 'sign' },
      { stage: 'sekda_approval', decision: 'request_changes' },
      { stage: 'sekda_approval', decision: 'sign' },
    ]);
  });

  it.each(disallowed)('$stage + $decision throws a RangeError', ({ stage, decision }) => {
    expect(() => stageAfter(stage, decision)).toThrow(RangeError);
  });
});

describe('isEnded', () => {
  const ended: Record<Stage, boolean> = {
    diskominfo_review: false,
    revision: false,
    sekda_approval: false,
    signing: false,
    implementation: false,
    completed: true,
    rejected: true,
    withdrawn: true,
    cancelled: true,
  };

  it.each(stages)('%s', (stage) => {
    expect(isEnded(stage)).toBe(ended[stage]);
  });
});

describe('isDecisionStage', () => {
  it.each(stages)('%s', (stage) => {
    expect(isDecisionStage(stage)).toBe(stage === 'diskominfo_review' || stage === 'sekda_approval');
  });
});

describe('labels', () => {
  const cases = decisionStages.flatMap((stage) => decisionsByStage[stage].map((decision) => ({ stage, decision })));

  it.each(cases)('$stage: decision $decision has a label', ({ decision }) => {
    const label = decisionLabels[decision];

    expect(typeof label).toBe('string');
    expect(label.trim()).not.toBe('');
  });

  it.each(stages)('stage %s has a label', (stage) => {
    expect(stageLabels[stage]?.trim()).toBeTruthy();
  });
});
