/**
 * Emailed links and exactly-once effects, attacked over real HTTP:
 *  - GET, HEAD and OPTIONS on a link, many times (as mail scanners do), write nothing to
 *    DynamoDB, send nothing to the workflow, and leave the link usable;
 *  - the raw token is never stored (the whole table is searched for it) nor logged (the API's
 *    console output is captured while links are opened, used, refused and failing);
 *  - the action POST needs the page's own Origin, and the token travels in the form's path;
 *  - 50 concurrent POSTs of one link, 50 concurrent decisions through the API: one transition,
 *    one audit event, one used token, the rest 409, never a 5xx;
 *  - ten identical proposals with one Idempotency-Key at once make one programme.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../api/app.js';
import { createAuth } from '../../api/auth.js';
import { hashLinkToken } from '../../security/link-tokens.js';
import { as, openLink, sessionFor, submitLink, type ApiResponse } from '../support/api.js';
import { events, program, propose, requestMail } from '../support/flow.js';
import { tokenOf } from '../support/mailbox.js';
import { uniqueTitle, validProposal } from '../support/proposal.js';
import { expectRefused, historyLength, scanTable, storedAbout, temporal } from '../support/security.js';
import { apiOrigin, stack } from '../support/stack.js';
import { eventually } from '../support/wait.js';
import { openDocClient, openStore, rawTokenItem } from '../support/store.js';
import type { LinkAnswer, ProgramDetail } from '../support/types.js';

afterEach(() => {
  vi.restoreAllMocks();
});

async function tokenItem(token: string): Promise<Record<string, unknown> | undefined> {
  const { doc, close } = openDocClient();
  try {
    return await rawTokenItem(doc, token);
  } finally {
    close();
  }
}

const no5xx = (answers: ApiResponse<unknown>[]) => expect(answers.filter((a) => a.status >= 500).map((a) => `${a.status} ${a.text}`)).toEqual([]);

describe('opening a link changes nothing', () => {
  it('GET, HEAD and OPTIONS, 30 times each: no write, no workflow update, the link still works', async () => {
    const { id } = await propose('kadis-kesehatan');
    const { link } = await requestMail(id, 'reviewer-kominfo-1', 1);
    const token = tokenOf(link);
    const history = await historyLength(id);
    const before = { stored: await storedAbout(id), token: await tokenItem(token), history };
    expect(before.token).toMatchObject({ programId: id, stageSeq: 1 });

    for (let i = 0; i < 30; i++) {
      const page = await fetch(link, { headers: { accept: 'text/html', 'user-agent': 'Mozilla/5.0 (compatible; SafeLinks scanner)' } });
      expect(page.status).toBe(200);
      const html = await page.text();
      // The action is a POST to the same path: the token is in the form's action, not in a query or a field.
      expect(html).toContain(`<form method="post" action="/act/${token}"`);
      expect(html).not.toMatch(/<input[^>]+value="[A-Za-z0-9_-]{43}"/);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
      expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
      expect(page.headers.get('content-security-policy')).toMatch(/form-action 'self'/);
      expect(page.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);

      const json = await openLink<LinkAnswer>(link, { json: true });
      expect(json.body.status).toBe('open');

      const head = await fetch(link, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(await head.text()).toBe('');
      expect(head.headers.get('cache-control')).toBe('no-store');

      const options = await fetch(link, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
      expect(options.status).toBeLessThan(500);
      expect(options.headers.get('access-control-allow-origin')).toBeNull();
    }

    expect(await storedAbout(id)).toEqual(before.stored);
    expect(await tokenItem(token)).toEqual(before.token);
    expect(await historyLength(id)).toBe(before.history);

    const done = await submitLink<LinkAnswer>(link, { decision: 'approve', comment: 'Setelah dipindai.' });
    expect(done.status, done.text).toBe(200);
    // The click is answered once the decision is recorded; the next stage opens right after.
    await eventually('the Sekda stage opened', async () => ((await program(id)).stage === 'sekda_approval' ? true : undefined));
  });

  it('a form post needs our own Origin: none, foreign or cross-site is a 403 and the link stays open', async () => {
    const { id } = await propose('kadis-kesehatan');
    const { link } = await requestMail(id, 'reviewer-kominfo-2', 1);
    const before = await storedAbout(id);
    const refused: Record<string, string>[] = [
      {},
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: `${apiOrigin()}.evil.example` },
      { 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of refused) {
      for (const type of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain']) {
        const res = await fetch(link, { method: 'POST', headers: { 'content-type': type, ...headers }, body: 'decision=approve' });
        expect(res.status, `${type} ${JSON.stringify(headers)}`).toBe(403);
      }
    }
    expect(await storedAbout(id)).toEqual(before);
    expect((await openLink<LinkAnswer>(link, { json: true })).body.status).toBe('open');
  });
});

describe('raw link tokens are never kept', () => {
  it('are not in any DynamoDB item, before or after use; only their SHA-256 is', async () => {
    const { id } = await propose('kadis-kesehatan');
    const links = [(await requestMail(id, 'reviewer-kominfo-1', 1)).link, (await requestMail(id, 'reviewer-kominfo-2', 1)).link];
    expect((await submitLink(links[0]!, { decision: 'approve', comment: 'Lengkap.' })).status).toBe(200);
    const table = JSON.stringify(await scanTable());
    for (const link of links) {
      const token = tokenOf(link);
      expect(table).not.toContain(token);
      expect(table).toContain(`TOKEN#${hashLinkToken(token)}`);
    }
  });

  it('are not in the API’s logs, whether a link is opened, used, refused or fails', async () => {
    const lines: string[] = [];
    const capture =
      (name: string) =>
      (...args: unknown[]) => {
        lines.push(
          `${name} ${args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack ?? ''}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`,
        );
      };
    for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) vi.spyOn(console, level).mockImplementation(capture(level));
    const write = (name: string) => (chunk: unknown) => {
      lines.push(`${name} ${String(chunk)}`);
      return true;
    };
    vi.spyOn(process.stdout, 'write').mockImplementation(write('stdout'));
    vi.spyOn(process.stderr, 'write').mockImplementation(write('stderr'));

    // The same API, in this process, on the stack's store and Temporal, so its output can be read.
    const store = openStore();
    let failClaims = false;
    const app = createApp({
      store: {
        ...store,
        linkTokens: {
          ...store.linkTokens,
          claim: (hash, now) => (failClaims ? Promise.reject(new Error('DynamoDB is unreachable')) : store.linkTokens.claim(hash, now)),
        },
      },
      temporal: await temporal(),
      taskQueue: 'alur',
      publicBaseUrl: stack().api,
      auth: createAuth({ jwtSecret: randomBytes(32).toString('hex'), jwksUrl: undefined }, () => Promise.resolve(null)),
      devLogin: false,
      checks: { temporal: () => Promise.resolve(), dynamodb: () => Promise.resolve(), smtp: () => Promise.resolve() },
    });
    try {
      const { id } = await propose('kadis-kesehatan');
      const tokens = [tokenOf((await requestMail(id, 'reviewer-kominfo-1', 1)).link), tokenOf((await requestMail(id, 'reviewer-kominfo-2', 1)).link)];
      const post = (token: string, body: string, headers: Record<string, string> = {}) =>
        app.request(`/act/${token}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: apiOrigin(), accept: 'application/json', ...headers },
          body,
        });
      for (const token of tokens) {
        expect((await app.request(`/act/${token}`)).status).toBe(200);
        expect((await app.request(`/act/${token}`, { method: 'HEAD' })).status).toBe(200);
        expect((await post(token, 'decision=sign')).status).toBe(422);
        expect((await post(token, 'decision=approve', { origin: 'https://evil.example' })).status).toBe(403);
      }
      failClaims = true;
      expect((await post(tokens[0]!, 'decision=approve&comment=gagal')).status).toBe(500);
      failClaims = false;
      expect((await post(tokens[0]!, 'decision=approve&comment=berhasil')).status).toBe(200);
      expect((await post(tokens[1]!, 'decision=approve')).status).toBe(409);
      expect((await app.request(`/act/${tokens[1]!}`)).status).toBe(200);

      expect(lines.some((l) => l.includes('DynamoDB is unreachable'))).toBe(true); // the failure was logged...
      const output = lines.join('\n');
      for (const token of tokens) expect(output).not.toContain(token); // ...without the link's secret
      expect(output).toContain('/act/<token>');
    } finally {
      store.close();
    }
  });
});

describe('exactly once under concurrency', () => {
  it('50 concurrent POSTs of one link: one 200, 49 × 409, one decision, the token used once', async () => {
    const { id } = await propose('kadis-kesehatan');
    const { link } = await requestMail(id, 'reviewer-kominfo-1', 1);
    await sessionFor('pemantau');

    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => submitLink<LinkAnswer>(link, { decision: 'approve', comment: `klik ${i}` })));
    no5xx(answers);
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);

    const trail = await events(id);
    expect(trail.filter((e) => e.type === 'decided')).toHaveLength(1);
    expect(trail.map((e) => e.type)).toEqual(['proposed', 'stage_opened', 'decided', 'stage_opened']);
    expect((await program(id)).stage).toBe('sekda_approval');
    const token = await tokenItem(tokenOf(link));
    expect(token).toMatchObject({ usedFor: 'approve' });
    expect(typeof token?.['usedAt']).toBe('string');
    expect(token?.['claimedUntil']).toBeUndefined();
    // And later posts are answered by what happened, not acted on.
    const late = await submitLink<LinkAnswer>(link, { decision: 'reject', comment: 'terlambat' });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ status: 'already_done', outcome: { result: 'approve' } });
    expect(await events(id)).toHaveLength(4);
  });

  it.each([
    ['the same reviewer', ['reviewer-kominfo-1']],
    ['two reviewers at once', ['reviewer-kominfo-1', 'reviewer-kominfo-2']],
  ])('50 concurrent POST /decisions by %s: exactly one transition, the rest 409', async (_who, reviewers) => {
    const { id } = await propose('kadis-kesehatan');
    await Promise.all(reviewers.map((r) => sessionFor(r)));
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        as(reviewers[i % reviewers.length]!, 'POST', `/v1/programs/${id}/decisions`, {
          json: { decision: i % 3 === 0 ? 'reject' : 'approve', comment: `keputusan ${i}` },
        }),
      ),
    );
    no5xx(answers);
    const ok = answers.filter((a) => a.status === 200);
    expect(ok, answers.map((a) => a.status).join(',')).toHaveLength(1);
    for (const a of answers.filter((x) => x.status !== 200)) expectRefused(a, 409);

    const trail = await events(id);
    expect(trail.filter((e) => e.type === 'decided')).toHaveLength(1);
    const decided = trail.find((e) => e.type === 'decided')!;
    expect(decided.comment).toBe(`keputusan ${answers.indexOf(ok[0]!)}`);
    expect(trail).toHaveLength(decided.decision === 'reject' ? 3 : 4);
  });

  it('ten identical proposals with one Idempotency-Key at once: one programme; the key with another body is a 422', async () => {
    const key = `serentak-${randomBytes(8).toString('hex')}`;
    const body = validProposal({ title: uniqueTitle('Idempoten serentak') });
    await sessionFor('kadis-kesehatan');
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => as<ProgramDetail>('kadis-kesehatan', 'POST', '/v1/programs', { json: body, headers: { 'idempotency-key': key } })),
    );
    no5xx(answers);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    const ids = new Set(answers.map((a) => a.body.id));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    expect(await events(id!)).toHaveLength(2);
    const listed = await as<{ items: { id: string; title: string }[] }>('pemantau', 'GET', '/v1/programs?opdId=dinkes&limit=100');
    expect(listed.body.items.filter((p) => p.title === body.title)).toHaveLength(1);

    const other = await as('kadis-kesehatan', 'POST', '/v1/programs', {
      json: { ...body, summary: `${body.summary} (diubah)` },
      headers: { 'idempotency-key': key },
    });
    expectRefused(other, 422);
  });
});
