/**
 * The happy path over real HTTP and real SMTP: an OPD head proposes, both Diskominfo
 * reviewers get a personal link by email, opening it changes nothing, one reviewer approves
 * through the link (once), Sekda approves through the API, and the programme reaches signing.
 * The audit trail and the stored records say exactly that.
 */
import { describe, expect, it } from 'vitest';
import { as, emailOf, openLink, person, submitLink } from '../support/api.js';
import { events, program, propose, requestMail, reviewers } from '../support/flow.js';
import { htmlLinksIn, listMail, tokenOf, waitForMail } from '../support/mailbox.js';
import { uniqueTitle } from '../support/proposal.js';
import { stack } from '../support/stack.js';
import { openDocClient, openStore, rawTokenItem } from '../support/store.js';
import type { DecisionAnswer, LinkAnswer } from '../support/types.js';

describe('propose → Diskominfo review by link → Sekda approval by API → signing', () => {
  it('carries one programme through review and approval, with the mail, pages, audit trail and store to match', async () => {
    // ---- propose ----
    const title = uniqueTitle('Telemedisin Puskesmas Sangir');
    const { res: proposed, id } = await propose('kadis-kesehatan', { title });
    expect(proposed.headers.get('location')).toBe(`/v1/programs/${id}`);
    expect(proposed.body.stage).toBe('diskominfo_review');
    expect(proposed.body.stageSeq).toBe(1);
    expect(proposed.body.awaiting.map((a) => a.userId).sort()).toEqual([...reviewers]);
    expect(proposed.body.dueAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(proposed.body.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Date.parse(proposed.body.dueAt as string)).toBeGreaterThan(Date.now());
    expect(proposed.body.proposer).toMatchObject({ userId: 'kadis-kesehatan' });
    expect(proposed.body.proposal).toMatchObject({ title, opdId: 'dinkes', dimension: 'living' });

    // ---- both reviewers are mailed a personal link ----
    const r1 = await requestMail(id, 'reviewer-kominfo-1', 1);
    const r2 = await requestMail(id, 'reviewer-kominfo-2', 1);
    for (const [{ mail, link }, userId] of [
      [r1, 'reviewer-kominfo-1'],
      [r2, 'reviewer-kominfo-2'],
    ] as const) {
      const who = await person(userId);
      expect(mail.to).toEqual([who.email]);
      expect(mail.subject).toContain(title);
      expect(mail.subject).toContain('Permohonan Reviu Diskominfo');
      expect(mail.text).toContain(`Yth. ${who.name}`);
      expect(mail.text).toContain('Dengan hormat');
      expect(mail.text).toContain('Batas waktu');
      expect(mail.html).toMatch(/<html lang="id">/);
      expect(mail.html).toContain('Tinjau dan putuskan');
      expect(htmlLinksIn(mail)).toEqual([link]);
      expect(link.startsWith(`${stack().api}/act/`)).toBe(true);
      expect(tokenOf(link)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
    expect(r1.link).not.toBe(r2.link);
    // Exactly one request each; besides them only the proposer's receipt.
    expect(await listMail({ programId: id, stageSeq: 1, messageId: /\.diskominfo_review\./ })).toHaveLength(2);
    expect((await listMail({ programId: id, stageSeq: 1, messageId: /\.receipt\./ })).map((m) => m.to)).toEqual([[await emailOf('kadis-kesehatan')]]);

    // ---- opening a link (as a mail scanner would, repeatedly) changes nothing ----
    const { doc, close } = openDocClient();
    const before = { program: await program(id), events: await events(id), token: await rawTokenItem(doc, tokenOf(r1.link)) };
    expect(before.token).toMatchObject({ programId: id, stageSeq: 1, assignee: { userId: 'reviewer-kominfo-1' } });
    for (let i = 0; i < 3; i++) {
      const page = await openLink(r1.link);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.text).toMatch(new RegExp(`<form method="post" action="/act/${tokenOf(r1.link)}"`));
      expect(page.text).toContain('name="decision" value="approve"');
      expect(page.text).toContain('Membuka halaman ini tidak mengubah apa pun');
      expect(page.text).toContain((await person('reviewer-kominfo-1')).name);
    }
    const asJson = await openLink<LinkAnswer>(r1.link, { json: true });
    expect(asJson.status).toBe(200);
    expect(asJson.headers.get('cache-control')).toBe('no-store');
    expect(asJson.body).toMatchObject({ status: 'open', programId: id, stage: 'diskominfo_review', stageSeq: 1, assignee: { userId: 'reviewer-kominfo-1' } });
    expect(asJson.body.allowed).toEqual(['approve', 'request_changes', 'reject']);
    const after = { program: await program(id), events: await events(id), token: await rawTokenItem(doc, tokenOf(r1.link)) };
    expect(after.token).toEqual(before.token);
    expect(after.program.stage).toBe('diskominfo_review');
    expect(after.program.updatedAt).toBe(before.program.updatedAt);
    expect(after.events).toEqual(before.events);
    expect(after.events).toHaveLength(2);

    // ---- reviewer 1 approves through the link, once ----
    const approved = await submitLink<LinkAnswer>(r1.link, { decision: 'approve', comment: 'Arsitektur sesuai SPBE; lanjutkan.' });
    expect(approved.status, approved.text).toBe(200);
    expect(approved.headers.get('cache-control')).toBe('no-store');
    expect(approved.body).toMatchObject({ status: 'done', programId: id, stage: 'diskominfo_review', decision: 'approve' });

    const again = await submitLink<LinkAnswer>(r1.link, { decision: 'approve', comment: 'sekali lagi' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ status: 'already_done', programId: id, outcome: { result: 'approve', by: { userId: 'reviewer-kominfo-1' } } });

    // Reviewer 2's link now says who decided instead of offering a form.
    const other = await openLink<LinkAnswer>(r2.link, { json: true });
    expect(other.status).toBe(200);
    expect(other.body).toMatchObject({
      status: 'already_done',
      stage: 'diskominfo_review',
      outcome: { result: 'approve', by: { userId: 'reviewer-kominfo-1' }, comment: 'Arsitektur sesuai SPBE; lanjutkan.' },
    });
    const otherPage = await openLink(r2.link);
    expect(otherPage.status).toBe(200);
    expect(otherPage.text).toContain('Tahap ini sudah selesai');
    expect(otherPage.text).toContain((await person('reviewer-kominfo-1')).name);
    expect(otherPage.text).not.toContain('<form');
    const otherPost = await submitLink<LinkAnswer>(r2.link, { decision: 'reject', comment: 'terlambat' });
    expect(otherPost.status).toBe(409);
    expect(otherPost.body).toMatchObject({ status: 'already_done', outcome: { by: { userId: 'reviewer-kominfo-1' } } });

    // ---- Sekda is asked, and approves through the API ----
    const sekdaMail = await requestMail(id, 'sekda', 2);
    expect(sekdaMail.mail.subject).toContain('Permohonan Persetujuan Sekda');
    expect(sekdaMail.mail.subject).toContain(title);
    expect((await program(id)).stage).toBe('sekda_approval');

    const sekda = await as<DecisionAnswer>('sekda', 'POST', `/v1/programs/${id}/decisions`, { json: { decision: 'approve', comment: '' } });
    expect(sekda.status, sekda.text).toBe(200);
    expect(sekda.body.result).toMatchObject({ programId: id, fromStage: 'sekda_approval', toStage: 'signing', by: { userId: 'sekda' } });
    expect(sekda.body.program).toMatchObject({ id, stage: 'signing' });

    // The proposer hears that it was approved.
    const approvedMail = await waitForMail({ programId: id, stageSeq: 3, to: await emailOf('kadis-kesehatan'), subjectIncludes: 'Disetujui Sekda' });
    expect(approvedMail.subject).toContain('Disetujui Sekda');
    expect(approvedMail.subject).toContain(title);
    expect(approvedMail.text).toContain((await person('sekda')).name);
    expect(approvedMail.html).not.toBeNull();

    // ---- the programme as the API shows it ----
    const shown = await program(id);
    expect(shown.stage).toBe('signing');
    expect(shown.stageSeq).toBe(3);
    expect(shown.stages.map((s) => [s.stage, s.outcome?.result ?? null, s.outcome?.by?.userId ?? null])).toEqual([
      ['diskominfo_review', 'approve', 'reviewer-kominfo-1'],
      ['sekda_approval', 'approve', 'sekda'],
      ['signing', null, null],
    ]);
    const timeline = shown.timeline;
    expect(timeline.map((e) => e.type)).toEqual(['proposed', 'stage_opened', 'decided', 'stage_opened', 'decided', 'stage_opened']);

    const trail = await events(id);
    expect(trail).toEqual(timeline);
    expect(trail.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(trail[0]).toMatchObject({ type: 'proposed', actor: { userId: 'kadis-kesehatan', capacity: 'opd_head' }, toStage: 'diskominfo_review' });
    expect(trail[1]).toMatchObject({ type: 'stage_opened', toStage: 'diskominfo_review', stageSeq: 1, channel: 'system' });
    expect(trail[2]).toMatchObject({
      type: 'decided',
      channel: 'link',
      decision: 'approve',
      actor: { userId: 'reviewer-kominfo-1', capacity: 'diskominfo_reviewer' },
      comment: 'Arsitektur sesuai SPBE; lanjutkan.',
      fromStage: 'diskominfo_review',
      toStage: 'sekda_approval',
    });
    expect(trail[3]).toMatchObject({ type: 'stage_opened', toStage: 'sekda_approval', stageSeq: 2 });
    expect(trail[4]).toMatchObject({
      type: 'decided',
      channel: 'api',
      decision: 'approve',
      actor: { userId: 'sekda', capacity: 'sekda' },
      fromStage: 'sekda_approval',
      toStage: 'signing',
    });
    expect(trail[5]).toMatchObject({ type: 'stage_opened', toStage: 'signing', stageSeq: 3 });
    const times = trail.map((e) => e.at);
    expect([...times].sort()).toEqual(times);

    // ---- DynamoDB, read directly ----
    const store = openStore();
    try {
      const stored = await store.programs.getProgram(id);
      expect(stored).toMatchObject({ id, stage: 'signing', stageSeq: 3, proposalVersion: 1, eventSeq: 6, workflowId: `program-${id}` });
      const stageRecords = await store.programs.listStages(id);
      expect(stageRecords.map((s) => s.stage)).toEqual(['diskominfo_review', 'sekda_approval', 'signing']);
      expect(stageRecords[0]!.outcome).toMatchObject({
        result: 'approve',
        by: { userId: 'reviewer-kominfo-1' },
        comment: 'Arsitektur sesuai SPBE; lanjutkan.',
      });
      expect(stageRecords[0]!.assignees.map((a) => a.userId).sort()).toEqual([...reviewers]);
      expect(stageRecords[1]!.outcome).toMatchObject({ result: 'approve', by: { userId: 'sekda' } });
      expect(stageRecords[2]!.outcome).toBeNull();
      expect(await store.programs.listEvents(id)).toHaveLength(6);

      const used = await rawTokenItem(doc, tokenOf(r1.link));
      expect(used).toBeDefined();
      expect(used!.usedAt).toEqual(expect.any(String));
      expect(used!.usedFor).toBe('approve');
      expect(used!.claimedUntil).toBeUndefined();
      // Only the hash is a key; the token itself is stored nowhere.
      expect(JSON.stringify(used)).not.toContain(tokenOf(r1.link));
      const unused = await rawTokenItem(doc, tokenOf(r2.link));
      expect(unused!.usedAt).toBeUndefined();
      expect(unused!.revokedAt).toEqual(expect.any(String));
    } finally {
      store.close();
      close();
    }
  });
});
