/**
 * A mutasi while a report is due (docs/product.md §10): the Kepala Dinas Kesehatan, asked for the
 * first month's report, moves to Bappeda before reporting, and a new head joins Dinas Kesehatan.
 * The programme is told (as the roster's pages tell it): the old head's report link is revoked,
 * the new head gets a link of their own at once, the reminders that follow go to the new head
 * only, and the new head's report is accepted. And a handover of an OPD head's office recorded
 * for a later day, while a report is due, hands the report over on that day without another change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorOf, type Person } from '../../domain/roles.js';
import { hashLinkToken } from '../../security/link-tokens.js';
import { decide, programState, reportProgress, rosterChanged, sign } from '../../workflows/messages.js';
import { TestCalendar, addDays, reportDue, wibInstant } from '../support/timeskip-calendar.js';
import {
  actionLink,
  approveAndSign,
  mailOf,
  people,
  proposalOf,
  propose,
  requestBase,
  startTimeskipEnv,
  wibDay,
  newHead,
  type TimeskipEnv,
} from '../support/timeskip-env.js';
import { holidayPlan, monthsAfter } from '../support/timeskip-reporting.js';

let t: TimeskipEnv;
beforeAll(async () => {
  t = await startTimeskipEnv('report-reroute');
});
afterAll(async () => {
  await t?.teardown();
});

const tokenHashOf = (url: string) => hashLinkToken(url.slice(url.lastIndexOf('/') + 1));

describe('a report due while its reporter moves to another OPD', () => {
  it('goes to the new head with a new link, the old link revoked, and the reminders follow', { timeout: 180_000 }, async () => {
    const months = monthsAfter(await t.now(), 3);
    const holidays = holidayPlan(months);
    await t.store.roster.seed({ opds: [], people: [], dimensions: [], holidayYears: holidays.now });
    const cal = new TestCalendar(holidays.all);
    const first = months[0]!;
    const { programId, handle } = await propose(t, { proposal: proposalOf({ startDate: first.start, endDate: months[2]!.end }) });
    await approveAndSign(handle);

    // The first month is over and its report asked for: the old head holds a link.
    await t.advanceTo(wibInstant(cal.after(first.end, 1), '12:00'));
    const asked = mailOf(t, programId).filter((m) => m.subject === `report-${first.id}` && m.userId === 'kadis-kesehatan');
    expect(asked.map((m) => m.kind)).toEqual(['reminder']);
    const oldLink = actionLink(asked[0]!)!;

    // The mutasi: the old head moves to Bappeda, the new head joins Dinas Kesehatan.
    const oldHead = people.find((p) => p.id === 'kadis-kesehatan')!;
    await t.store.roster.putPerson({ ...oldHead, opdId: 'bappeda' });
    await t.store.roster.putPerson(newHead);
    await handle.signal(rosterChanged);
    await t.advanceTo((await t.now()) + 60 * 60_000);

    expect((await handle.query(programState)).awaiting.map((a) => a.userId)).toEqual([newHead.id]);
    expect((await t.store.linkTokens.get(tokenHashOf(oldLink)))?.revokedAt).toBeDefined();
    const handedOver = mailOf(t, programId).filter((m) => m.userId === newHead.id && m.kind.startsWith('reroute-'));
    expect(handedOver.map((m) => m.office)).toEqual([first.id]);
    expect(handedOver[0]!.message.subject).toContain('Pengalihan: Permintaan');
    const newLink = (await t.store.linkTokens.get(tokenHashOf(actionLink(handedOver[0]!)!)))!;
    expect(newLink).toMatchObject({ assignee: { userId: newHead.id }, purpose: { kind: 'report', period: first.id } });
    expect(newLink.revokedAt).toBeUndefined();
    const trail = await t.store.programs.listEvents(programId);
    expect(trail.filter((e) => e.type === 'opd_work_rerouted').map((e) => e.details?.['removed'])).toEqual([
      [expect.objectContaining({ userId: 'kadis-kesehatan' })],
    ]);

    // The reminders before and after the due day go to the new head only.
    const reroutedOn = wibDay(await t.now());
    await t.advanceTo(wibInstant(cal.after(reportDue(cal, first.end), 3), '12:00'));
    const later = mailOf(t, programId).filter((m) => m.subject === `report-${first.id}` && m.date !== null && m.date > reroutedOn && m.kind !== 'escalation');
    expect(later.map((m) => `${m.kind} ${m.userId}`)).toEqual([`reminder ${newHead.id}`, `reminder ${newHead.id}`, `overdue_reminder ${newHead.id}`]);

    const reported = await handle.executeUpdate(reportProgress, {
      args: [
        {
          requestId: `report-${programId}`,
          actor: actorOf(newHead),
          channel: 'api',
          period: first.id,
          percentComplete: 30,
          narrative: 'Sepuluh puskesmas terhubung.',
          kpiValues: [{ name: 'Puskesmas terhubung', value: 10 }],
          evidenceLinks: [],
          correction: false,
        },
      ],
    });
    expect(reported).toMatchObject({ period: first.id, version: 1 });
  });
});

const newTourismHead: Person = {
  id: 'kadis-pariwisata-baru',
  name: 'Yuliana Syafri, S.E., M.M.',
  title: 'Kepala Dinas Pariwisata dan Kebudayaan',
  email: 'yuliana.disparbud@solselkab.example',
  roles: ['opd_head'],
  opdId: 'disparbud',
};

describe('a handover of the OPD head’s office recorded for a later day while a report is due', () => {
  it('hands the report to the new head on that day, and not before', { timeout: 180_000 }, async () => {
    const months = monthsAfter(await t.now(), 3);
    const cal = new TestCalendar(holidayPlan(months).all);
    const first = months[0]!;
    // A Dinas Pariwisata programme (its proposer, of another OPD here, does not act for it).
    const { programId, handle } = await propose(t, { proposal: proposalOf({ opdId: 'disparbud', startDate: first.start, endDate: months[2]!.end }) });
    await handle.executeUpdate(decide, { args: [{ ...requestBase('reviewer-kominfo-1'), stageSeq: 1, decision: 'approve', comment: 'layak' }] });
    await handle.executeUpdate(decide, { args: [{ ...requestBase('sekda'), stageSeq: 2, decision: 'approve', comment: '' }] });
    for (const [who, office] of [
      ['bupati', 'bupati'],
      ['wabup', 'wakil_bupati'],
      ['sekda', 'sekda'],
      ['kadis-pariwisata', 'opd_head'],
    ] as const)
      await handle.executeUpdate(sign, { args: [{ ...requestBase(who), stageSeq: 3, office }] });
    await t.advanceTo(wibInstant(cal.after(first.end, 1), '12:00'));
    const oldLink = actionLink(mailOf(t, programId).find((m) => m.subject === `report-${first.id}` && m.userId === 'kadis-pariwisata')!)!;

    // Recorded today for two days ahead; the secretariat's page tells the OPD's programmes, as here.
    const handoverDay = addDays(wibDay(await t.now()), 2);
    await t.store.roster.putPerson(newTourismHead);
    await t.store.roster.putOfficeTerm({
      office: 'kepala:disparbud',
      personId: newTourismHead.id,
      from: handoverDay,
      basis: 'SK Bupati Nomor 821/78/BKPSDM-2027',
      recordedAt: new Date(await t.now()).toISOString(),
      recordedBy: { userId: 'sekretariat-1', name: 'Nurhayati, S.Sos.' },
      before: 'kadis-pariwisata',
    });
    await handle.signal(rosterChanged);

    await t.advanceTo(wibInstant(addDays(handoverDay, -1), '23:00'));
    expect((await handle.query(programState)).awaiting.map((a) => a.userId)).toEqual(['kadis-pariwisata']);

    await t.advanceTo(wibInstant(handoverDay, '00:30'));
    expect((await handle.query(programState)).awaiting.map((a) => a.userId)).toEqual([newTourismHead.id]);
    expect((await t.store.linkTokens.get(tokenHashOf(oldLink)))?.revokedAt).toBeDefined();
    const handedOver = mailOf(t, programId).filter((m) => m.userId === newTourismHead.id && m.kind.startsWith('reroute-'));
    expect(handedOver.map((m) => m.office)).toEqual([first.id]);
  });
});
