/**
 * The secretariat extends a waiting stage's deadline (POST /v1/programs/:id/deadline): the
 * programme, its listing and its audit trail show the new due day; nobody else may move it,
 * and it only moves later.
 */
import { describe, expect, it } from 'vitest';
import { as } from '../support/api.js';
import { addDays, endOfWibDayIso } from '../support/dates.js';
import { decideByApi, events, expectProblem, program, propose } from '../support/flow.js';
import type { DeadlineAnswer, ProgramPage } from '../support/types.js';

const reason = 'Menunggu hasil rapat koordinasi SPBE tingkat kabupaten.';

describe('extending a deadline', () => {
  it('the secretariat extends the Diskominfo review; a reviewer may not; an earlier date is a 422', async () => {
    const { id } = await propose('kadis-kesehatan');
    const before = await program(id);
    expect(before.stage).toBe('diskominfo_review');
    const due = before.dueDate!;
    const later = addDays(due, 7);
    const path = `/v1/programs/${id}/deadline`;

    // ---- refused: not the secretariat (403), not later (422), not well formed (400); nothing changes ----
    const trail = await events(id);
    for (const userId of ['reviewer-kominfo-1', 'sekda', 'kadis-kesehatan', 'pemantau']) {
      expectProblem(await as(userId, 'POST', path, { json: { dueDate: later, reason } }), 403);
    }
    for (const dueDate of [addDays(due, -1), due, '2020-01-02']) {
      expectProblem(await as('sekretariat-1', 'POST', path, { json: { dueDate, reason } }), 422, new RegExp(`after ${due}`));
    }
    expectProblem(await as('sekretariat-1', 'POST', path, { json: { dueDate: later, reason: '' } }), 400);
    expectProblem(await as('sekretariat-1', 'POST', path, { json: { dueDate: '2027-02-30', reason } }), 400);
    expectProblem(await as('sekretariat-1', 'POST', path, { json: { dueDate: later } }), 400);
    const untouched = await program(id);
    expect(untouched).toMatchObject({ dueDate: due, dueAt: before.dueAt, updatedAt: before.updatedAt });
    expect(await events(id)).toEqual(trail);

    // ---- extended ----
    const extended = await as<DeadlineAnswer>('sekretariat-1', 'POST', path, { json: { dueDate: later, reason } });
    expect(extended.status, extended.text).toBe(200);
    expect(extended.body.result).toEqual({ programId: id, stageSeq: 1, dueDate: later, dueAt: endOfWibDayIso(later) });
    expect(extended.body.program).toMatchObject({ stage: 'diskominfo_review', dueDate: later });

    const after = await program(id);
    expect(after).toMatchObject({ stage: 'diskominfo_review', stageSeq: 1, dueDate: later, dueAt: endOfWibDayIso(later), overdue: false });
    expect(after.next).toMatchObject({ stage: 'diskominfo_review', dueDate: later, dueAt: endOfWibDayIso(later) });
    expect(after.awaiting).toEqual(before.awaiting);
    expect(after.stages[0]?.dueAt).toBe(endOfWibDayIso(later));
    const listed = await as<ProgramPage>('pemantau', 'GET', '/v1/programs?opdId=dinkes&stage=diskominfo_review&limit=100');
    expect(listed.body.items.find((p) => p.id === id)).toMatchObject({ dueDate: later });
    expect((await events(id)).at(-1)).toMatchObject({
      type: 'deadline_extended',
      channel: 'api',
      actor: { userId: 'sekretariat-1', capacity: 'secretariat' },
      toStage: 'diskominfo_review',
      stageSeq: 1,
      comment: reason,
      details: { from: due, to: later },
    });

    // Only later than the new due day; and not for a stage that has ended.
    expectProblem(await as('sekretariat-1', 'POST', path, { json: { dueDate: addDays(later, -1), reason } }), 422);
    await decideByApi('reviewer-kominfo-1', id, 'approve');
    expectProblem(await as('sekretariat-1', 'POST', path, { json: { dueDate: addDays(later, 7), reason, stageSeq: 1 } }), 409);
    expect((await program(id)).stage).toBe('sekda_approval');
  });
});
