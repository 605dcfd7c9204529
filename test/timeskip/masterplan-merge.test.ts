/**
 * An OPD merged while the masterplan commitment is being signed, on the time-skipping server with
 * the real activities, the real merge and dynalite: the merged OPD's seat is dropped from the open
 * round (a signature already given stays on record, no longer required), the round completes
 * once every seat left is signed, and a merge that drops the last unsigned seat completes it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpdOperations } from '../../api/opds.js';
import { loadMasterplanCommitment } from '../../api/routes/masterplan-commitment.js';
import type { Person } from '../../domain/roles.js';
import type { SignerSeat } from '../../domain/signing.js';
import { masterplanCommitmentOpened, masterplanCommitmentState, masterplanCommitmentWorkflowIdOf, signMasterplanCommitment } from '../../workflows/messages.js';
import type { masterplanCommitmentWorkflow } from '../../workflows/masterplan-commitment-workflow.js';
import { eventually } from '../support/wait.js';
import { actor, requestBase, startTimeskipEnv, type TimeskipEnv } from '../support/timeskip-env.js';

let t: TimeskipEnv;
let secretariat: Person;
beforeAll(async () => {
  t = await startTimeskipEnv('masterplan-merge');
  secretariat = (await t.store.roster.getPerson('sekretariat-1'))!;
});
afterAll(async () => {
  await t?.teardown();
});

const keyOf = (s: SignerSeat) => (s.opdId ? `${s.office}:${s.opdId}` : s.office);

async function openRound(round: number) {
  const handle = await t.env.client.workflow.start<typeof masterplanCommitmentWorkflow>('masterplanCommitmentWorkflow', {
    workflowId: masterplanCommitmentWorkflowIdOf('solok-selatan', round),
    taskQueue: t.taskQueue,
    args: [{ masterplanId: 'solok-selatan', round, openedBy: actor('sekretariat-1') }],
  });
  await handle.executeUpdate(masterplanCommitmentOpened, { args: [] });
  const signAs = (who: string, seat: SignerSeat) => handle.executeUpdate(signMasterplanCommitment, { args: [{ ...requestBase(who), round, seat }] });
  return { handle, signAs };
}

/** Merges `id` into `into` the way the secretariat does (which tells the open round). */
async function merge(id: string, into: string): Promise<void> {
  const opds = createOpdOperations({ store: t.store, temporal: t.env.client });
  const { version } = await opds.get(id);
  await opds.merge(id, { into, version }, secretariat, 'web');
}

describe('an OPD merged while the masterplan commitment is being signed', () => {
  it('drops the merged OPD seat, keeps its signature on record, and completes with the seats left', { timeout: 180_000 }, async () => {
    const { handle, signAs } = await openRound(1);
    await signAs('bupati', { office: 'bupati' });
    await signAs('wabup', { office: 'wakil_bupati' });
    await signAs('sekda', { office: 'sekda' });
    await signAs('kepala-bappeda', { office: 'opd_head', opdId: 'bappeda' });
    await signAs('kadis-kominfo', { office: 'opd_head', opdId: 'diskominfo' });
    await signAs('kadis-pariwisata', { office: 'opd_head', opdId: 'disparbud' });

    await merge('disparbud', 'dinkes');
    const view = await eventually('the merged OPD seat dropped', async () => {
      const v = await handle.query(masterplanCommitmentState);
      return v.droppedSeats?.length ? v : undefined;
    });
    expect(view.seats.map(keyOf)).toEqual(['bupati', 'wakil_bupati', 'sekda', 'opd_head:bappeda', 'opd_head:dinkes', 'opd_head:diskominfo']);
    expect(view.droppedSeats).toMatchObject([{ seat: { office: 'opd_head', opdId: 'disparbud' }, mergedInto: 'dinkes' }]);
    expect(view.commitmentHash).toBeNull();
    const stored = await t.store.signing.getMasterplanRound('solok-selatan', 1);
    expect(stored?.droppedSeats?.map((d) => keyOf(d.seat))).toEqual(['opd_head:disparbud']);

    const last = await signAs('kadis-kesehatan', { office: 'opd_head', opdId: 'dinkes' });
    expect(last).toMatchObject({ signed: 6, required: 6, complete: true });
    const commitment = await t.store.signing.getCommitment(last.commitmentHash!);
    expect(commitment?.signatures.map(keyOf)).toContain('opd_head:disparbud');
    await handle.result();
  });

  it('shows the dropped seat with why, and the signature given before the merge, outside the seats required', async () => {
    const overview = await loadMasterplanCommitment({ store: t.store, temporal: t.env.client, publicBaseUrl: 'http://alur.test' });
    expect(overview).toMatchObject({ round: 1, status: 'complete', required: 6, signed: 6 });
    expect(overview.dropped).toHaveLength(1);
    expect(overview.dropped[0]?.reason).toMatch(/^Dinas Pariwisata.* digabungkan ke Dinas Kesehatan mulai .*; kursi ini tidak lagi diperlukan$/);
    expect(overview.dropped[0]?.signature?.signedBy.userId).toBe('kadis-pariwisata');
  });

  it('completes the round when the seat dropped was the last one unsigned', { timeout: 180_000 }, async () => {
    const { handle, signAs } = await openRound(2);
    expect((await handle.query(masterplanCommitmentState)).seats.map(keyOf)).toEqual([
      'bupati',
      'wakil_bupati',
      'sekda',
      'opd_head:bappeda',
      'opd_head:dinkes',
      'opd_head:diskominfo',
    ]);
    await signAs('bupati', { office: 'bupati' });
    await signAs('wabup', { office: 'wakil_bupati' });
    await signAs('sekda', { office: 'sekda' });
    await signAs('kepala-bappeda', { office: 'opd_head', opdId: 'bappeda' });
    await signAs('kadis-kominfo', { office: 'opd_head', opdId: 'diskominfo' });

    await merge('dinkes', 'bappeda');
    const done = await handle.result();
    expect(done.commitmentHash).not.toBeNull();
    expect(done.droppedSeats?.map((d) => keyOf(d.seat))).toEqual(['opd_head:dinkes']);
    const stored = await t.store.signing.getMasterplanRound('solok-selatan', 2);
    expect(stored?.commitmentHash).toBe(done.commitmentHash);
  });
});
