/**
 * Bad input, table-driven, to every endpoint that takes a body: each row of bad input is sent
 * to each endpoint (as a person allowed to use it, so the input is what is judged). Every
 * answer must be a 4xx problem (never a 5xx), and nothing already stored may change.
 * Then the text that is unusual but legitimate (emoji, decomposed accents, HTML, line breaks
 * in comments) is kept faithfully and cannot inject markup or mail headers; unknown ids and
 * spent links are refused without effect.
 */
import { request as httpRequest } from 'node:http';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { itemKeys } from '../../store/table.js';
import { hashLinkToken } from '../../security/link-tokens.js';
import { as, call, emailOf, openLink, sessionFor, submitLink, url } from '../support/api.js';
import { decideByApi, events, program, propose, requestMail } from '../support/flow.js';
import { linkIn, listMail, tokenOf, waitForMail } from '../support/mailbox.js';
import { uniqueTitle, validProposal } from '../support/proposal.js';
import { historyLength, programIn, storedAbout, thisMonth } from '../support/security.js';
import { apiOrigin, stack } from '../support/stack.js';
import { openDocClient, rawTokenItem } from '../support/store.js';
import type { LinkAnswer, ProgramDetail } from '../support/types.js';

type Body = Record<string, unknown>;

interface Endpoint {
  name: string;
  method: 'POST' | 'DELETE';
  path: () => string;
  /** Who sends it (null: nobody signed in). */
  who: string | null;
  /** A body that would be accepted; every row spoils it. */
  valid: () => Body;
  /** A free-text field, and a one-line field if there is one. */
  text: string;
  line?: string;
  /** An emailed link: a form page's POST (Origin of our pages) instead of a bearer token. */
  link?: boolean;
  /** Takes an Idempotency-Key. */
  keyed?: boolean;
}

interface Row {
  name: string;
  /** The expected status; for links any 4xx unless given. */
  status: number;
  linkStatus?: number;
  applies?: (e: Endpoint) => boolean;
  request: (e: Endpoint) => { body?: string | Uint8Array; type?: string; headers?: Record<string, string>; oversized?: 'content-length' | 'chunked' };
}

const json = (value: unknown) => ({ body: JSON.stringify(value), type: 'application/json' });
const spoil = (e: Endpoint, field: string, value: unknown) => json({ ...e.valid(), [field]: value });
const oversized = 'x'.repeat(300 * 1024);
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

