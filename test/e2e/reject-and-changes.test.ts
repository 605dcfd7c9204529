/**
 * The ways a proposal goes back or ends: rejection (final, with the reason mailed to the OPD),
 * request_changes and Sekda's return (back to the OPD, who resubmits a new version that is
 * reviewed again with new links, while the old links say what happened).
 */
import { describe, expect, it } from 'vitest';
import { as, emailOf, openLink, person, submitLink } from '../support/api.js';
import { decideByApi, events, program, propose, requestMail, reviewers } from '../support/flow.js';
import { eventually } from '../support/wait.js';
import { listMail, settledMail, tokenOf, waitForMail } from '../support/mailbox.js';
import { uniqueTitle, validProposal } from '../support/proposal.js';
import { openStore } from '../support/store.js';
import type { DecisionAnswer, Problem } from '../support/types.js';

describe('reject', () => {
  it('a reviewer rejects through the API: the programme ends, the OPD head is told who and why, and nothing can be decided after', async () => {
    const title = uniqueTitle('Dashboard Stunting');
    const { id } = await propose('kadis-kesehatan', { title });
    const { link: link1 } = await requestMail(id, 'reviewer-kominfo-1', 1);

    // A rejection must say why: without a comment it is refused and nothing changes.
    const before = { program: await program(id), events: await events(id) };
    for (const comment of ['', '   ']) {
      const refused = await as('reviewer-kominfo-2', 'POST', `/v1/programs/${id}/decisions`, { json: { decision: 'reject', comment } });
      expect(refused.status, refused.text).toBe(422);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(refused.body.detail).toMatch(/comment/);
    }
    const unchanged = await program(id);
    expect(unchanged.stage).toBe('diskominfo_review');
    expect(unchanged.updatedAt).toBe(before.program.updatedAt);
    expect(unchanged.stages).toEqual(before.program.stages);
    expect(await events(id)).toEqual(before.events);
    expect((await openLink(link1, { json: true })).body.status).toBe('open');

    // Rejected, with a reason.
    const reason = 'Duplikasi dengan aplikasi e-PPGBM milik Kemenkes; gunakan integrasi, bukan aplikasi baru.';
    const rejected = await decideByApi('reviewer-kominfo-2', id, 'reject', reason);
    expect(rejected.body.result).toMatchObject({ fromStage: 'diskominfo_review', toStage: 'rejected', by: { userId: 'reviewer-kominfo-2' } });
    const ended = await program(id);
    expect(ended).toMatchObject({ stage: 'rejected', awaiting: [], dueAt: null, next: null });

    // The OPD head's mail names the reviewer and quotes the reason.
    const head = await emailOf('kadis-kesehatan');
    const mail = await waitForMail({ programId: id, to: head, subjectIncludes: 'Usulan ditolak' });
    expect(mail.subject).toContain(title);
    const reviewer = await person('reviewer-kominfo-2');
    for (const part of [mail.text, mail.html ?? '']) {
      expect(part).toContain(reviewer.name);
      expect(part).toContain('Duplikasi dengan aplikasi e-PPGBM milik Kemenkes');
    }
    expect(mail.text).toContain(`  | ${reason}`);

    // Ended: every later decision is a 409, and the other reviewer's link says who rejected.
    for (const [userId, decision] of [
      ['reviewer-kominfo-1', 'approve'],
      ['reviewer-kominfo-2', 'reject'],
      ['sekda', 'approve'],
    ] as const) {
      const late = await as(userId, 'POST', `/v1/programs/${id}/decisions`, { json: { decision, comment: 'terlambat' } });
      expect(late.status, `${userId} ${late.text}`).toBe(409);
      expect(late.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const resubmit = await as('kadis-kesehatan', 'POST', `/v1/programs/${id}/revisions`, { json: validProposal({ title }) });
    expect(resubmit.status).toBe(409);
    const old = await openLink(link1, { json: true });
    expect(old.body).toMatchObject({ status: 'already_done', outcome: { result: 'reject', by: { userId: 'reviewer-kominfo-2' }, comment: reason } });
    const oldPost = await submitLink(link1, { decision: 'approve' });
    expect(oldPost.status).toBe(409);

    const trail = await events(id);
    expect(trail.map((e) => e.type)).toEqual(['proposed', 'stage_opened', 'decided']);
    expect(trail[2]).toMatchObject({ decision: 'reject', channel: 'api', comment: reason, toStage: 'rejected', actor: { userId: 'reviewer-kominfo-2' } });
    // Nobody but the proposing side heard of the rejection, once.
    expect((await settledMail({ programId: id, subjectIncludes: 'Usulan ditolak' })).map((m) => m.to)).toEqual([[head]]);
  });
});

describe('request changes, resubmit, return', () => {
  it('goes back to the OPD, comes back as version 2 with new links, and Sekda can return it too', async () => {
    const title = uniqueTitle('Sistem Rujukan Terintegrasi');
    const { id, proposal } = await propose('kadis-kesehatan', { title });
    const first = { r1: await requestMail(id, 'reviewer-kominfo-1', 1), r2: await requestMail(id, 'reviewer-kominfo-2', 1) };

    // Through the link: request_changes needs a comment; without one the link stays usable.
    const noComment = await submitLink(first.r1.link, { decision: 'request_changes', comment: '' });
    expect(noComment.status).toBe(422);
    // A browser gets the form back: the problem linked from the top, the note field marked, the link still open.
    const noCommentPage = await submitLink(first.r1.link, { decision: 'request_changes', comment: ' ' }, { json: false });
    expect(noCommentPage.status).toBe(422);
    expect(noCommentPage.text).toContain('<a href="#comment">Tuliskan alasan keputusan “Minta perbaikan” pada kolom Catatan.</a>');
    expect(noCommentPage.text).toContain(`<form method="post" action="/act/${tokenOf(first.r1.link)}"`);
    expect((await openLink(first.r1.link, { json: true })).body.status).toBe('open');

    const ask = 'Lengkapi rencana interoperabilitas dengan SatuSehat dan rincian anggaran perangkat.';
    const asked = await submitLink(first.r1.link, { decision: 'request_changes', comment: ask });
    expect(asked.status, asked.text).toBe(200);
    expect(asked.body).toMatchObject({ status: 'done', decision: 'request_changes' });

    // A link's decision is answered once recorded; the revision stage opens right after.
    const inRevision = await eventually('the revision stage opened', async () => {
      const p = await program(id);
      return p.stage === 'revision' ? p : undefined;
    });
    expect(inRevision).toMatchObject({ stage: 'revision', stageSeq: 2, proposalVersion: 1 });
    expect(inRevision.awaiting.map((a) => a.userId)).toEqual(['kadis-kesehatan']);
    expect(inRevision.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const head = await emailOf('kadis-kesehatan');
    const changesMail = await waitForMail({ programId: id, stageSeq: 2, to: head });
    expect(changesMail.subject).toContain('Perbaikan usulan diminta');
    expect(changesMail.subject).toContain(title);
    expect(changesMail.text).toContain((await person('reviewer-kominfo-1')).name);
    expect(changesMail.text).toContain(`  | ${ask}`);
    expect(changesMail.html).toContain('Lengkapi rencana interoperabilitas dengan SatuSehat');
    expect(changesMail.text).toContain('“Ajukan ulang”');
    expect(changesMail.text).toContain(`/program/${id}`);

    // Nobody may decide while the OPD revises.
    const early = await as('reviewer-kominfo-2', 'POST', `/v1/programs/${id}/decisions`, { json: { decision: 'approve' } });
    expect(early.status).toBe(409);

    // Another OPD may not resubmit.
    const newTitle = `${title} (revisi)`;
    const revised = { ...proposal, title: newTitle, budgetIdr: proposal.budgetIdr + 50_000_000, comment: 'Ditambahkan rencana integrasi SatuSehat.' };
    const foreign = await as('staf-bappeda', 'POST', `/v1/programs/${id}/revisions`, { json: revised });
    expect(foreign.status).toBe(403);

    // Staff of the same OPD resubmit: review starts again, as version 2.
    const resubmitted = await as<DecisionAnswer>('staf-kesehatan', 'POST', `/v1/programs/${id}/revisions`, { json: revised });
    expect(resubmitted.status, resubmitted.text).toBe(200);
    expect(resubmitted.body.result).toMatchObject({ fromStage: 'revision', toStage: 'diskominfo_review', stageSeq: 3, by: { userId: 'staf-kesehatan' } });
    const again = await program(id);
    expect(again).toMatchObject({ stage: 'diskominfo_review', stageSeq: 3, proposalVersion: 2, title: newTitle });
    expect(again.proposal).toMatchObject({ title: newTitle, budgetIdr: proposal.budgetIdr + 50_000_000 });
    expect(again.proposal).not.toHaveProperty('comment');
    expect(again.awaiting.map((a) => a.userId).sort()).toEqual([...reviewers]);

    // Reviewers are asked again, with new links, about version 2.
    const second = { r1: await requestMail(id, 'reviewer-kominfo-1', 3), r2: await requestMail(id, 'reviewer-kominfo-2', 3) };
    // ...and see what changed and why, in the email and on the page, without asking anyone.
    expect(second.r1.mail.text).toContain('PERUBAHAN DARI VERSI 1 KE VERSI 2');
    expect(second.r1.mail.text).toContain(`- Judul program: “${title}” menjadi “${newTitle}”`);
    expect(second.r1.mail.text).toContain(`  | ${ask}`);
    expect(second.r1.mail.text).toContain('  | Ditambahkan rencana integrasi SatuSehat.');
    const secondPage = await openLink(second.r1.link);
    expect(secondPage.text).toContain('Perubahan dari versi 1 ke versi 2');
    expect(secondPage.text).toContain(ask);
    for (const { mail } of [second.r1, second.r2]) {
      expect(mail.subject).toContain(newTitle);
      expect(mail.subject).toContain('versi 2');
    }
    const links = [first.r1.link, first.r2.link, second.r1.link, second.r2.link];
    expect(new Set(links).size).toBe(4);

    // The old links say the stage ended (and how), and cannot act.
    for (const old of [first.r1.link, first.r2.link]) {
      const shown = await openLink(old, { json: true });
      expect(shown.status).toBe(200);
      expect(shown.body).toMatchObject({
        status: 'already_done',
        stage: 'diskominfo_review',
        outcome: { result: 'request_changes', by: { userId: 'reviewer-kominfo-1' } },
      });
      const page = await openLink(old);
      expect(page.text).toContain('Tahap ini sudah selesai');
      expect(page.text).not.toContain('<form');
      const acted = await submitLink(old, { decision: 'approve' });
      expect(acted.status).toBe(409);
      expect(acted.body.status).toBe('already_done');
    }
    expect((await program(id)).stage).toBe('diskominfo_review');
    expect((await openLink(second.r2.link, { json: true })).body).toMatchObject({ status: 'open', stageSeq: 3 });

    // Approved by the new link; Sekda returns it to the OPD (a comment is required).
    expect((await submitLink(second.r2.link, { decision: 'approve' })).status).toBe(200);
    await requestMail(id, 'sekda', 4);
    const bare = await as('sekda', 'POST', `/v1/programs/${id}/decisions`, { json: { decision: 'return' } });
    expect(bare.status).toBe(422);
    expect((await program(id)).stage).toBe('sekda_approval');
    const why = 'Selaraskan jadwal dengan APBD Perubahan 2027.';
    const returned = await decideByApi('sekda', id, 'return', why);
    expect(returned.body.result).toMatchObject({ fromStage: 'sekda_approval', toStage: 'revision', stageSeq: 5 });
    expect(await program(id)).toMatchObject({ stage: 'revision', stageSeq: 5, proposalVersion: 2 });
    const returnMail = await waitForMail({ programId: id, stageSeq: 5, to: head });
    expect(returnMail.subject).toContain('Usulan dikembalikan ke OPD');
    expect(returnMail.text).toContain((await person('sekda')).name);
    expect(returnMail.text).toContain(`  | ${why}`);

    // The audit trail tells the whole story, in order.
    const trail = await events(id);
    expect(trail.map((e) => [e.type, e.decision ?? null, e.actor?.userId ?? null, e.toStage])).toEqual([
      ['proposed', null, 'kadis-kesehatan', 'diskominfo_review'],
      ['stage_opened', null, null, 'diskominfo_review'],
      ['decided', 'request_changes', 'reviewer-kominfo-1', 'revision'],
      ['stage_opened', null, null, 'revision'],
      ['resubmitted', null, 'staf-kesehatan', 'diskominfo_review'],
      ['stage_opened', null, null, 'diskominfo_review'],
      ['decided', 'approve', 'reviewer-kominfo-2', 'sekda_approval'],
      ['stage_opened', null, null, 'sekda_approval'],
      ['decided', 'return', 'sekda', 'revision'],
      ['stage_opened', null, null, 'revision'],
    ]);
    expect(trail[2]).toMatchObject({ channel: 'link', comment: ask });
    expect(trail[4]).toMatchObject({ channel: 'api', comment: 'Ditambahkan rencana integrasi SatuSehat.' });

    // Both versions are kept.
    const store = openStore();
    try {
      const versions = await store.programs.listProposalVersions(id);
      expect(versions.map((v) => [v.version, v.proposal.title])).toEqual([
        [1, title],
        [2, newTitle],
      ]);
    } finally {
      store.close();
    }
    // One request per reviewer per review round, and besides them only the submitter's receipt.
    for (const stageSeq of [1, 3]) {
      expect((await listMail({ programId: id, stageSeq, messageId: /\.diskominfo_review\./ })).length).toBe(2);
      expect((await listMail({ programId: id, stageSeq })).length).toBe(3);
    }
  });

  it('a revision is checked against the reference data like a proposal (unknown dimension → 400), and nothing changes', async () => {
    const { id, proposal } = await propose('kadis-kesehatan', { title: uniqueTitle('Revisi dimensi') });
    await decideByApi('reviewer-kominfo-1', id, 'request_changes', 'Perjelas dimensi.');
    const before = await program(id);
    expect(before.stage).toBe('revision');

    const bad = await as<Problem>('staf-kesehatan', 'POST', `/v1/programs/${id}/revisions`, { json: { ...proposal, dimension: 'teleportation' } });
    expect(bad.status, 'a revision naming an unknown dimension').toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((bad.body.errors ?? []).map((e) => e.path)).toContain('dimension');
    const after = await program(id);
    expect(after).toMatchObject({ stage: 'revision', proposalVersion: 1 });
    expect(after.proposal).toEqual(before.proposal);
  });
});

describe('withdraw and cancel', () => {
  it('the OPD withdraws (reviewers told, links dead); the secretariat cancels (proposer told); others may not', async () => {
    const { id } = await propose('kadis-kesehatan', { title: uniqueTitle('Ditarik') });
    const { link } = await requestMail(id, 'reviewer-kominfo-1', 1);

    expect((await as('staf-bappeda', 'POST', `/v1/programs/${id}/withdraw`, { json: { reason: 'bukan milik kami' } })).status).toBe(403);
    expect((await as('kadis-kesehatan', 'POST', `/v1/programs/${id}/cancel`, { json: { reason: 'bukan sekretariat' } })).status).toBe(403);
    expect((await as('kadis-kesehatan', 'POST', `/v1/programs/${id}/withdraw`, { json: { reason: '' } })).status).toBe(400);
    expect((await program(id)).stage).toBe('diskominfo_review');

    const withdrawn = await as('staf-kesehatan', 'POST', `/v1/programs/${id}/withdraw`, { json: { reason: 'Digabung dengan program Telemedisin.' } });
    expect(withdrawn.status, withdrawn.text).toBe(200);
    expect(await program(id)).toMatchObject({ stage: 'withdrawn', awaiting: [] });
    for (const userId of reviewers) {
      const told = await waitForMail({ programId: id, stageSeq: 2, to: await emailOf(userId) });
      expect(told.subject).toContain('Usulan ditarik oleh OPD');
      expect(told.text).toContain('Digabung dengan program Telemedisin.');
    }
    expect((await openLink(link, { json: true })).body).toMatchObject({
      status: 'already_done',
      outcome: { result: 'withdrawn', by: { userId: 'staf-kesehatan' } },
    });
    expect((await submitLink(link, { decision: 'approve' })).status).toBe(409);
    expect((await as('kadis-kesehatan', 'POST', `/v1/programs/${id}/withdraw`, { json: { reason: 'lagi' } })).status).toBe(409);

    const other = (await propose('kadis-kesehatan', { title: uniqueTitle('Dibatalkan') })).id;
    const cancelled = await as('sekretariat-1', 'POST', `/v1/programs/${other}/cancel`, { json: { reason: 'Tidak tersedia pagu anggaran 2027.' } });
    expect(cancelled.status, cancelled.text).toBe(200);
    expect((await program(other)).stage).toBe('cancelled');
    const toldHead = await waitForMail({ programId: other, to: await emailOf('kadis-kesehatan'), messageId: /\.cancelled\./ });
    expect(toldHead.subject).toContain('Program dibatalkan');
    expect(toldHead.text).toContain('Tidak tersedia pagu anggaran 2027.');
    expect((await events(other)).map((e) => e.type)).toEqual(['proposed', 'stage_opened', 'cancelled']);
  });
});
