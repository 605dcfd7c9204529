/**
 * The edges of the API: bad input is a clear 4xx problem and changes nothing, people act only
 * where they may, Idempotency-Key replays, list filters and cursor paging, and emailed links
 * that are unknown, forged cross-site, asked for the wrong decision, or clicked 20 times at once.
 */
import { eventually } from '../support/wait.js';
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { as, call, openLink, sessionFor, submitLink, url, type ApiResponse } from '../support/api.js';
import { decideByApi, events, program, propose, requestMail } from '../support/flow.js';
import { uniqueTitle, validProposal } from '../support/proposal.js';
import { openDocClient, rawTokenItem } from '../support/store.js';
import { tokenOf } from '../support/mailbox.js';
import type { DecisionAnswer, LinkAnswer, ProgramDetail, ProgramListItem, ProgramPage, Problem } from '../support/types.js';

const problemType = /^application\/problem\+json/;

function expectProblem(res: ApiResponse<unknown>, status: number): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(problemType);
  const body = res.body as Partial<Problem>;
  expect(body.status).toBe(status);
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
}

const pathsOf = (res: ApiResponse<Problem>) => (res.body.errors ?? []).map((e) => e.path);

/** Programmes whose title has this marker, as the full list shows them. */
async function countTitled(marker: string): Promise<number> {
  let count = 0;
  let cursor: string | null = null;
  do {
    const page: ApiResponse<ProgramPage> = await as<ProgramPage>(
      'pemantau',
      'GET',
      `/v1/programs?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(page.status).toBe(200);
    count += page.body.items.filter((p) => p.title.includes(marker)).length;
    cursor = page.body.nextCursor;
  } while (cursor);
  return count;
}

describe('input validation', () => {
  it('an invalid proposal is a 400 problem naming each bad field', async () => {
    const { title: _title, ...untitled } = validProposal();
    const shape = await as<Problem>('kadis-kesehatan', 'POST', '/v1/programs', { json: { ...untitled, budgetIdr: -5 } });
    expectProblem(shape, 400);
    expect(pathsOf(shape)).toEqual(expect.arrayContaining(['title', 'budgetIdr']));

    const dates = await as<Problem>('kadis-kesehatan', 'POST', '/v1/programs', { json: validProposal({ startDate: '2027-06-01', endDate: '2027-01-31' }) });
    expectProblem(dates, 400);
    expect(pathsOf(dates)).toEqual(['endDate']);

    const badDate = await as<Problem>('kadis-kesehatan', 'POST', '/v1/programs', { json: validProposal({ startDate: '2027-02-30' }) });
    expectProblem(badDate, 400);
    expect(pathsOf(badDate)).toContain('startDate');

    const dimension = await as<Problem>('kadis-kesehatan', 'POST', '/v1/programs', { json: validProposal({ dimension: 'teleportation' }) });
    expectProblem(dimension, 400);
    expect(pathsOf(dimension)).toEqual(['dimension']);

    const unknownField = await as('kadis-kesehatan', 'POST', '/v1/programs', { json: { ...validProposal(), approvedBy: 'sekda' } });
    expectProblem(unknownField, 400);

    const empty = await as<Problem>('kadis-kesehatan', 'POST', '/v1/programs', { json: {} });
    expectProblem(empty, 400);
    expect(pathsOf(empty)).toEqual(expect.arrayContaining(['title', 'summary', 'opdId', 'dimension', 'quickWin', 'budgetIdr', 'startDate', 'endDate', 'kpis']));

    const notJson = await as('kadis-kesehatan', 'POST', '/v1/programs', { rawBody: '{"title":', headers: { 'content-type': 'application/json' } });
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get('content-type')).toMatch(problemType);

    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const wrongType = await as('kadis-kesehatan', 'POST', '/v1/programs', { rawBody: JSON.stringify(validProposal()), headers: { 'content-type': type } });
      expectProblem(wrongType, 415);
    }
  });

  it('a bad list query is a 400, never a 5xx', async () => {
    for (const query of ['stage=nope', 'quickWin=yes', 'limit=0', 'limit=101', 'colour=red', 'cursor=not-a-cursor']) {
      const res = await as('pemantau', 'GET', `/v1/programs?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type'), query).toMatch(problemType);
    }
  });
});

