/**
 * Signing the commitment over real HTTP and SMTP. The signing policy here asks five
 * offices (the head of Diskominfo added to the default four); the secretariat records an
 * acting official (Plh.) for the head of Diskominfo; every signer and the Plh. get a personal
 * link; the Plh. signs by link, the Bupati through the API, the rest by their links; refusals
 * change nothing; the signed commitment is public and verifiable, and says it is not a TTE.
 * Changing delegations while a programme waits for signatures re-routes its requests.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../domain/canonical-json.js';
import type { DelegationChange, SignerOffice, SigningPolicy } from '../../domain/signing.js';
import type { Store } from '../../store/index.js';
import { as, call, emailOf, openLink, person, submitLink, type Json } from '../support/api.js';
import { addDays, wibToday } from '../support/dates.js';
import { events, expectProblem, program } from '../support/flow.js';
import { htmlLinksIn, listMail, settledMail, tokenOf, waitForMail } from '../support/mailbox.js';
import { uniqueTitle } from '../support/proposal.js';
import {
  firstSigningSeq,
  recordDelegation,
  revokeDelegation,
  signByApi,
  signRequestMail,
  setSigningPolicy,
  signatures,
  toSigning,
} from '../support/signing.js';
import { stack } from '../support/stack.js';
import { openDocClient, openStore, rawTokenItem } from '../support/store.js';
import type { CommitmentView, DelegationView, ProgramDetail, SignaturesView, SignLinkAnswer } from '../support/types.js';
import { eventually } from '../support/wait.js';

const fiveOffices: SignerOffice[] = ['bupati', 'wakil_bupati', 'sekda', 'opd_head', 'diskominfo_head'];
/** Who holds each office for a Dinas Kesehatan programme (data/roster-dev.json). */
const holderOf: Record<SignerOffice, string> = {
  bupati: 'bupati',
  wakil_bupati: 'wabup',
  sekda: 'sekda',
  opd_head: 'kadis-kesehatan',
  diskominfo_head: 'kadis-kominfo',
};
const basis = 'SK Bupati Solok Selatan No. 800/123/2026';
const notATte = 'bukan tanda tangan elektronik tersertifikasi (TTE)';
const seq = firstSigningSeq;

let store: Store;
let policyBefore: SigningPolicy;
/** Delegations this file records: revoked at the end if a test left one in force. */
const recorded: string[] = [];

beforeAll(async () => {
  store = openStore();
  // The stack seeds the policy once, at start; a programme reads it when its signing opens.
  policyBefore = await setSigningPolicy({ default: fiveOffices });
});

afterAll(async () => {
  try {
    for (const id of recorded) {
      const d = await store.signing.getDelegation(id);
      if (d && d.revokedAt === null) await as('sekretariat-1', 'DELETE', `/v1/delegations/${id}`);
    }
    await setSigningPolicy(policyBefore);
  } finally {
    store.close();
  }
});

/** The commitment hash, computed here: SHA-256 over the canonical JSON of what was approved. */
function expectedHash(p: ProgramDetail): string {
  return createHash('sha256')
    .update(canonicalJson({ programId: p.id, proposalVersion: p.proposalVersion, proposal: p.proposal }))
    .digest('hex');
}

/** The link's JSON answer. */
async function linkState(link: string): Promise<SignLinkAnswer> {
  const res = await openLink<SignLinkAnswer>(link, { json: true });
  expect(res.headers.get('cache-control')).toBe('no-store');
  return res.body;
}

/** Who may still sign an office, as [person, capacity, basis]. */
function signersOf(view: SignaturesView, office: SignerOffice): [string, string, string | null][] {
  return (view.missing.find((m) => m.office === office)?.signers ?? []).map((x) => [x.signer.userId, x.capacity, x.basis]);
}

/** The HTTP status a link's page answers with now. */
async function linkStatus(link: string): Promise<number> {
  return (await openLink(link, { json: true })).status;
}

/** A link that no longer works: 410 as a page and as JSON, and its POST is refused. */
async function expectDeadLink(link: string): Promise<void> {
  const page = await openLink(link);
  expect(page.status, page.text).toBe(410);
  expect(page.text).toContain('Tautan tidak berlaku');
  expect(page.text).not.toContain('<form');
  const json = await openLink(link, { json: true });
  expect(json.status).toBe(410);
  const post = await submitLink(link, { decision: 'sign' });
  expect(post.status).toBe(410);
}

