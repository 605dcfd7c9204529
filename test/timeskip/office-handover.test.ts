/**
 * A handover recorded in advance takes effect on its day, with no other change (docs/product.md
 * §10): while a programme waits for signatures, the secretariat records that a new head of Dinas
 * Kesehatan holds the office from a later day. Until that day the old head is asked; on that day
 * (WIB) the OPD head's signature is routed to the new head, who gets a link, and the old head can
 * no longer sign for the office.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorOf } from '../../domain/roles.js';
import { decide, programState, rosterChanged, sign } from '../../workflows/messages.js';
import { addDays, wibInstant } from '../support/timeskip-calendar.js';
import { mailOf, newHead, propose, refusalOf, requestBase, startTimeskipEnv, wibDay, type TimeskipEnv } from '../support/timeskip-env.js';

let t: TimeskipEnv;
beforeAll(async () => {
  t = await startTimeskipEnv('office-handover');
});
afterAll(async () => {
  await t?.teardown();
});

describe('a handover recorded for a later day', () => {
  it('routes the office’s signature to the new holder on that day, and not before', { timeout: 180_000 }, async () => {
    await t.store.roster.putPerson(newHead);
    const { programId, handle } = await propose(t);
    await handle.executeUpdate(decide, { args: [{ ...requestBase('reviewer-kominfo-1'), stageSeq: 1, decision: 'approve', comment: 'layak' }] });
    await handle.executeUpdate(decide, { args: [{ ...requestBase('sekda'), stageSeq: 2, decision: 'approve', comment: '' }] });
    const opdHeadSigners = async () => (await handle.query(programState)).signing?.routes.filter((r) => r.office === 'opd_head').map((r) => r.signer.userId);
    expect(await opdHeadSigners()).toEqual(['kadis-kesehatan']);

    // Recorded today for three days ahead; the API tells programmes being signed, as here.
    const today = wibDay(await t.now());
    const handoverDay = addDays(today, 3);
    await t.store.roster.putOfficeTerm({
      office: 'kepala:dinkes',
      personId: newHead.id,
      from: handoverDay,
      basis: 'SK Bupati Nomor 821/77/BKPSDM-2026',
      recordedAt: new Date(await t.now()).toISOString(),
      recordedBy: { userId: 'sekretariat-1', name: 'Nurhayati, S.Sos.' },
      before: 'kadis-kesehatan',
    });
    await handle.signal(rosterChanged);

    await t.advanceTo(wibInstant(addDays(handoverDay, -1), '23:00'));
    expect(await opdHeadSigners()).toEqual(['kadis-kesehatan']);
    expect(mailOf(t, programId).filter((m) => m.userId === newHead.id && m.office === 'opd_head')).toEqual([]);

    await t.advanceTo(wibInstant(handoverDay, '00:30'));
    expect(await opdHeadSigners()).toEqual([newHead.id]);
    const asked = mailOf(t, programId).filter((m) => m.userId === newHead.id && m.office === 'opd_head');
    expect(asked).toHaveLength(1);
    expect(await refusalOf(handle.executeUpdate(sign, { args: [{ ...requestBase('kadis-kesehatan'), stageSeq: 3, office: 'opd_head' }] }))).toBe('NotAllowed');
    const signed = await handle.executeUpdate(sign, {
      args: [{ requestId: randomUUID(), actor: actorOf(newHead), channel: 'api', stageSeq: 3, office: 'opd_head' }],
    });
    expect(signed.signature).toMatchObject({ office: 'opd_head', signedBy: { userId: newHead.id }, capacity: 'self' });
  });
});
