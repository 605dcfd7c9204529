/**
 * One person's address refused for good by the mail server (SMTP 550) stops nothing: the
 * programme goes on, everyone else in the same step gets their email, the refusal is in the
 * audit trail, and the secretariat is told once whose address to correct.
 */
import { describe, expect, it } from 'vitest';
import { as, emailOf } from '../support/api.js';
import { decideByApi, events, program, propose } from '../support/flow.js';
import { listMail, waitForMail } from '../support/mailbox.js';
import { uniqueTitle } from '../support/proposal.js';
import { refusedAddress, refusedPersonId } from '../support/refused-mail.js';
import { recordDelegation, revokeDelegation } from '../support/signing.js';
import type { DecisionAnswer } from '../support/types.js';
import { eventually } from '../support/wait.js';

describe('an address the mail server refuses', () => {
  it('is recorded and reported to the secretariat once, while the programme and everyone else carry on', async () => {
    const title = uniqueTitle('Peta Wisata Digital');
    // Melati proposes as Plh. of her Kepala Dinas (staff alone only prepare drafts), so she is
    // mailed at each step as the proposer.
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const until = new Date(Date.now() + 7 * 3_600_000 + 30 * 86_400_000).toISOString().slice(0, 10);
    const plh = await recordDelegation({
      officialId: 'kadis-pariwisata',
      delegateId: refusedPersonId,
      kind: 'plh',
      from: today,
      until,
      basis: 'SK Bupati Nomor 800/77/2026',
    });
    const { id, proposal } = await propose(refusedPersonId, { title, opdId: 'disparbud' });
    await revokeDelegation(plh.id);
    const head = await emailOf('kadis-pariwisata');
    const secretariat = await emailOf('sekretariat-1');

    // Her receipt for the proposal is the first refusal.
    await eventually('mail_refused event of the receipt', async () => ((await events(id)).some((e) => e.type === 'mail_refused') ? true : undefined));

    // Changes requested twice: each time the OPD is mailed, and each time Melati's address is refused.
    for (const round of [1, 2]) {
      await decideByApi('reviewer-kominfo-1', id, 'request_changes', `Perbaikan ke-${round}: lengkapi data destinasi.`);
      const stageSeq = round * 2;
      // The OPD head, asked in the same step, gets the email; the programme waits in revision.
      expect((await waitForMail({ programId: id, stageSeq, to: head })).subject).toContain('Perbaikan usulan diminta');
      await eventually(`mail_refused event of round ${round}`, async () => {
        const refused = (await events(id)).filter((e) => e.type === 'mail_refused');
        return refused.length === round + 1 ? refused : undefined;
      });
      expect(await program(id)).toMatchObject({ stage: 'revision', stageSeq });
      const resubmitted = await as<DecisionAnswer>('kadis-pariwisata', 'POST', `/v1/programs/${id}/revisions`, {
        json: { ...proposal, title: `${title} (revisi ${round})`, comment: 'Data destinasi dilengkapi.' },
      });
      expect(resubmitted.status, resubmitted.text).toBe(200);
    }

    const refusals = (await events(id)).filter((e) => e.type === 'mail_refused');
    const refusal = { recipients: [expect.objectContaining({ userId: refusedPersonId, address: refusedAddress })] };
    expect(refusals.map((e) => e.details)).toEqual([refusal, refusal, refusal]);
    expect(await listMail({ to: refusedAddress })).toEqual([]);
    const notices = (await listMail({ to: secretariat })).filter((m) => m.subject.includes('ditolak') && m.text.includes(refusedAddress));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text).toContain(title);
    expect((await program(id)).stage).toBe('diskominfo_review');
  });
});