describe('authentication and authorisation', () => {
  it('no token, a garbage token, a forged token: 401', async () => {
    const noToken = await call('GET', '/v1/programs');
    expectProblem(noToken, 401);
    const noTokenPost = await call('POST', '/v1/programs', { json: validProposal() });
    expectProblem(noTokenPost, 401);
    for (const authorization of ['Bearer garbage', 'Bearer a.b.c', 'Basic a2FkaXM6cGFzcw==', 'Bearer ']) {
      expectProblem(await call('GET', '/v1/programs', { headers: { authorization } }), 401);
    }
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('sekda')
      .setIssuer('alur')
      .setAudience('alur-api')
      .setExpirationTime('1h')
      .sign(randomBytes(32));
    expectProblem(await call('GET', '/v1/programs', { token: forged }), 401);
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'sekda', iss: 'alur', aud: 'alur-api', exp: 9e9 })).toString('base64url')}.`;
    expectProblem(await call('GET', '/v1/programs', { token: unsigned }), 401);
  });

  it('an OPD proposes only for itself; a viewer reads but neither proposes nor decides', async () => {
    const marker = uniqueTitle('Bukan OPD sendiri');
    const foreign = await as('kadis-kesehatan', 'POST', '/v1/programs', { json: validProposal({ title: marker, opdId: 'bappeda', dimension: 'governance' }) });
    expectProblem(foreign, 403);
    expectProblem(await as('pemantau', 'POST', '/v1/programs', { json: validProposal({ title: marker }) }), 403);
    expectProblem(await as('reviewer-kominfo-1', 'POST', '/v1/programs', { json: validProposal({ title: marker }) }), 403);
    expect(await countTitled(marker)).toBe(0);

    const { id } = await propose('kadis-kesehatan');
    const seen = await as<ProgramDetail>('pemantau', 'GET', `/v1/programs/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.id).toBe(id);
    expect((await as('pemantau', 'GET', `/v1/programs/${id}/events`)).status).toBe(200);
    const viewerDecides = await as('pemantau', 'POST', `/v1/programs/${id}/decisions`, { json: { decision: 'approve' } });
    expectProblem(viewerDecides, 403);
    // Sekda may not take Diskominfo's decision.
    const sekdaEarly = await as('sekda', 'POST', `/v1/programs/${id}/decisions`, { json: { decision: 'approve' } });
    expectProblem(sekdaEarly, 403);
    // Nor may the proposing OPD decide on its own programme.
    expectProblem(await as('kadis-kesehatan', 'POST', `/v1/programs/${id}/decisions`, { json: { decision: 'approve' } }), 403);
    const after = await program(id);
    expect(after.stage).toBe('diskominfo_review');
    expect(await events(id)).toHaveLength(2);
  });

  it("a Diskominfo reviewer may not decide Sekda's stage: 403", async () => {
    const { id } = await propose('kadis-kesehatan');
    await decideByApi('reviewer-kominfo-1', id, 'approve');
    const current = await program(id);
    expect(current.stage).toBe('sekda_approval');
    // reviewer-kominfo-2 never decided anything here, and names Sekda's stage explicitly.
    const res = await as('reviewer-kominfo-2', 'POST', `/v1/programs/${id}/decisions`, { json: { decision: 'approve', stageSeq: current.stageSeq } });
    expectProblem(res, 403);
    expect((await program(id)).stage).toBe('sekda_approval');
    expect(await events(id)).toHaveLength(4);
  });

  it('Sekda may not decide a later Diskominfo review after returning the programme: 403', async () => {
    const { id, proposal } = await propose('kadis-kesehatan');
    await decideByApi('reviewer-kominfo-1', id, 'approve');
    await decideByApi('sekda', id, 'return', 'Lengkapi KAK.');
    const resubmitted = await as('kadis-kesehatan', 'POST', `/v1/programs/${id}/revisions`, {
      json: { ...proposal, summary: `${proposal.summary} KAK terlampir.` },
    });
    expect(resubmitted.status, resubmitted.text).toBe(200);
    expect((await program(id)).stage).toBe('diskominfo_review');
    const res = await as('sekda', 'POST', `/v1/programs/${id}/decisions`, { json: { decision: 'approve' } });
    expectProblem(res, 403);
    expect((await program(id)).stage).toBe('diskominfo_review');
  });

  it('unknown and malformed programme ids are 404s', async () => {
    const unknown = 'abcdef0123456789abcd';
    for (const path of [
      `/v1/programs/${unknown}`,
      `/v1/programs/${unknown}/events`,
      '/v1/programs/not-an-id',
      '/v1/programs/..%2F..%2Fhealth',
      `/v1/programs/${unknown.toUpperCase()}`,
    ]) {
      expectProblem(await as('pemantau', 'GET', path), 404);
    }
    expectProblem(await as('reviewer-kominfo-1', 'POST', `/v1/programs/${unknown}/decisions`, { json: { decision: 'approve' } }), 404);
    expectProblem(await as('reviewer-kominfo-1', 'POST', '/v1/programs/x/decisions', { json: { decision: 'approve' } }), 404);
  });
});

