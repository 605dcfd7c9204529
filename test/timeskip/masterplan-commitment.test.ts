/**
 * The masterplan commitment on the time-skipping server, with the real activities, dynalite and
 * an SMTP sink: every seat is asked at once; the leadership signs in parallel; a Plh. recorded
 * for the head of Dinas Kesehatan is asked as soon as the workflow hears of it and signs for him;
 * those who have not signed by the second working day are reminded (and only they); the last
 * signature records the commitment under the hash of the masterplan as opened.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Delegation } from '../../domain/signing.js';
import { commitmentHashOf } from '../../store/signing.js';
import {
  masterplanCommitmentOpened,
  masterplanCommitmentState,
  masterplanCommitmentWorkflowIdOf,
  rosterChanged,
  signMasterplanCommitment,
} from '../../workflows/messages.js';
import type { masterplanCommitmentWorkflow } from '../../workflows/masterplan-commitment-workflow.js';
import { realHolidayYears, TestCalendar, wibInstant } from '../support/timeskip-calendar.js';
import { eventually } from '../support/wait.js';
import { actor, refusalOf, requestBase, startTimeskipEnv, wibDay, type TimeskipEnv } from '../support/timeskip-env.js';

const cal = new TestCalendar(realHolidayYears);
const basis = 'SK Bupati Solok Selatan No. 800-TEST/2026 (fiktif)';

let t: TimeskipEnv;
beforeAll(async () => {
  t = await startTimeskipEnv('masterplan-commitment');
});
afterAll(async () => {
  await t?.teardown();
});

/** The masterplan commitment's emails as "<kind> <seat> <userId>", read from their Message-IDs. */
function sent(kind: RegExp): string[] {
  return t.sink
    .messages()
    .map((m) => (m.messageId ?? '').replace(/^<|>$/g, ''))
    .filter((id) => id.startsWith('alur.masterplan.solok-selatan.1.'))
    .map((id) => id.slice('alur.masterplan.solok-selatan.1.'.length, id.lastIndexOf('@')))
    .filter((rest) => kind.test(rest))
    .sort();
}