const rows: Row[] = [
  { name: 'invalid JSON', status: 400, request: () => ({ body: '{"decision":', type: 'application/json' }) },
  { name: 'JSON with a trailing comma', status: 400, request: (e) => ({ body: `${JSON.stringify(e.valid()).slice(0, -1)},}`, type: 'application/json' }) },
  { name: 'an empty body', status: 400, request: () => ({ body: '', type: 'application/json' }) },
  { name: 'a wrong content type (text/plain)', status: 415, request: (e) => ({ body: JSON.stringify(e.valid()), type: 'text/plain' }) },
  // A byte body: fetch adds no Content-Type of its own.
  { name: 'no content type', status: 415, request: (e) => ({ body: new TextEncoder().encode(JSON.stringify(e.valid())) }) },
  {
    name: 'a form instead of JSON',
    status: 415,
    applies: (e) => !e.link,
    request: (e) => ({ body: new URLSearchParams(e.valid() as Record<string, string>).toString(), type: 'application/x-www-form-urlencoded' }),
  },
  {
    name: 'a form with an unknown field',
    status: 415,
    linkStatus: 400,
    request: (e) => ({
      body: new URLSearchParams({ ...(e.valid() as Record<string, string>), colour: 'red' }).toString(),
      type: 'application/x-www-form-urlencoded',
    }),
  },
  {
    name: 'a form with a __proto__ field',
    status: 415,
    linkStatus: 400,
    request: (e) => ({ body: `__proto__=x&${new URLSearchParams(e.valid() as Record<string, string>).toString()}`, type: 'application/x-www-form-urlencoded' }),
  },
  // (An empty signature request is a valid one: the signer's only office.)
  { name: 'an empty object', status: 400, applies: (e) => e.name !== 'signatures', request: () => json({}) },
  { name: 'an array', status: 400, request: (e) => json([e.valid()]) },
  { name: 'null', status: 400, request: () => json(null) },
  { name: 'a bare string', status: 400, request: () => json('approve') },
  { name: 'an unknown field', status: 400, request: (e) => spoil(e, 'colour', 'red') },
  {
    name: 'a __proto__ field',
    status: 400,
    request: (e) => ({ body: `{"__proto__":{"polluted":"yes"},${JSON.stringify(e.valid()).slice(1)}`, type: 'application/json' }),
  },
  { name: 'a constructor.prototype field', status: 400, request: (e) => spoil(e, 'constructor', { prototype: { polluted: 'yes' } }) },
  { name: 'every field of the wrong type', status: 400, request: (e) => json(Object.fromEntries(Object.keys(e.valid()).map((k) => [k, { nested: [1] }]))) },
  { name: 'a very long string (200 000 characters)', status: 400, request: (e) => spoil(e, e.text, 'x'.repeat(200_000)) },
  { name: 'a NUL character', status: 400, request: (e) => spoil(e, e.text, 'Setuju\u0000') },
  { name: 'a zero-width space', status: 400, request: (e) => spoil(e, e.text, 'Set\u200Buju') },
  {
    name: 'a zero-width joiner in a one-line field',
    status: 400,
    applies: (e) => e.line !== undefined,
    request: (e) => spoil(e, e.line!, 'Tele\u200Dmedisin'),
  },
  { name: 'a right-to-left override', status: 400, request: (e) => spoil(e, e.text, 'Laporan \u202Efdp.exe') },
  { name: 'a byte order mark', status: 400, request: (e) => spoil(e, e.text, '\uFEFFSetuju') },
  {
    name: 'CRLF and a header in a one-line field',
    status: 400,
    applies: (e) => e.line !== undefined,
    request: (e) => spoil(e, e.line!, 'Judul\r\nBcc: attacker@evil.example'),
  },
  { name: 'JSON nested 10 000 levels deep', status: 400, request: () => ({ body: nested(10_000), type: 'application/json' }) },
  {
    name: 'a field nested 20 levels deep',
    status: 400,
    request: (e) => ({ body: `${JSON.stringify(e.valid()).slice(0, -1)},"deep":${nested(20)}}`, type: 'application/json' }),
  },
  { name: 'an oversized body with Content-Length', status: 413, request: (e) => ({ ...spoil(e, e.text, oversized), oversized: 'content-length' }) },
  { name: 'an oversized chunked body (no Content-Length)', status: 413, request: (e) => ({ ...spoil(e, e.text, oversized), oversized: 'chunked' }) },
  {
    name: 'an Idempotency-Key with spaces',
    status: 400,
    applies: (e) => e.keyed === true,
    request: (e) => ({ ...json(e.valid()), headers: { 'idempotency-key': 'dua kata' } }),
  },
  {
    name: 'an Idempotency-Key of 201 characters',
    status: 400,
    applies: (e) => e.keyed === true,
    request: (e) => ({ ...json(e.valid()), headers: { 'idempotency-key': 'k'.repeat(201) } }),
  },
];

const ids: Record<'review' | 'revision' | 'signing' | 'implementation', ProgramDetail> = {} as never;
const links: { decide: string; sign: string } = { decide: '', sign: '' };

async function detail(id: string): Promise<ProgramDetail> {
  return program(id);
}