describe('Idempotency-Key', () => {
  it('the same key and body make one programme; the same key with another body is a 422', async () => {
    const key = `uji-${randomBytes(8).toString('hex')}`;
    const body = validProposal({ title: uniqueTitle('Idempoten') });
    const first = await as<ProgramDetail>('kadis-kesehatan', 'POST', '/v1/programs', { json: body, headers: { 'idempotency-key': key } });
    expect(first.status, first.text).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const second = await as<ProgramDetail>('kadis-kesehatan', 'POST', '/v1/programs', { json: body, headers: { 'idempotency-key': key } });
    expect(second.status, second.text).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.headers.get('location')).toBe(`/v1/programs/${first.body.id}`);
    expect(second.body.id).toBe(first.body.id);
    expect(second.body.stage).toBe('diskominfo_review');

    const different = await as('kadis-kesehatan', 'POST', '/v1/programs', {
      json: { ...body, budgetIdr: body.budgetIdr + 1 },
      headers: { 'idempotency-key': key },
    });
    expectProblem(different, 422);
    expect(await countTitled(body.title)).toBe(1);
    expect(await events(first.body.id)).toHaveLength(2);

    // A key belongs to the person who sent it.
    const other = await as<ProgramDetail>('kepala-bappeda', 'POST', '/v1/programs', {
      json: { ...body, opdId: 'bappeda' },
      headers: { 'idempotency-key': key },
    });
    expect(other.status).toBe(201);
    expect(other.body.id).not.toBe(first.body.id);

    expectProblem(await as('kadis-kesehatan', 'POST', '/v1/programs', { json: body, headers: { 'idempotency-key': 'with space' } }), 400);
  });
});

describe('Idempotency-Key on a decision', () => {
  const decideWith = (key: string | undefined, id: string, decision: string, comment = '') =>
    as<DecisionAnswer>('reviewer-kominfo-1', 'POST', `/v1/programs/${id}/decisions`, {
      json: { decision, comment },
      headers: key === undefined ? {} : { 'idempotency-key': key },
    });

  it.each([
    ['the programme goes on', 'approve', '', 'sekda_approval'],
    ['the programme ended', 'reject', 'tidak sesuai RPJMD', 'rejected'],
  ])(
    'a retry with the same key after the decision went through (%s) gets the first answer again; other keys are told who decided',
    async (_case, decision, comment, after) => {
      const { id } = await propose();
      const key = `uji-${randomBytes(8).toString('hex')}`;
      const first = await decideWith(key, id, decision, comment);
      expect(first.status, first.text).toBe(200);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      const trail = await events(id);

      const again = await decideWith(key, id, decision, comment);
      expect(again.status, again.text).toBe(200);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body.result).toEqual(first.body.result);
      expect(again.body.program.stage).toBe(after);

      expectProblem(await decideWith(`uji-${randomBytes(8).toString('hex')}`, id, decision, comment), 409);
      expectProblem(await decideWith(undefined, id, decision, comment), 409);
      expect(await events(id)).toEqual(trail);
    },
  );
});