describe('signing the commitment: five offices, a Plh., link and API', () => {
  it('collects every signature in parallel, records the Plh. as such, and publishes a verifiable commitment', async () => {
    const today = wibToday();

    // ---- the secretariat records the acting official; nobody else may ----
    const delegation = {
      officialId: 'kadis-kominfo',
      delegateId: 'reviewer-kominfo-1',
      kind: 'plh' as const,
      from: today,
      until: addDays(today, 7),
      basis,
    };
    expectProblem(await as('sekda', 'POST', '/v1/delegations', { json: delegation }), 403);
    expectProblem(await as('kadis-kominfo', 'POST', '/v1/delegations', { json: delegation }), 403);
    expectProblem(await as('sekretariat-1', 'POST', '/v1/delegations', { json: { ...delegation, basis: ' ' } }), 400);
    const plh = await recordDelegation(delegation);
    recorded.push(plh.id);
    expect(plh).toMatchObject({ ...delegation, exclusive: false, revokedAt: null, active: true });
    // A second acting official for the same official and days would make "who signs" ambiguous.
    expectProblem(
      await as('sekretariat-1', 'POST', '/v1/delegations', {
        json: { ...delegation, delegateId: 'reviewer-kominfo-2', from: addDays(today, 3), until: addDays(today, 10) },
      }),
      409,
    );
    const listed = await as<{ items: DelegationView[] }>('pemantau', 'GET', '/v1/delegations');
    expect(listed.status).toBe(200);
    expect(listed.body.items.filter((d) => d.officialId === 'kadis-kominfo' && d.revokedAt === null)).toEqual([plh]);

    // ---- review and approval pass: the programme waits for five signatures ----
    const title = uniqueTitle('Komitmen Satu Data Kesehatan');
    const { id } = await toSigning('kadis-kesehatan', { title });

    // ---- each signer, and the Plh., is mailed a personal link ----
    const asked: [SignerOffice, string][] = [...fiveOffices.map((o): [SignerOffice, string] => [o, holderOf[o]]), ['diskominfo_head', 'reviewer-kominfo-1']];
    const links = new Map<string, string>();
    for (const [office, userId] of asked) {
      const { mail, link } = await signRequestMail(id, seq, office, userId);
      const who = await person(userId);
      expect(mail.to).toEqual([who.email]);
      expect(mail.subject).toContain('Permohonan tanda tangan komitmen');
      expect(mail.subject).toContain(title);
      expect(mail.text).toContain(`Yth. ${who.name}`);
      expect(mail.text).toContain(notATte);
      expect(htmlLinksIn(mail)).toEqual([link]);
      expect(link.startsWith(`${stack().api}/act/`)).toBe(true);
      links.set(`${office}/${userId}`, link);
    }
    expect(new Set(links.values()).size).toBe(asked.length);
    const plhMail = await signRequestMail(id, seq, 'diskominfo_head', 'reviewer-kominfo-1');
    expect(plhMail.mail.subject).toContain('(Plh. Kepala Dinas Komunikasi dan Informatika)');
    expect(plhMail.mail.text).toContain(basis);
    expect(plhMail.mail.text).toContain((await person('kadis-kominfo')).name);
    // One request per route, and nobody else is asked (the proposer's "approved" notice is the only other mail of the stage).
    const ofStage = await listMail({ programId: id, stageSeq: seq });
    expect(ofStage.filter((m) => m.subject.includes('Permohonan tanda tangan komitmen'))).toHaveLength(asked.length);
    expect(ofStage.filter((m) => !m.subject.includes('Permohonan tanda tangan komitmen')).map((m) => [m.to, m.subject.split(':')[0]])).toEqual([
      [[await emailOf('kadis-kesehatan')], '[alur] Disetujui Sekda, menuju penandatanganan komitmen'],
    ]);

    // ---- 0 of 5: who is missing, and since when ----
    const waiting = await program(id);
    expect(waiting.stage).toBe('signing');
    expect(waiting.awaiting.map((a) => a.userId).sort()).toEqual(asked.map(([, u]) => u).sort());
    expect(waiting.next?.stage).toBe('signing');
    expect(waiting.next?.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const none = await signatures(id);
    expect(none).toMatchObject({ programId: id, stage: 'signing', stageSeq: seq, signed: 0, signatures: [], commitmentHash: null, overdue: false });
    expect(none.required).toEqual(fiveOffices);
    expect(none.dueDate).toBe(waiting.dueDate);
    expect(none.missing.map((m) => m.office)).toEqual(fiveOffices);
    for (const m of none.missing) {
      expect(m.since).toBe(waiting.stageOpenedAt);
      expect(m.official?.userId).toBe(holderOf[m.office]);
    }
    expect(signersOf(none, 'diskominfo_head')).toEqual([
      ['kadis-kominfo', 'self', null],
      ['reviewer-kominfo-1', 'plh', basis],
    ]);

    // ---- the Plh. opens the link (as a mail scanner would): nothing changes ----
    const plhLink = links.get('diskominfo_head/reviewer-kominfo-1')!;
    const { doc, close } = openDocClient();
    try {
      const before = { events: await events(id), signatures: await signatures(id), token: await rawTokenItem(doc, tokenOf(plhLink)) };
      for (let i = 0; i < 2; i++) {
        const page = await openLink(plhLink);
        expect(page.status).toBe(200);
        expect(page.headers.get('cache-control')).toBe('no-store');
        expect(page.headers.get('referrer-policy')).toBe('no-referrer');
        expect(page.text).toContain(`<form method="post" action="/act/${tokenOf(plhLink)}"`);
        expect(page.text).toContain('name="decision" value="sign"');
        expect(page.text).toContain('Membuka halaman ini tidak mengubah apa pun');
        expect(page.text).toContain('Plh.');
        expect(page.text).toContain(basis);
      }
      const open = await linkState(plhLink);
      expect(open).toMatchObject({
        status: 'open',
        programId: id,
        stage: 'signing',
        stageSeq: seq,
        office: 'diskominfo_head',
        allowed: ['sign'],
        route: { capacity: 'plh', basis, signer: { userId: 'reviewer-kominfo-1' }, official: { userId: 'kadis-kominfo' } },
        contentHash: expectedHash(waiting),
      });
      expect(await events(id)).toEqual(before.events);
      expect(await signatures(id)).toEqual(before.signatures);
      expect(await rawTokenItem(doc, tokenOf(plhLink))).toEqual(before.token);

      // ---- the Plh. signs by POST, once ----
      const signed = await submitLink<SignLinkAnswer>(plhLink, { decision: 'sign' });
      expect(signed.status, signed.text).toBe(200);
      expect(signed.body).toMatchObject({
        status: 'done',
        office: 'diskominfo_head',
        signed: 1,
        required: 5,
        complete: false,
        commitmentHash: null,
        signature: {
          office: 'diskominfo_head',
          capacity: 'plh',
          basis,
          channel: 'link',
          signedBy: { userId: 'reviewer-kominfo-1' },
          official: { userId: 'kadis-kominfo' },
        },
      });
      const again = await submitLink<SignLinkAnswer>(plhLink, { decision: 'sign' });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ status: 'already_done', signature: { signedBy: { userId: 'reviewer-kominfo-1' } } });
      expect((await rawTokenItem(doc, tokenOf(plhLink)))?.usedFor).toBe('sign');

      // The official's own link now says who signed for the office, and cannot sign again.
      const ownLink = links.get('diskominfo_head/kadis-kominfo')!;
      expect(await linkState(ownLink)).toMatchObject({
        status: 'already_done',
        office: 'diskominfo_head',
        signature: { capacity: 'plh', signedBy: { userId: 'reviewer-kominfo-1' } },
      });
      const ownPage = await openLink(ownLink);
      expect(ownPage.status).toBe(200);
      expect(ownPage.text).toContain('sudah diberikan oleh pejabat lain yang berwenang');
      expect(ownPage.text).not.toContain('<form');
      expect((await submitLink(ownLink, { decision: 'sign' })).status).toBe(409);
      expect((await rawTokenItem(doc, tokenOf(ownLink)))?.revokedAt).toEqual(expect.any(String));
    } finally {
      close();
    }

    // ---- refusals: not on the list (403), the same office again (409); nothing changes ----
    const beforeRefusals = { events: await events(id), signatures: await signatures(id) };
    for (const outsider of ['pemantau', 'staf-bappeda', 'kepala-bappeda', 'reviewer-kominfo-2', 'sekretariat-1']) {
      expectProblem(await as(outsider, 'POST', `/v1/programs/${id}/signatures`, { json: {} }), 403);
    }
    expectProblem(await as('kadis-kesehatan', 'POST', `/v1/programs/${id}/signatures`, { json: { office: 'bupati' } }), 403);
    expectProblem(await as('kadis-kominfo', 'POST', `/v1/programs/${id}/signatures`, { json: {} }), 409, /already been signed/);
    expectProblem(await as('kadis-kominfo', 'POST', `/v1/programs/${id}/signatures`, { json: { office: 'diskominfo_head' } }), 409);
    expectProblem(await as('reviewer-kominfo-1', 'POST', `/v1/programs/${id}/signatures`, { json: {} }), 409);
    expectProblem(await as('bupati', 'POST', `/v1/programs/${id}/signatures`, { json: { office: 'camat' } }), 400);
    expect(await events(id)).toEqual(beforeRefusals.events);
    expect(await signatures(id)).toEqual(beforeRefusals.signatures);

    // ---- the Bupati signs through the API with a bearer token ----
    const byApi = await signByApi('bupati', id);
    expect(byApi.result).toMatchObject({
      signed: 2,
      required: 5,
      complete: false,
      signature: { office: 'bupati', capacity: 'self', basis: null, channel: 'api', signedBy: { userId: 'bupati' } },
    });
    expectProblem(await as('bupati', 'POST', `/v1/programs/${id}/signatures`, { json: {} }), 409);
    expect(await linkState(links.get('bupati/bupati')!)).toMatchObject({ status: 'already_done', signature: { channel: 'api' } });

    const twoOfFive = await signatures(id);
    expect(twoOfFive.signed).toBe(2);
    expect(twoOfFive.signatures.map((s) => s.office)).toEqual(['bupati', 'diskominfo_head']);
    expect(twoOfFive.missing.map((m) => m.office)).toEqual(['wakil_bupati', 'sekda', 'opd_head']);
    const plhText = twoOfFive.signatures.find((s) => s.office === 'diskominfo_head')!.text;
    expect(plhText).toContain('sebagai Plh.');
    expect(plhText).toContain(basis);
    expect(plhText).toContain((await person('reviewer-kominfo-1')).name);
    expect(plhText).toContain((await person('kadis-kominfo')).name);

    // ---- the rest sign by their links; the last one completes the commitment ----
    const answers: SignLinkAnswer[] = [];
    for (const [office, userId] of [
      ['wakil_bupati', 'wabup'],
      ['sekda', 'sekda'],
      ['opd_head', 'kadis-kesehatan'],
    ] as const) {
      const res = await submitLink<SignLinkAnswer>(links.get(`${office}/${userId}`)!, { decision: 'sign' });
      expect(res.status, res.text).toBe(200);
      answers.push(res.body);
    }
    expect(answers.map((a) => [a.signed, a.complete])).toEqual([
      [3, false],
      [4, false],
      [5, true],
    ]);
    const signedProgram = await program(id);
    const hash = expectedHash(signedProgram);
    expect(answers[2]).toMatchObject({ commitmentHash: hash, verifyUrl: `${stack().api}/v1/commitments/${hash}` });

    // ---- implementation ----
    expect(signedProgram.stage).toBe('implementation');
    expect(signedProgram.stages.find((s) => s.stage === 'signing')?.outcome).toMatchObject({ result: 'sign', by: { userId: 'kadis-kesehatan' } });
    const trail = await events(id);
    const signedEvents = trail.filter((e) => e.type === 'signed');
    expect(signedEvents.map((e) => [e.actor?.userId, e.actor?.capacity, e.channel])).toEqual([
      ['reviewer-kominfo-1', 'plh:diskominfo_head', 'link'],
      ['bupati', 'bupati', 'api'],
      ['wabup', 'wakil_bupati', 'link'],
      ['sekda', 'sekda', 'link'],
      ['kadis-kesehatan', 'opd_head', 'link'],
    ]);
    const closing = trail.findIndex((e) => e.type === 'decided' && e.decision === 'sign');
    expect(trail[closing]).toMatchObject({ fromStage: 'signing', toStage: 'implementation', actor: { userId: 'kadis-kesehatan' } });
    expect(trail[closing]?.comment).toContain(hash);
    expect(trail[closing + 1]).toMatchObject({ type: 'stage_opened', toStage: 'implementation' });

    // ---- the public record: no login, every signature, verified, and not a TTE ----
    const verify = await call<CommitmentView>('GET', `/v1/commitments/${hash}`);
    expect(verify.status, verify.text).toBe(200);
    expect(verify.body).toMatchObject({ hash, programId: id, title, verified: true, tte: null, content: { programId: id, proposalVersion: 1 } });
    expect(verify.body.notice).toContain(notATte);
    expect(verify.body.signatures.map((s) => s.office).sort()).toEqual([...fiveOffices].sort());
    for (const s of verify.body.signatures) expect(s.text).toContain(s.signedBy.name);
    const plhSignature = verify.body.signatures.find((s) => s.office === 'diskominfo_head')!;
    expect(plhSignature).toMatchObject({ capacity: 'plh', basis, signedBy: { userId: 'reviewer-kominfo-1' }, official: { userId: 'kadis-kominfo' } });
    expect(plhSignature.text).toContain('sebagai Plh.');
    expect(plhSignature.text).toContain(basis);
    expect(verify.body.signatures.find((s) => s.office === 'bupati')).toMatchObject({ channel: 'api', capacity: 'self' });
    const page = await call('GET', `/v1/commitments/${hash}`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.text).toContain(notATte);
    expect(page.text).toContain('Plh.');
    expect(page.text).toContain(hash);
    expectProblem(await call('GET', `/v1/commitments/${'0'.repeat(64)}`), 404);

    const afterSigning = await signatures(id);
    expect(afterSigning).toMatchObject({
      stage: 'implementation',
      signed: 5,
      missing: [],
      commitmentHash: hash,
      verifyUrl: `${stack().api}/v1/commitments/${hash}`,
    });

    // ---- everyone who signed, and the proposing OPD, is told once ----
    const told = ['reviewer-kominfo-1', 'bupati', 'wabup', 'sekda', 'kadis-kesehatan'];
    for (const userId of told) {
      const mail = await waitForMail({ to: await emailOf(userId), messageId: new RegExp(`alur\\.${id}\\.commitment\\.${userId}@`) });
      expect(mail.subject).toContain('Komitmen telah ditandatangani lengkap');
      expect(mail.subject).toContain(title);
      expect(mail.text).toContain(hash);
      expect(mail.text).toContain(`${stack().api}/v1/commitments/${hash}`);
      expect(mail.text).toContain(notATte);
      expect(mail.text).toContain('sebagai Plh.');
    }
    const commitmentMails = (await settledMail({ messageId: new RegExp(`alur\\.${id}\\.commitment\\.`) })).map((m) => m.to[0]);
    expect(new Set(commitmentMails).size, 'one commitment email per person').toBe(commitmentMails.length);
    expect(commitmentMails).toEqual(expect.arrayContaining(await Promise.all(told.map(emailOf))));

    // ---- DynamoDB, read directly ----
    const stored = await store.signing.listSignatures(id);
    expect(stored.map((s) => [s.stageSeq, s.office, s.signedBy.userId, s.capacity])).toEqual([
      [seq, 'diskominfo_head', 'reviewer-kominfo-1', 'plh'],
      [seq, 'bupati', 'bupati', 'self'],
      [seq, 'wakil_bupati', 'wabup', 'self'],
      [seq, 'sekda', 'sekda', 'self'],
      [seq, 'opd_head', 'kadis-kesehatan', 'self'],
    ]);
    const commitment = await store.signing.getCommitmentOfProgram(id);
    expect(commitment).toMatchObject({ hash, programId: id, tte: null });
    expect(commitment?.signatures).toHaveLength(5);
  });

  it('refuses a signature after the programme was cancelled during signing (409), and nothing changes', async () => {
    const { id } = await toSigning('kadis-kesehatan', { title: uniqueTitle('Komitmen dibatalkan') });
    const { link: sekdaLink } = await signRequestMail(id, seq, 'sekda', 'sekda');
    await signByApi('bupati', id);

    const cancelled = await as('sekretariat-1', 'POST', `/v1/programs/${id}/cancel`, { json: { reason: 'Anggaran dialihkan untuk penanganan bencana.' } });
    expect(cancelled.status, cancelled.text).toBe(200);
    expect((await program(id)).stage).toBe('cancelled');
    const before = await events(id);

    expectProblem(await as('sekda', 'POST', `/v1/programs/${id}/signatures`, { json: {} }), 409, /cancelled/);
    expectProblem(await as('sekda', 'POST', `/v1/programs/${id}/signatures`, { json: { office: 'sekda' } }), 409);
    expectProblem(await as('bupati', 'POST', `/v1/programs/${id}/signatures`, { json: {} }), 409);
    expect(await linkState(sekdaLink)).toMatchObject({ status: 'already_done', outcome: { result: 'cancelled', by: { userId: 'sekretariat-1' } } });
    const late = await submitLink<SignLinkAnswer>(sekdaLink, { decision: 'sign' });
    expect(late.status).toBe(409);
    expect(late.body.status).toBe('already_done');

    expect(await events(id)).toEqual(before);
    expect((await store.signing.listSignatures(id)).map((s) => s.office)).toEqual(['bupati']);
    expect(await store.signing.getCommitmentOfProgram(id)).toBeNull();
    expect(await signatures(id)).toMatchObject({ stage: 'cancelled', signed: 1, missing: [], commitmentHash: null });
  });

  it('a signature retried with the same Idempotency-Key after it went through gets the first answer again; another key is told 409', async () => {
    const { id } = await toSigning('kadis-kesehatan', { title: uniqueTitle('Komitmen diulang') });
    try {
      const key = `uji-${Date.now().toString(36)}`;
      const sign = (k: string) => as<Json>('bupati', 'POST', `/v1/programs/${id}/signatures`, { json: {}, headers: { 'idempotency-key': k } });
      const first = await sign(key);
      expect(first.status, first.text).toBe(200);
      const before = await events(id);

      const again = await sign(key);
      expect(again.status, again.text).toBe(200);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body['result']).toEqual(first.body['result']);
      expectProblem(await sign(`${key}-lain`), 409);
      expect(await events(id)).toEqual(before);
    } finally {
      await as('sekretariat-1', 'POST', `/v1/programs/${id}/cancel`, { json: { reason: 'Uji selesai.' } });
    }
  });

  it('GET /v1/programs/:id shows "k of N signed", who is missing and since when', async () => {
    const { id } = await toSigning('kadis-kesehatan', { title: uniqueTitle('Komitmen status') });
    try {
      await signByApi('bupati', id);
      const shown = (await program(id)) as unknown as Json;
      // docs/product.md §5: the programme shows its signatures, as it shows its reports (`progress`).
      const signing = (shown['signatures'] ?? shown['signing']) as Json | undefined;
      expect(signing, 'GET /v1/programs/:id has no signatures/signing block').toBeDefined();
      expect(signing).toMatchObject({ signed: 1, required: fiveOffices });
      const missing = signing!['missing'] as { office: string; since: string }[];
      expect(missing.map((m) => m.office)).toEqual(['wakil_bupati', 'sekda', 'opd_head', 'diskominfo_head']);
      for (const m of missing) expect(m.since).toBe(shown['stageOpenedAt']);
    } finally {
      await as('sekretariat-1', 'POST', `/v1/programs/${id}/cancel`, { json: { reason: 'Uji selesai.' } });
    }
  });
});

