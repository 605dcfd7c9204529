/**
 * The OPD's own open work follows the roster (docs/product.md §10), on the real stack: a report
 * asked of a Kepala OPD who is then made inactive goes to the new head (a link by email, the old
 * link refused), who reports through it; a revision awaiting a proposer who moved to another OPD
 * goes to the new head of the proposing OPD, who resubmits.
 */
import { describe, expect, it } from 'vitest';
import { as, openLink, submitLink, url, type Json } from '../support/api.js';
import { monthOf, wibToday } from '../support/dates.js';
import { decideByApi, events, program, propose } from '../support/flow.js';
import { linkIn, waitForMail } from '../support/mailbox.js';
import { uniqueTitle } from '../support/proposal.js';
import { signAllByApi, toSigning } from '../support/signing.js';
import type { DecisionAnswer, ReportLinkAnswer } from '../support/types.js';
import { eventually } from '../support/wait.js';

interface Created {
  id: string;
  email: string;
}

async function createHead(nip: string, name: string, opdId: string): Promise<Created> {
  const res = await as<Created>('sekretariat-1', 'POST', '/v1/people', {
    json: { nip, name, title: `Kepala ${opdId}`, email: `${nip}@solselkab.example`, opdId, roles: ['opd_head'] } satisfies Json,
  });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

async function change(personId: string, patch: Json): Promise<void> {
  const res = await as('sekretariat-1', 'PATCH', `/v1/people/${personId}`, { json: patch });
  expect(res.status, res.text).toBe(200);
}

/** "Tugas saya" as this person sees it, signed in through the development sign-in. */
async function tasksPage(personId: string): Promise<string> {
  const signedIn = await fetch(url('/masuk/dev'), {
    method: 'POST',
    body: new URLSearchParams({ orang: personId, ke: '/tugas' }),
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    redirect: 'manual',
  });
  expect(signedIn.status).toBe(303);
  const cookie = signedIn.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
  const page = await fetch(url('/tugas'), { headers: { cookie } });
  expect(page.status).toBe(200);
  return page.text();
}

const handedOverMail = (programId: string, stageSeq: number, stage: string, who: Created, tail = '') =>
  waitForMail({ to: who.email, messageId: new RegExp(`alur\\.${programId}\\.${stageSeq}\\.${stage}\\.reroute-\\d+\\.${tail}${who.id}@`) });

describe('open OPD work when its person leaves', () => {
  it('sends a due report to the new head when the old one is made inactive; the old link is refused', async () => {
    const today = wibToday();
    const lastMonth = monthOf(today, -1);
    const oldHead = await createHead('197204182000031001', 'Ir. Yulizar Darwis', 'disnakertrans');
    const { id } = await toSigning(oldHead.id, {
      opdId: 'disnakertrans',
      title: uniqueTitle('Sistem informasi harga gabah'),
      startDate: lastMonth.first,
      endDate: monthOf(today, 2).last,
      reportingCadence: 'monthly',
    });
    const signed = await signAllByApi(id);
    const seq = signed.program.stageSeq;
    // Last month closed on entering implementation: its report is asked of the head at once.
    const oldMail = await waitForMail({ to: oldHead.email, messageId: new RegExp(`alur\\.${id}\\.${seq}\\.report-${lastMonth.id}\\.reminder\\.`) });
    const oldLink = linkIn(oldMail);

    const newHead = await createHead('198108252006041002', 'Hj. Yusnimar, S.P.', 'disnakertrans');
    await change(oldHead.id, { active: false });

    const newMail = await handedOverMail(id, seq, 'implementation', newHead, `${lastMonth.id}\\.`);
    expect(newMail.subject).toContain('Pengalihan: Permintaan');
    await eventually('the old link refused', async () => ((await openLink(oldLink, { json: true })).status === 410 ? true : undefined));
    expect((await program(id)).awaiting.map((a) => a.userId)).toEqual([newHead.id]);

    const sent = await submitLink<ReportLinkAnswer>(linkIn(newMail), {
      percentComplete: '20',
      narrative: 'Aplikasi harga gabah diuji di dua kecamatan.',
      'kpi.0': '2',
    });
    expect(sent.status, sent.text).toBe(200);
    expect(sent.body).toMatchObject({ status: 'done', period: lastMonth.id, result: { version: 1 } });
    const reported = (await events(id)).filter((e) => e.type === 'report_submitted');
    expect(reported.map((e) => e.actor?.userId)).toEqual([newHead.id]);
  });

  it('gives a revision awaiting a proposer who moved OPD to the new head of the proposing OPD, who resubmits', async () => {
    const proposer = await createHead('197909092005011003', 'Drs. Masrizal', 'disdukcapil');
    const title = uniqueTitle('Antrean daring adminduk');
    const { id, proposal } = await propose(proposer.id, { opdId: 'disdukcapil', title });
    await decideByApi('reviewer-kominfo-1', id, 'request_changes', 'Lengkapi rencana integrasi dengan SIAK.');
    expect((await program(id)).awaiting.map((a) => a.userId)).toEqual([proposer.id]);

    await change(proposer.id, { opdId: 'dp2kb' });
    const newHead = await createHead('198512122010012004', 'Rina Marlina, S.Sos.', 'disdukcapil');
    const mail = await handedOverMail(id, 2, 'revision', newHead);
    expect(mail.subject).toContain('Pengalihan: Perbaikan usulan diminta');
    expect(mail.text).toContain('Lengkapi rencana integrasi dengan SIAK.');
    expect((await program(id)).awaiting.map((a) => a.userId)).toEqual([newHead.id]);
    expect(await tasksPage(newHead.id)).toContain(title);

    const revised = { ...proposal, comment: 'Rencana integrasi SIAK ditambahkan.' };
    expect((await as(proposer.id, 'POST', `/v1/programs/${id}/revisions`, { json: revised })).status).toBe(403);
    const resubmitted = await as<DecisionAnswer>(newHead.id, 'POST', `/v1/programs/${id}/revisions`, { json: revised });
    expect(resubmitted.status, resubmitted.text).toBe(200);
    expect(resubmitted.body.result).toMatchObject({ fromStage: 'revision', toStage: 'diskominfo_review', by: { userId: newHead.id } });
  });
});