const endpoints: Endpoint[] = [
  {
    name: 'propose',
    method: 'POST',
    path: () => '/v1/programs',
    who: 'kadis-kesehatan',
    valid: () => ({ ...validProposal({ title: 'Tidak boleh tersimpan' }) }),
    text: 'summary',
    line: 'title',
    keyed: true,
  },
  {
    name: 'decisions',
    method: 'POST',
    path: () => `/v1/programs/${ids.review.id}/decisions`,
    who: 'reviewer-kominfo-1',
    valid: () => ({ decision: 'approve', comment: 'Setuju.' }),
    text: 'comment',
    keyed: true,
  },
  {
    name: 'revisions',
    method: 'POST',
    path: () => `/v1/programs/${ids.revision.id}/revisions`,
    who: 'kadis-kesehatan',
    valid: () => ({ ...ids.revision.proposal, comment: 'KAK terlampir.' }),
    text: 'comment',
    line: 'title',
    keyed: true,
  },
  {
    name: 'withdraw',
    method: 'POST',
    path: () => `/v1/programs/${ids.review.id}/withdraw`,
    who: 'kadis-kesehatan',
    valid: () => ({ reason: 'Ditunda.' }),
    text: 'reason',
    keyed: true,
  },
  {
    name: 'cancel',
    method: 'POST',
    path: () => `/v1/programs/${ids.review.id}/cancel`,
    who: 'sekretariat-1',
    valid: () => ({ reason: 'Dibatalkan.' }),
    text: 'reason',
    keyed: true,
  },
  {
    name: 'deadline',
    method: 'POST',
    path: () => `/v1/programs/${ids.review.id}/deadline`,
    who: 'sekretariat-1',
    valid: () => ({ dueDate: '2030-06-03', reason: 'Diperpanjang.' }),
    text: 'reason',
    line: 'dueDate',
    keyed: true,
  },
  {
    name: 'signatures',
    method: 'POST',
    path: () => `/v1/programs/${ids.signing.id}/signatures`,
    who: 'bupati',
    valid: () => ({ office: 'bupati' }),
    text: 'office',
    line: 'office',
    keyed: true,
  },
  {
    name: 'progress-reports',
    method: 'POST',
    path: () => `/v1/programs/${ids.implementation.id}/progress-reports`,
    who: 'kadis-kesehatan',
    valid: () => ({ period: thisMonth().period, percentComplete: 10, narrative: 'Berjalan.', kpiValues: [], evidenceLinks: [] }),
    text: 'narrative',
    line: 'period',
    keyed: true,
  },
  {
    name: 'delegations',
    method: 'POST',
    path: () => '/v1/delegations',
    who: 'sekretariat-1',
    valid: () => ({ officialId: 'wabup', delegateId: 'kepala-bappeda', kind: 'plh', from: '2042-01-05', until: '2042-01-06', basis: 'SK Bupati Nomor 1/2042' }),
    text: 'basis',
    line: 'basis',
  },
  { name: 'dev session', method: 'POST', path: () => '/dev/session', who: null, valid: () => ({ userId: 'pemantau' }), text: 'userId', line: 'userId' },
  {
    name: 'decision link',
    method: 'POST',
    path: () => new URL(links.decide).pathname,
    who: null,
    valid: () => ({ decision: 'approve', comment: 'Setuju.' }),
    text: 'comment',
    link: true,
  },
  {
    name: 'signing link',
    method: 'POST',
    path: () => new URL(links.sign).pathname,
    who: null,
    valid: () => ({ decision: 'sign' }),
    text: 'decision',
    line: 'decision',
    link: true,
  },
];

/**
 * An oversized body, in 16 KiB writes, with a Content-Length or chunked. The API answers
 * as soon as the limit is passed and closes the connection, possibly while this is still
 * writing: like a browser, take the answer and let the rest of the upload fail.
 */