describe('listing', () => {
  /** Every item of a listing, walking its cursor; fails on a repeated id. */
  async function walk(query: string, limit: number): Promise<{ ids: string[]; items: ProgramListItem[]; pages: number }> {
    const items: ProgramListItem[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: ApiResponse<ProgramPage> = await as<ProgramPage>(
        'pemantau',
        'GET',
        `/v1/programs?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(res.status, res.text).toBe(200);
      const page = res.body.items;
      expect(page.length).toBeLessThanOrEqual(limit);
      items.push(...page);
      cursor = res.body.nextCursor;
      pages += 1;
      expect(pages).toBeLessThan(500);
    } while (cursor);
    const ids = items.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    return { ids, items, pages };
  }

  it('filters by OPD, stage, quick win and dimension, and cursor paging walks every item once', async () => {
    const match = (await propose('kadis-kesehatan', { quickWin: true, dimension: 'living' })).id;
    const notQuickWin = (await propose('kadis-kesehatan', { quickWin: false, dimension: 'living' })).id;
    const otherDimension = (await propose('kadis-kesehatan', { quickWin: true, dimension: 'economy' })).id;
    const otherOpd = (await propose('kepala-bappeda', { opdId: 'bappeda', quickWin: true, dimension: 'living' })).id;
    const otherStage = (await propose('kadis-kesehatan', { quickWin: true, dimension: 'living' })).id;
    await decideByApi('reviewer-kominfo-1', otherStage, 'approve');
    const bappeda2 = (await propose('kepala-bappeda', { opdId: 'bappeda', dimension: 'governance' })).id;
    const bappeda3 = (await propose('kepala-bappeda', { opdId: 'bappeda', dimension: 'economy', quickWin: false })).id;

    const filter = 'opdId=dinkes&stage=diskominfo_review&quickWin=true&dimension=living';
    const filtered = await walk(filter, 100);
    expect(filtered.ids).toContain(match);
    for (const id of [notQuickWin, otherDimension, otherOpd, otherStage]) expect(filtered.ids).not.toContain(id);
    for (const p of filtered.items) expect(p).toMatchObject({ opdId: 'dinkes', stage: 'diskominfo_review', quickWin: true, dimension: 'living' });
    // Soonest due first within a stage.
    const dues = filtered.items.map((p) => p.dueAt ?? '');
    expect([...dues].sort()).toEqual(dues);

    const oneByOne = await walk(filter, 1);
    expect(oneByOne.ids.sort()).toEqual([...filtered.ids].sort());

    const bappeda = await walk('opdId=bappeda', 100);
    expect(bappeda.ids).toEqual(expect.arrayContaining([otherOpd, bappeda2, bappeda3]));
    for (const p of bappeda.items) expect(p.opdId).toBe('bappeda');
    const bappedaPaged = await walk('opdId=bappeda', 1);
    expect(bappedaPaged.ids).toEqual(bappeda.ids);
    expect(bappedaPaged.pages).toBeGreaterThanOrEqual(3);

    const sekdaStage = await walk('stage=sekda_approval', 2);
    expect(sekdaStage.ids).toContain(otherStage);
    for (const p of sekdaStage.items) expect(p.stage).toBe('sekda_approval');

    const everything = await walk('quickWin=false', 2);
    expect(everything.ids).toEqual(expect.arrayContaining([notQuickWin, bappeda3]));
    for (const p of everything.items) expect(p.quickWin).toBe(false);
  });
});

describe('emailed links at the edges', () => {
  it('unknown and malformed tokens are 404s, pages or JSON', async () => {
    const wellFormed = randomBytes(32).toString('base64url');
    expect(wellFormed).toMatch(/^[A-Za-z0-9_-]{43}$/);
    for (const token of [wellFormed, 'short', `${wellFormed}x`, 'a'.repeat(43).replace(/a$/, '!')]) {
      const page = await openLink(url(`/act/${encodeURIComponent(token)}`));
      expect(page.status, token).toBe(404);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(page.text).toContain('Tautan tidak dikenal');
      const json = await openLink(url(`/act/${encodeURIComponent(token)}`), { json: true });
      expect(json.status).toBe(404);
      expect(json.headers.get('content-type')).toMatch(problemType);
    }
    expect((await submitLink(url(`/act/${wellFormed}`), { decision: 'approve' })).status).toBe(404);
  });

  it('a cross-site or origin-less form post is refused (403), a decision the stage does not allow is a 422, and the link stays usable', async () => {
    const { id } = await propose('kadis-kesehatan');
    const { link } = await requestMail(id, 'reviewer-kominfo-2', 1);

    const noOrigin = await submitLink(link, { decision: 'approve' }, { origin: false });
    expect(noOrigin.status).toBe(403);
    const crossSite = await submitLink(link, { decision: 'approve' }, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    const noType = await fetch(link, { method: 'POST', body: 'decision=approve', headers: { 'content-type': '' } });
    expect(noType.status).toBe(403);

    const sign = await submitLink(link, { decision: 'sign' });
    expect(sign.status).toBe(422);
    expect(sign.headers.get('content-type')).toMatch(problemType);
    const returnIt = await submitLink(link, { decision: 'return', comment: 'bukan tahap Sekda' });
    expect(returnIt.status).toBe(422);
    const nonsense = await submitLink(link, { decision: 'approve-all' });
    expect(nonsense.status).toBe(400);

    expect((await program(id)).stage).toBe('diskominfo_review');
    expect(await events(id)).toHaveLength(2);
    const { doc, close } = openDocClient();
    try {
      const item = await rawTokenItem(doc, tokenOf(link));
      expect(item?.usedAt).toBeUndefined();
      expect(item?.claimedUntil).toBeUndefined();
    } finally {
      close();
    }
    expect((await openLink(link, { json: true })).body.status).toBe('open');
    const done = await submitLink(link, { decision: 'approve', comment: 'OK' });
    expect(done.status, done.text).toBe(200);
    // A link's decision is answered once recorded; the next stage opens right after.
    await eventually('the Sekda stage opened', async () => ((await program(id)).stage === 'sekda_approval' ? true : undefined));
  });

  it('20 concurrent posts of one link: exactly one decision, the rest 409', async () => {
    const { id } = await propose('kadis-kesehatan');
    const { link } = await requestMail(id, 'reviewer-kominfo-1', 1);
    await sessionFor('pemantau');

    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => submitLink<LinkAnswer>(link, { decision: 'approve', comment: `klik ${i}` })));
    const statuses = answers.map((a) => a.status);
    expect(
      statuses.filter((s) => s === 200),
      statuses.join(','),
    ).toHaveLength(1);
    expect(
      statuses.filter((s) => s === 409),
      statuses.join(','),
    ).toHaveLength(19);

    // The click is answered once the decision is recorded; the next stage opens right after.
    const trail = await eventually('the Sekda stage opened', async () => {
      const t = await events(id);
      return t.length >= 4 ? t : undefined;
    });
    expect(trail.filter((e) => e.type === 'decided')).toHaveLength(1);
    expect(trail.map((e) => e.type)).toEqual(['proposed', 'stage_opened', 'decided', 'stage_opened']);
    const winner = answers.find((a) => a.status === 200)!;
    expect(trail[2]!.comment).toBe(`klik ${answers.indexOf(winner)}`);
    expect((await program(id)).stage).toBe('sekda_approval');
    expect((await openLink(link, { json: true })).body).toMatchObject({ status: 'already_done', outcome: { by: { userId: 'reviewer-kominfo-1' } } });
  });
});
