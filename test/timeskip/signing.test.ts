/**
 * The signing stage on the time-skipping server: every required signer is asked with a
 * personal link; those who have not signed are reminded every two working days and on the due
 * day; the secretariat hears of it the working day after; a Plh. delegation added while the stage
 * waits re-routes the Bupati's request to the delegate, who signs in that capacity; the last
 * signature records the commitment and moves the programme to implementation.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Delegation, SignerOffice } from '../../domain/signing.js';
import { cancel, decide, programState, rosterChanged, sign } from '../../workflows/messages.js';
import { addDays, realHolidayYears, signingSchedule, TestCalendar, wibInstant } from '../support/timeskip-calendar.js';
import {
  actionLink,
  duplicateMessageIds,
  mailOf,
  notificationKey,
  proposalOf,
  propose,
  refusalOf,
  requestBase,
  startTimeskipEnv,
  wibDay,
  type TimeskipEnv,
} from '../support/timeskip-env.js';
import { monthsAfter } from '../support/timeskip-reporting.js';

const cal = new TestCalendar(realHolidayYears);

let t: TimeskipEnv;
beforeAll(async () => {
  t = await startTimeskipEnv('signing');
});
afterAll(async () => {
  await t?.teardown();
});

/** The SHA-256 of canonical JSON (keys sorted, no whitespace), written out here rather than imported. */
function sha256Canonical(value: unknown): string {
  const canon = (v: unknown): string => {
    if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
    if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canon(x)}`).join(',')}}`;
  };
  return createHash('sha256').update(canon(value)).digest('hex');
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('signing the commitment', () => {
  it(
    'asks every signer, reminds those who have not signed, escalates to the secretariat, re-routes to a Plh. and records the commitment',
    { timeout: 180_000 },
    async () => {
      const months = monthsAfter(await t.now(), 12);
      const { programId, handle } = await propose(t, { proposal: proposalOf({ startDate: months[0]!.start, endDate: months[11]!.end }) });
      await handle.executeUpdate(decide, { args: [{ ...requestBase('reviewer-kominfo-1'), stageSeq: 1, decision: 'approve', comment: 'layak' }] });
      await handle.executeUpdate(decide, { args: [{ ...requestBase('sekda'), stageSeq: 2, decision: 'approve', comment: '' }] });
      const stage3 = await t.store.programs.getStage(programId, 3);
      expect(stage3?.stage).toBe('signing');
      const openedAt = Date.parse(stage3!.openedAt);
      const openedOn = wibDay(openedAt);
      const due = cal.after(openedOn, 5); // signing: 5 working days
      expect((await t.store.programs.getProgram(programId))?.dueDate).toBe(due);

      // One personal request per office, each with a link (the OPD also hears that signing began: no office in that Message-ID).
      const first = mailOf(t, programId).filter((m) => m.stageSeq === 3 && m.kind === 'first' && m.office !== null);
      expect(first.map((m) => `${m.office} ${m.userId}`).sort()).toEqual(['bupati bupati', 'opd_head kadis-kesehatan', 'sekda sekda', 'wakil_bupati wabup']);
      for (const m of first) expect(actionLink(m)).not.toBeNull();

      // Who signs when: the Sekda on the first reminder day; the head of Dinas Kesehatan (away for three
      // working days with a Plh., who never signs) on the second; the Bupati's Plh. on the escalation
      // day; the Wakil Bupati on the first overdue reminder day.
      const signedAt: Record<SignerOffice, number> = {
        sekda: wibInstant(cal.after(openedOn, 2), '12:00'),
        opd_head: wibInstant(cal.after(openedOn, 4), '12:00'),
        bupati: wibInstant(cal.after(due, 1), '12:00'),
        wakil_bupati: wibInstant(cal.after(due, 2), '12:00'),
        diskominfo_head: 0,
      };
      const sign1 = (who: string, office: SignerOffice) => handle.executeUpdate(sign, { args: [{ ...requestBase(who), stageSeq: 3, office }] });
      const delegation = (d: Pick<Delegation, 'officialId' | 'delegateId' | 'from' | 'until' | 'basis'>, createdAt: number): Delegation => ({
        id: `plh-${d.officialId}-${programId}`,
        kind: 'plh',
        exclusive: false,
        createdAt: new Date(createdAt).toISOString(),
        revokedAt: null,
        ...d,
      });
      const linkToken = (link: string) => t.store.linkTokens.get(createHash('sha256').update(link.split('/act/')[1]!).digest('hex'));

      // The head of Dinas Kesehatan will be away from the next working day for three working days:
      // nothing changes now; at 00:00 WIB of the first day the Plh. is asked, at the end of the last
      // the Plh.'s link is revoked (timers in the workflow, no signal needed then).
      const awayFrom = cal.after(openedOn, 1);
      const awayUntil = cal.after(openedOn, 3);
      await t.store.signing.putDelegation(
        delegation(
          {
            officialId: 'kadis-kesehatan',
            delegateId: 'staf-kesehatan',
            from: awayFrom,
            until: awayUntil,
            basis: 'SK Bupati Solok Selatan No. 800-TEST/2026 (fiktif)',
          },
          openedAt,
        ),
      );
      await handle.signal(rosterChanged);
      expect(await refusalOf(sign1('staf-kesehatan', 'opd_head'))).toBe('NotAllowed'); // not yet in force
      expect(await refusalOf(sign1('pemantau', 'bupati'))).toBe('NotAllowed');

      await t.advanceTo(signedAt.sekda);
      expect(await sign1('sekda', 'sekda')).toMatchObject({ signed: 1, required: 4, complete: false });
      expect(await refusalOf(sign1('sekda', 'sekda'))).toBe('AlreadyDecided');
      const plhKesehatan = mailOf(t, programId).filter((m) => m.kind.startsWith('reroute-') && m.office === 'opd_head');
      expect(plhKesehatan.map((m) => m.userId)).toEqual(['staf-kesehatan']);
      const plhKesehatanLink = actionLink(plhKesehatan[0]!)!;
      expect(await linkToken(plhKesehatanLink)).toMatchObject({
        assignee: { userId: 'staf-kesehatan' },
        purpose: { route: { office: 'opd_head', capacity: 'plh' } },
      });
      expect((await linkToken(plhKesehatanLink))?.revokedAt).toBeUndefined();

      await t.advanceTo(signedAt.opd_head);
      expect((await linkToken(plhKesehatanLink))?.revokedAt).toBeDefined(); // the delegation has ended
      expect(await refusalOf(sign1('staf-kesehatan', 'opd_head'))).toBe('NotAllowed');
      expect(await sign1('kadis-kesehatan', 'opd_head')).toMatchObject({ signed: 2, complete: false });

      await t.advanceTo(signedAt.bupati);
      // The Bupati is away: the Sekda acts as Plh. Bupati from today, by decree (a signal re-routes at once).
      const today = wibDay(await t.now());
      const basis = 'SK Gubernur Sumatera Barat No. 100.3.3-TEST/2026 (fiktif)';
      await t.store.signing.putDelegation(
        delegation({ officialId: 'bupati', delegateId: 'sekda', from: today, until: addDays(today, 14), basis }, await t.now()),
      );
      await handle.signal(rosterChanged);
      const rerouted = await eventually('the Plh. request', () =>
        mailOf(t, programId).find((m) => m.stageSeq === 3 && m.kind.startsWith('reroute-') && m.office === 'bupati' && m.userId === 'sekda'),
      );
      // The email goes out from inside the re-routing activity, before the workflow has taken the new
      // route: a signature sent the instant the email arrives can still be refused ("not a signer").
      // Wait until the workflow knows the route (see the report).
      await eventually('the workflow to take the Plh. route', async () =>
        (await handle.query(programState)).signing?.routes.some((r) => r.office === 'bupati' && r.signer.userId === 'sekda') ? true : undefined,
      );
      const link = actionLink(rerouted);
      expect(link).not.toBeNull();
      expect(await linkToken(link!)).toMatchObject({
        programId,
        stageSeq: 3,
        assignee: { userId: 'sekda' },
        purpose: { kind: 'sign', route: { office: 'bupati', signer: { userId: 'sekda' }, official: { userId: 'bupati' }, capacity: 'plh', basis } },
      });
      expect((await t.store.programs.listEvents(programId)).filter((e) => e.type === 'signers_rerouted')).toHaveLength(3);

      const plh = await sign1('sekda', 'bupati');
      expect(plh).toMatchObject({ signed: 3, complete: false });
      expect(plh.signature).toMatchObject({ office: 'bupati', official: { userId: 'bupati' }, signedBy: { userId: 'sekda' }, capacity: 'plh', basis });

      await t.advanceTo(signedAt.wakil_bupati);
      const last = await sign1('wabup', 'wakil_bupati');
      expect(last).toMatchObject({ signed: 4, required: 4, complete: true });
      const hash = last.commitmentHash!;

      // Reminders went to exactly those who could sign an unsigned office at 08:00 of each day.
      const schedule = signingSchedule(cal, openedOn, due, signedAt.wakil_bupati);
      expect(schedule.map((e) => e.kind)).toEqual(['reminder', 'reminder', 'reminder', 'escalation', 'overdue_reminder']);
      const expected = schedule.flatMap((e) => {
        if (e.kind === 'escalation') return [notificationKey({ ...e, userId: 'sekretariat-1' })];
        const at = wibInstant(e.date, '08:00');
        const routes: [SignerOffice, string][] = [
          ['bupati', 'bupati'],
          ['wakil_bupati', 'wabup'],
          ['sekda', 'sekda'],
          ['opd_head', 'kadis-kesehatan'],
          ...(awayFrom <= e.date && e.date <= awayUntil ? [['opd_head', 'staf-kesehatan'] as [SignerOffice, string]] : []),
        ];
        return routes.filter(([office]) => signedAt[office] > at).map(([office, userId]) => notificationKey({ ...e, office, userId }));
      });
      expect(expected.filter((k) => k.endsWith(' staf-kesehatan'))).toHaveLength(1);
      const sentKeys = () =>
        mailOf(t, programId)
          .filter((m) => m.stageSeq === 3 && ['reminder', 'overdue_reminder', 'escalation'].includes(m.kind))
          .map(notificationKey)
          .sort();
      expect(sentKeys()).toEqual(expected.sort());
      expect((await t.store.programs.listEvents(programId)).filter((e) => e.type === 'escalated' && e.stageSeq === 3)).toHaveLength(1);

      // The commitment: stored under the hash of what was approved, with every signature.
      const view = await handle.query(programState);
      expect(view).toMatchObject({ stage: 'implementation', commitmentHash: hash });
      expect((await t.store.programs.getProgram(programId))?.stage).toBe('implementation');
      const commitment = await t.store.signing.getCommitmentOfProgram(programId);
      expect(commitment).toMatchObject({ hash, programId, tte: null });
      expect(sha256Canonical(commitment!.content)).toBe(hash);
      expect(commitment!.content).toMatchObject({ programId, proposalVersion: 1 });
      expect(commitment!.signatures.map((s) => `${s.office} ${s.signedBy.userId} ${s.capacity}`).sort()).toEqual([
        'bupati sekda plh',
        'opd_head kadis-kesehatan self',
        'sekda sekda self',
        'wakil_bupati wabup self',
      ]);
      expect(commitment!.signatures.find((s) => s.office === 'bupati')?.basis).toBe(basis);
      const stored = await t.store.signing.listSignatures(programId);
      expect(stored).toHaveLength(4);

      // Everyone who signed is told (the Sekda once, though they signed twice).
      const told = mailOf(t, programId).filter((m) => m.subject === 'commitment');
      expect(told.map((m) => m.userId)).toEqual(expect.arrayContaining(['kadis-kesehatan', 'sekda', 'wabup']));
      expect(new Set(told.map((m) => m.userId)).size).toBe(told.length);
      expect(told.find((m) => m.userId === 'sekda')?.message.text).toContain(hash);

      // Signing is over: no more signing reminders, however long we wait.
      const before = sentKeys();
      await t.advanceTo(signedAt.wakil_bupati + 10 * 86_400_000);
      expect(sentKeys()).toEqual(before);

      // Cancelled during implementation: no report is asked for afterwards.
      await handle.executeUpdate(cancel, { args: [{ ...requestBase('sekretariat-1'), reason: 'uji selesai' }] });
      await t.advanceTo(wibInstant(addDays(months[1]!.end, 14), '12:00'));
      expect(mailOf(t, programId).filter((m) => m.subject.startsWith('report-'))).toEqual([]);
      expect(duplicateMessageIds(t)).toEqual([]);
    },
  );
});