function sendOversized(method: string, path: string, headers: Record<string, string>, body: string, framing: 'content-length' | 'chunked'): Promise<Response> {
  const bytes = Buffer.from(body);
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = httpRequest(url(path), { method, headers: framing === 'chunked' ? headers : { ...headers, 'content-length': String(bytes.length) } }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(new Response(Buffer.concat(chunks), { status: res.statusCode, headers: res.headers as Record<string, string> })));
    });
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    for (let i = 0; i < bytes.length; i += 16 * 1024) req.write(bytes.subarray(i, i + 16 * 1024));
    req.end();
  });
}

async function send(e: Endpoint, r: Row): Promise<Response> {
  const { body, type, headers, oversized } = r.request(e);
  const all: Record<string, string> = { accept: 'application/json', ...headers };
  if (type !== undefined) all['content-type'] = type;
  if (e.who) all['authorization'] = `Bearer ${await sessionFor(e.who)}`;
  if (e.link) all['origin'] = apiOrigin();
  if (oversized) return sendOversized(e.method, e.path(), all, String(body), oversized);
  return fetch(url(e.path()), { method: e.method, headers: all, body });
}

async function delegations(): Promise<unknown> {
  return (await as<{ items: unknown[] }>('pemantau', 'GET', '/v1/delegations')).body.items;
}

async function programCount(): Promise<number> {
  let count = 0;
  let cursor: string | null = null;
  do {
    const page: { body: { items: unknown[]; nextCursor: string | null } } = await as(
      'pemantau',
      'GET',
      `/v1/programs?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    count += page.body.items.length;
    cursor = page.body.nextCursor;
  } while (cursor);
  return count;
}

beforeAll(async () => {
  const [review, revision, signing, implementation] = await Promise.all(
    (['diskominfo_review', 'revision', 'signing', 'implementation'] as const).map(async (s) => detail((await programIn(s)).id)),
  );
  Object.assign(ids, { review, revision, signing, implementation });
  // Each workflow idle, so nothing it still had to do shows up as a change.
  await Promise.all(Object.values(ids).map((p) => historyLength(p.id)));
  links.decide = (await requestMail(review!.id, 'reviewer-kominfo-2', 1)).link;
  const signMail = await waitForMail({ to: await emailOf('bupati'), programId: signing!.id, stageSeq: signing!.stageSeq });
  links.sign = linkIn(signMail);
}, 120_000);

describe('bad input to every endpoint', () => {
  it(`${rows.length} kinds of bad input × ${endpoints.length} endpoints: always a 4xx problem, never a 5xx, and nothing stored changes`, async () => {
    const all = Object.values(ids).map((p) => p.id);
    const before = { stored: await storedAbout(...all), delegations: await delegations(), programmes: await programCount() };

    const failures: string[] = [];
    for (const e of endpoints) {
      for (const r of rows.filter((x) => !x.applies || x.applies(e))) {
        const res = await send(e, r).catch((err: unknown) => err as Error);
        if (res instanceof Error) {
          failures.push(`${e.name} ← ${r.name}: ${res.message} ${String(res.cause)}`);
          continue;
        }
        const text = await res.text();
        const wanted = e.link ? r.linkStatus : r.status;
        const type = res.headers.get('content-type') ?? '';
        let problem: { status?: number } = {};
        try {
          problem = JSON.parse(text) as { status?: number };
        } catch {
          // reported below
        }
        const ok =
          res.status >= 400 &&
          res.status < 500 &&
          (wanted === undefined || res.status === wanted) &&
          /^application\/problem\+json/.test(type) &&
          problem.status === res.status;
        if (!ok) failures.push(`${e.name} ← ${r.name}: ${res.status} ${type} ${text.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);

    expect(await storedAbout(...all)).toEqual(before.stored);
    expect(await delegations()).toEqual(before.delegations);
    expect(await programCount()).toBe(before.programmes);
    // Nothing was polluted, and the links are still open.
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect((await openLink<LinkAnswer>(links.decide, { json: true })).body.status).toBe('open');
    expect((await openLink<LinkAnswer>(links.sign, { json: true })).body.status).toBe('open');
  });

  it('unknown, malformed and foreign ids on every endpoint: 404, nothing stored changes', async () => {
    const all = Object.values(ids).map((p) => p.id);
    const before = await storedAbout(...all);
    const unknown = 'ffffffffffffffffffff';
    for (const id of [unknown, unknown.toUpperCase(), 'not-an-id', '..%2F..%2Fhealth', `${ids.review.id}x`, '%00']) {
      for (const [endpoint, who, body] of [
        ['decisions', 'reviewer-kominfo-1', { decision: 'approve' }],
        ['revisions', 'kadis-kesehatan', { ...ids.revision.proposal }],
        ['withdraw', 'kadis-kesehatan', { reason: 'x' }],
        ['cancel', 'sekretariat-1', { reason: 'x' }],
        ['deadline', 'sekretariat-1', { dueDate: '2030-06-03', reason: 'x' }],
        ['signatures', 'bupati', {}],
        ['progress-reports', 'kadis-kesehatan', { period: thisMonth().period, percentComplete: 1, narrative: 'x', kpiValues: [] }],
      ] as const) {
        const res = await as(who, 'POST', `/v1/programs/${id}/${endpoint}`, { json: body });
        expect(res.status, `${endpoint} ${id}: ${res.text}`).toBe(404);
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
      expect((await as('pemantau', 'GET', `/v1/programs/${id}/events`)).status).toBe(404);
    }
    for (const id of ['0'.repeat(32), 'not-a-delegation']) expect((await as('sekretariat-1', 'DELETE', `/v1/delegations/${id}`)).status).toBe(404);
    expect((await call('GET', '/v1/commitments/not-a-hash')).status).toBe(404);
    expect((await call('GET', `/v1/commitments/${'a'.repeat(64)}`)).status).toBe(404);
    expect((await call('POST', '/dev/session', { json: { userId: 'nobody' } })).status).toBe(404);
    expect(await storedAbout(...all)).toEqual(before);
  });

  it("someone else's bearer token, none, or a forged one: 403 or 401, nothing stored changes", async () => {
    const all = Object.values(ids).map((p) => p.id);
    const before = await storedAbout(...all);
    for (const e of endpoints.filter((x) => x.who !== null)) {
      const viewer = await as('pemantau', e.method, e.path(), { json: e.valid() });
      expect(viewer.status, `${e.name}: ${viewer.text}`).toBe(403);
      for (const authorization of [undefined, 'Bearer', `Bearer ${(await sessionFor(e.who!)).slice(0, -2)}xx`]) {
        const res = await call(e.method, e.path(), { json: e.valid(), headers: authorization ? { authorization } : {} });
        expect(res.status, `${e.name} with ${String(authorization)}`).toBe(401);
      }
    }
    expect(await storedAbout(...all)).toEqual(before);
  });
});

