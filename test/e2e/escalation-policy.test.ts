/**
 * The escalation policy over HTTP (docs/product.md §2): the secretariat reads and replaces the
 * steps each kind of overdue work escalates by; a bad policy is refused with a problem naming
 * each field and stores nothing; one stored before escalation had steps reads as one step; and
 * nobody but the secretariat may change it. Every change made here is put back.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import type { EscalationPolicy } from '../../domain/escalation.js';
import { as, type Json } from '../support/api.js';
import { expectProblem } from '../support/flow.js';
import { stack } from '../support/stack.js';
import { openDocClient } from '../support/store.js';
import type { Problem } from '../support/types.js';

const policyOf = async () => {
  const res = await as<EscalationPolicy>('sekretariat-1', 'GET', '/v1/escalation-policy');
  expect(res.status, res.text).toBe(200);
  return res.body;
};
const put = (policy: unknown, who = 'sekretariat-1') => as<EscalationPolicy | Problem>(who, 'PUT', '/v1/escalation-policy', { json: policy as Json });

let restore: EscalationPolicy | null = null;
afterEach(async () => {
  if (restore) expect((await put(restore)).status).toBe(200);
  restore = null;
});

describe('the escalation policy', () => {
  it('is replaced by the secretariat, step by step, and the change kept with who made it', async () => {
    restore = await policyOf();
    const chain: EscalationPolicy = {
      ...restore,
      sekda_approval: [
        { afterWorkingDays: 1, targets: ['wakil_bupati'] },
        { afterWorkingDays: 2, targets: ['bupati'] },
      ],
    };
    const res = await put(chain);
    expect(res.status, res.text).toBe(200);
    expect(await policyOf()).toEqual(chain);
    const history = await as<{ items: { by: { userId: string }; after: EscalationPolicy }[] }>('sekretariat-1', 'GET', '/v1/escalation-policy/history');
    expect(history.body.items.at(-1)).toMatchObject({ by: { userId: 'sekretariat-1' }, after: { sekda_approval: chain.sekda_approval } });
  });

  it('refuses bad steps with a problem naming every field, and stores nothing', async () => {
    const before = await policyOf();
    const res = await put({
      ...before,
      diskominfo_review: [
        { afterWorkingDays: 0, targets: ['kepala:diskominfo'] },
        { afterWorkingDays: 2, targets: [] },
      ],
      report: [{ afterWorkingDays: 'lima', targets: ['camat'] }],
    });
    expectProblem(res, 400);
    expect(((res.body as Problem).errors ?? []).map((e) => e.path).sort()).toEqual([
      'diskominfo_review.0.afterWorkingDays',
      'diskominfo_review.1.targets',
      'report.0.afterWorkingDays',
      'report.0.targets.0',
    ]);
    expect(await policyOf()).toEqual(before);
  });

  it('refuses anyone but the secretariat, and stores nothing', async () => {
    const before = await policyOf();
    const res = await put({ ...before, signing: [{ afterWorkingDays: 1, targets: ['sekda'] }] }, 'kadis-kesehatan');
    expectProblem(res, 403);
    expect(await policyOf()).toEqual(before);
  });

  it('stored in the old shape (one list of offices per kind of work) reads as one step at the reminder schedule’s threshold', async () => {
    restore = await policyOf();
    const { doc, close } = openDocClient();
    try {
      const old = { diskominfo_review: ['kepala:diskominfo'], sekda_approval: ['bupati'], signing: ['secretariat'], report: ['kepala:diskominfo', 'sekda'] };
      await doc.send(new PutCommand({ TableName: stack().tableName, Item: { pk: 'POLICY#escalation', sk: 'POLICY', kind: 'policy', data: old } }));
    } finally {
      close();
    }
    expect(await policyOf()).toEqual({
      diskominfo_review: [{ afterWorkingDays: 1, targets: ['kepala:diskominfo'] }],
      sekda_approval: [{ afterWorkingDays: 1, targets: ['bupati'] }],
      signing: [{ afterWorkingDays: 1, targets: ['secretariat'] }],
      report: [{ afterWorkingDays: 5, targets: ['kepala:diskominfo', 'sekda'] }],
    });
  });
});