describe('the masterplan commitment', () => {
  it('is signed in parallel, with reminders and a Plh., and recorded once every seat has signed', { timeout: 180_000 }, async () => {
    const handle = await t.env.client.workflow.start<typeof masterplanCommitmentWorkflow>('masterplanCommitmentWorkflow', {
      workflowId: masterplanCommitmentWorkflowIdOf('solok-selatan', 1),
      taskQueue: t.taskQueue,
      args: [{ masterplanId: 'solok-selatan', round: 1, openedBy: actor('sekretariat-1') }],
    });
    const opened = await handle.executeUpdate(masterplanCommitmentOpened, { args: [] });
    const seats = opened.seats.map((s) => (s.opdId ? `${s.office}:${s.opdId}` : s.office));
    expect(seats).toEqual(['bupati', 'wakil_bupati', 'sekda', 'opd_head:bappeda', 'opd_head:dinkes', 'opd_head:diskominfo', 'opd_head:disparbud']);
    const openedOn = wibDay(Date.parse(opened.openedAt!));
    expect(opened.dueDate).toBe(cal.after(openedOn, 5)); // the signing stage's 5 working days

    // Every seat's official is asked at once.
    expect(sent(/^request\./)).toEqual([
      'request.bupati.bupati',
      'request.opd_head-bappeda.kepala-bappeda',
      'request.opd_head-dinkes.kadis-kesehatan',
      'request.opd_head-diskominfo.kadis-kominfo',
      'request.opd_head-disparbud.kadis-pariwisata',
      'request.sekda.sekda',
      'request.wakil_bupati.wabup',
    ]);

    const signAs = (who: string, seat: { office: 'bupati' | 'wakil_bupati' | 'sekda' | 'opd_head'; opdId?: string }) =>
      handle.executeUpdate(signMasterplanCommitment, { args: [{ ...requestBase(who), round: 1, seat }] });

    // The leadership signs at the same moment.
    const leadership = await Promise.all([
      signAs('bupati', { office: 'bupati' }),
      signAs('wabup', { office: 'wakil_bupati' }),
      signAs('sekda', { office: 'sekda' }),
    ]);
    expect(leadership.map((r) => r.signed).sort()).toEqual([1, 2, 3]);
    expect(leadership.every((r) => !r.complete && r.required === 7)).toBe(true);
    expect(await refusalOf(signAs('sekda', { office: 'sekda' }))).toBe('AlreadyDecided');
    expect(await refusalOf(signAs('pemantau', { office: 'opd_head', opdId: 'dinkes' }))).toBe('NotAllowed');
    expect(await refusalOf(signAs('staf-kesehatan', { office: 'opd_head', opdId: 'dinkes' }))).toBe('NotAllowed'); // no delegation yet

    // The head of Dinas Kesehatan is away: a Plh. from today, and the workflow is told.
    const today = wibDay(await t.now());
    const plh: Delegation = {
      id: 'plh-kadis-kesehatan-masterplan',
      officialId: 'kadis-kesehatan',
      delegateId: 'staf-kesehatan',
      kind: 'plh',
      from: today,
      until: cal.after(today, 10),
      basis,
      exclusive: false,
      createdAt: new Date(await t.now()).toISOString(),
      revokedAt: null,
    };
    await t.store.signing.putDelegation(plh);
    await handle.signal(rosterChanged);
    await eventually('the Plh. route', async () =>
      (await handle.query(masterplanCommitmentState)).routes.some((r) => r.opdId === 'dinkes' && r.signer.userId === 'staf-kesehatan') ? true : undefined,
    );
    expect(sent(/^reroute-/)).toEqual(['reroute-1.opd_head-dinkes.staf-kesehatan']);

    // The second working day: a reminder to each signer of a seat still unsigned, no one else.
    const reminderDay = cal.after(openedOn, 2);
    await t.advanceTo(wibInstant(reminderDay, '12:00'));
    expect(sent(/^reminder\./)).toEqual([
      `reminder.${reminderDay}.opd_head-bappeda.kepala-bappeda`,
      `reminder.${reminderDay}.opd_head-dinkes.kadis-kesehatan`,
      `reminder.${reminderDay}.opd_head-dinkes.staf-kesehatan`,
      `reminder.${reminderDay}.opd_head-diskominfo.kadis-kominfo`,
      `reminder.${reminderDay}.opd_head-disparbud.kadis-pariwisata`,
    ]);

    // The Plh. signs for the head of Dinas Kesehatan, in that capacity and on that decree.
    const byPlh = await signAs('staf-kesehatan', { office: 'opd_head', opdId: 'dinkes' });
    expect(byPlh.signature).toMatchObject({
      office: 'opd_head',
      opdId: 'dinkes',
      official: { userId: 'kadis-kesehatan' },
      signedBy: { userId: 'staf-kesehatan' },
      capacity: 'plh',
      basis,
    });
    expect(await refusalOf(signAs('kadis-kesehatan', { office: 'opd_head', opdId: 'dinkes' }))).toBe('AlreadyDecided');

    await signAs('kepala-bappeda', { office: 'opd_head', opdId: 'bappeda' });
    await signAs('kadis-kominfo', { office: 'opd_head', opdId: 'diskominfo' });
    const last = await signAs('kadis-pariwisata', { office: 'opd_head', opdId: 'disparbud' });
    expect(last).toMatchObject({ signed: 7, required: 7, complete: true });

    // The commitment covers the masterplan as opened, with every signature; the round is closed with it.
    const round = await t.store.signing.getMasterplanRound('solok-selatan', 1);
    expect(last.commitmentHash).toBe(commitmentHashOf(round!.content));
    expect(round?.commitmentHash).toBe(last.commitmentHash);
    const commitment = await t.store.signing.getCommitment(last.commitmentHash!);
    expect(commitment).toMatchObject({ kind: 'masterplan', masterplanId: 'solok-selatan' });
    expect(commitment?.signatures).toHaveLength(7);
    expect(sent(/^commitment\.sekretariat-1$/)).toEqual(['commitment.sekretariat-1']);
    expect(await handle.result()).toMatchObject({ commitmentHash: last.commitmentHash });
  });
});