describe('delegations change while a programme waits for signatures', () => {
  let id = '';
  /** The exclusive Plh. for the Sekda the second test records, confirms and revokes. */
  let sekdaPlhId = '';

  /** The Plh. for the head of Diskominfo the first test recorded, recorded here if it is not in force. */
  async function kominfoPlh(): Promise<DelegationView> {
    const listed = await as<{ items: DelegationView[] }>('sekretariat-1', 'GET', '/v1/delegations');
    const inForce = listed.body.items.find((d) => d.officialId === 'kadis-kominfo' && d.delegateId === 'reviewer-kominfo-1' && d.active);
    if (inForce) return inForce;
    const today = wibToday();
    const d = await recordDelegation({
      officialId: 'kadis-kominfo',
      delegateId: 'reviewer-kominfo-1',
      kind: 'plh',
      from: today,
      until: addDays(today, 7),
      basis,
    });
    recorded.push(d.id);
    return d;
  }

  it("revoking a Plh. re-routes: the delegate's link and right to sign end, the official's own link still works", async () => {
    const plh = await kominfoPlh();
    id = (await toSigning('kadis-kesehatan', { title: uniqueTitle('Komitmen dialihkan') })).id;
    const { link: delegateLink } = await signRequestMail(id, seq, 'diskominfo_head', 'reviewer-kominfo-1');
    const { link: officialLink } = await signRequestMail(id, seq, 'diskominfo_head', 'kadis-kominfo');
    expect((await linkState(delegateLink)).status).toBe('open');

    const revoked = await revokeDelegation(plh.id);
    expect(revoked).toMatchObject({ id: plh.id, active: false });
    expect(revoked.revokedAt).toEqual(expect.any(String));
    expectProblem(await as('sekretariat-1', 'DELETE', `/v1/delegations/${plh.id}`), 409);

    // The workflow hears of it (a signal) and re-routes: only the official remains for the office.
    await eventually('the Plh. route removed', async () => (signersOf(await signatures(id), 'diskominfo_head').length === 1 ? true : undefined));
    expect(signersOf(await signatures(id), 'diskominfo_head')).toEqual([['kadis-kominfo', 'self', null]]);
    await expectDeadLink(delegateLink);
    expectProblem(await as('reviewer-kominfo-1', 'POST', `/v1/programs/${id}/signatures`, { json: {} }), 403);
    expect((await linkState(officialLink)).status).toBe('open');
    expect((await program(id)).awaiting.map((a) => a.userId)).not.toContain('reviewer-kominfo-1');
    const rerouted = (await events(id)).filter((e) => e.type === 'signers_rerouted');
    expect(rerouted).toHaveLength(1);
    expect(rerouted[0]!.details).toMatchObject({ added: [], removed: [{ office: 'diskominfo_head', signer: { userId: 'reviewer-kominfo-1' } }] });
    // The official keeps the link already mailed: no new request.
    expect(await settledMail({ messageId: new RegExp(`alur\\.${id}\\.${seq}\\.signing\\.reroute-`) })).toEqual([]);
  });

  it('an exclusive Plh. recorded during signing takes over the request; revoking it gives the official a working link again', async () => {
    expect(id, 'the previous test brought a programme to signing').not.toBe('');
    const today = wibToday();
    const { link: sekdaFirstLink } = await signRequestMail(id, seq, 'sekda', 'sekda');

    const plh = await recordDelegation({
      officialId: 'sekda',
      delegateId: 'kepala-bappeda',
      kind: 'plh',
      from: today,
      until: addDays(today, 7),
      basis: 'SK Bupati Solok Selatan No. 800/124/2026',
      exclusive: true,
    });
    recorded.push(plh.id);
    sekdaPlhId = plh.id;
    // Exclusive only once a second person confirms: here the Sekda, whose own link it silences.
    expect(plh).toMatchObject({ exclusive: false, exclusiveRequested: true });
    expectProblem(await as('sekretariat-1', 'POST', `/v1/delegations/${plh.id}/exclusive-confirmation`, { json: {} }), 403);
    const confirmed = await as<DelegationView>('sekda', 'POST', `/v1/delegations/${plh.id}/exclusive-confirmation`, { json: {} });
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(confirmed.body.exclusive).toBe(true);

    // The Plh. is asked by email; the Sekda's own link stops working while the delegation is in force.
    const { mail: plhMail, link: plhLink } = await signRequestMail(id, seq, 'sekda', 'kepala-bappeda', { rerouted: true });
    expect(plhMail.subject).toContain('(Plh. Sekretaris Daerah)');
    expect(plhMail.text).toContain('SK Bupati Solok Selatan No. 800/124/2026');
    await eventually("the Sekda's own link revoked", async () => ((await linkStatus(sekdaFirstLink)) === 410 ? true : undefined));
    await expectDeadLink(sekdaFirstLink);
    expectProblem(await as('sekda', 'POST', `/v1/programs/${id}/signatures`, { json: {} }), 403);
    expect(signersOf(await signatures(id), 'sekda')).toEqual([['kepala-bappeda', 'plh', 'SK Bupati Solok Selatan No. 800/124/2026']]);
    expect(await linkState(plhLink)).toMatchObject({ status: 'open', route: { office: 'sekda', capacity: 'plh', signer: { userId: 'kepala-bappeda' } } });

    // Revoked before the Plh. signed: the Sekda is asked again, and the Plh.'s link is dead.
    await revokeDelegation(plh.id);
    const { mail: againMail, link: sekdaLink } = await signRequestMail(id, seq, 'sekda', 'sekda', { rerouted: true });
    expect(againMail.subject).toContain('Permohonan tanda tangan komitmen');
    await eventually("the Plh.'s link revoked", async () => ((await linkStatus(plhLink)) === 410 ? true : undefined));
    await expectDeadLink(plhLink);
    expectProblem(await as('kepala-bappeda', 'POST', `/v1/programs/${id}/signatures`, { json: {} }), 403);
    expect(signersOf(await signatures(id), 'sekda')).toEqual([['sekda', 'self', null]]);

    // The link in the new email must work: it opens the signing page, and signs.
    const state = await openLink<SignLinkAnswer>(sekdaLink, { json: true });
    expect(state.status, `the re-routed request's link answers ${state.status}: ${state.text}`).toBe(200);
    expect(state.body).toMatchObject({ status: 'open', office: 'sekda', route: { capacity: 'self', signer: { userId: 'sekda' } } });
    const signed = await submitLink<SignLinkAnswer>(sekdaLink, { decision: 'sign' });
    expect(signed.status, signed.text).toBe(200);
    expect(signed.body).toMatchObject({ status: 'done', signature: { office: 'sekda', capacity: 'self', signedBy: { userId: 'sekda' } } });
  });

  it('records each recording, confirmation and revocation as an audit event: who, when, before and after', async () => {
    expect(sekdaPlhId, 'the previous test recorded, confirmed and revoked a Plh.').not.toBe('');
    const history = await as<{ items: DelegationChange[] }>('pemantau', 'GET', '/v1/delegations/history');
    expect(history.status, history.text).toBe(200);
    const changes = history.body.items.filter((c) => c.delegationId === sekdaPlhId);
    expect(changes.map((c) => ({ type: c.type, by: c.by.userId, before: standing(c.before), after: standing(c.after) }))).toEqual([
      { type: 'created', by: 'sekretariat-1', before: null, after: 'requested' },
      { type: 'exclusive_confirmed', by: 'sekda', before: 'requested', after: 'exclusive' },
      { type: 'revoked', by: 'sekretariat-1', before: 'exclusive', after: 'revoked' },
    ]);
    expect(
      changes.every((c) => c.at === (c.type === 'created' ? c.after.createdAt : c.type === 'revoked' ? c.after.revokedAt : c.after.exclusiveConfirmedAt)),
    ).toBe(true);
  });

  it("names the delegation change that re-routed a programme's signers in its trail", async () => {
    expect(sekdaPlhId, 'the second test recorded, confirmed and revoked a Plh.').not.toBe('');
    const causes = (await events(id))
      .filter((e) => e.type === 'signers_rerouted')
      .flatMap((e) => (e.details as { because?: { delegationId: string; type: string; by: { userId: string } }[] }).because ?? [])
      .filter((c) => c.delegationId === sekdaPlhId)
      .map((c) => `${c.type} ${c.by.userId}`);
    expect(causes).toEqual(['created sekretariat-1', 'exclusive_confirmed sekda', 'revoked sekretariat-1']);
  });

  afterAll(async () => {
    if (id) await as('sekretariat-1', 'POST', `/v1/programs/${id}/cancel`, { json: { reason: 'Uji selesai.' } });
  });
});

/** A delegation's standing as its audit events show it. */
function standing(d: DelegationChange['before']): string | null {
  if (d === null) return null;
  if (d.revokedAt) return 'revoked';
  if (d.exclusive) return 'exclusive';
  return d.exclusiveRequested ? 'requested' : 'recorded';
}