describe('unusual but legitimate text', () => {
  it('emoji, decomposed accents and HTML are kept (as NFC) and never become markup; CRLF cannot reach a mail header', async () => {
    const marker = uniqueTitle('Kafe\u0301 <b>digital</b> 🚀 & "warung"');
    const { id, res } = await propose('kadis-kesehatan', { title: marker, summary: '<script>alert(1)</script>\r\nBaris kedua 👩‍⚕️' });
    expect(res.body.proposal.title).toBe(marker.normalize('NFC'));
    expect(res.body.proposal.title).toContain('Kafé');
    expect(res.body.proposal.summary).toContain('<script>alert(1)</script>');

    const { mail, link } = await requestMail(id, 'reviewer-kominfo-1', 1);
    expect(mail.subject).toContain(marker.normalize('NFC'));
    expect(mail.html).not.toContain('<b>digital</b>');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;b&gt;digital&lt;/b&gt;');
    expect(mail.html).toContain('&lt;script&gt;');
    const page = await openLink(link);
    expect(page.text).not.toContain('<b>digital</b>');
    expect(page.text).not.toContain('<script>');
    expect(page.text).toContain('&lt;b&gt;digital&lt;/b&gt;');

    // A comment may span lines; it goes into the body of the mail the OPD gets, never its headers.
    const attacker = 'attacker@evil.example';
    const comment = `Perbaiki anggaran.\r\nBcc: ${attacker}\r\nSubject: diretas\r\n\r\n<img src=x onerror=alert(1)>`;
    await decideByApi('reviewer-kominfo-1', id, 'request_changes', comment);
    const told = await waitForMail({ to: await emailOf('kadis-kesehatan'), programId: id, stageSeq: 2 });
    expect(told.to).toEqual([await emailOf('kadis-kesehatan')]);
    expect(Object.keys(told.headers)).not.toContain('bcc');
    expect(told.subject).not.toContain('diretas');
    expect(told.html).not.toContain('<img src=x');
    expect(told.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(told.text).toContain(`Bcc: ${attacker}`); // as text, in the body
    expect(await listMail({ to: attacker })).toEqual([]);
    const decided = (await events(id)).find((e) => e.type === 'decided');
    expect(decided?.comment).toBe(comment.trim());
  });

  it('the same text typed with decomposed accents is the same text', async () => {
    const base = uniqueTitle('Pelatihan Pemandu Wisata Sangir');
    const composed = `${base} Café`;
    const key = `nfc-${base.slice(-8)}`;
    const first = await as<ProgramDetail>('kadis-kesehatan', 'POST', '/v1/programs', {
      json: validProposal({ title: composed }),
      headers: { 'idempotency-key': key },
    });
    expect(first.status, first.text).toBe(201);
    const again = await as<ProgramDetail>('kadis-kesehatan', 'POST', '/v1/programs', {
      json: validProposal({ title: composed.normalize('NFD') }),
      headers: { 'idempotency-key': key },
    });
    // Not a different proposal: the replay of the same one.
    expect(again.status, again.text).toBe(200);
    expect(again.body.id).toBe(first.body.id);
  });
});

describe('spent links', () => {
  it('used, expired and revoked links: POST is a 4xx that says so, nothing stored changes', async () => {
    const { id } = await propose('kadis-kesehatan');
    const used = (await requestMail(id, 'reviewer-kominfo-1', 1)).link;
    const revoked = (await requestMail(id, 'reviewer-kominfo-2', 1)).link;
    expect((await submitLink(used, { decision: 'approve', comment: 'OK' })).status).toBe(200);

    const second = await programIn('diskominfo_review');
    const expired = (await requestMail(second.id, 'reviewer-kominfo-1', 1)).link;
    const { doc, close } = openDocClient();
    try {
      const item = await rawTokenItem(doc, tokenOf(expired));
      await doc.send(
        new PutCommand({
          TableName: stack().tableName,
          Item: { ...item, ...itemKeys.linkToken(hashLinkToken(tokenOf(expired))), expiresAt: '2026-01-01T00:00:00.000Z' },
        }),
      );
    } finally {
      close();
    }

    const before = await storedAbout(id, second.id);
    for (const [link, statuses] of [
      [used, [409]],
      [revoked, [409]],
      [expired, [410]],
    ] as const) {
      for (const decision of ['approve', 'reject', 'request_changes']) {
        const res = await submitLink(link, { decision, comment: 'Lagi.' });
        expect(statuses, `${decision}: ${res.status} ${res.text}`).toContain(res.status);
      }
      const page = await submitLink(link, { decision: 'approve' }, { json: false });
      expect(page.status).toBeGreaterThanOrEqual(400);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    }
    // An old link says what happened, as a page.
    expect((await openLink<LinkAnswer>(used, { json: true })).body).toMatchObject({ status: 'already_done', outcome: { result: 'approve' } });
    expect((await openLink(expired)).status).toBe(410);
    expect(await storedAbout(id, second.id)).toEqual(before);
  });
});
