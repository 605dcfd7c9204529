/**
 * /act/:token — the links in email. GET shows a page and changes nothing (mail scanners open
 * every link); only a POST acts, once: the token is claimed with a conditional write before
 * the workflow is asked, and marked used after. An old link says what happened.
 * A client that keeps trying unknown tokens is refused for a while (api/rate-limit.ts).
 * What a link does (decide, sign, report) is up to its handler in api/links/.
 */
import { createRoute } from '@hono/zod-openapi';
import type { Context, Env, Next } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { programScopeOf } from '../../domain/opds.js';
import { hashLinkToken, linkTokenPattern } from '../../security/link-tokens.js';
import type { LinkToken } from '../../store/index.js';
import type { AppDeps } from '../context.js';
import { decideLink } from '../links/decide-link.js';
import { LinkProblem, type FoundLink, type LinkHandler, type LinkReply } from '../links/link-handler.js';
import { refusalForPeople } from '../links/refusals.js';
import { reportLink } from '../links/report-link.js';
import { signLink } from '../links/sign-link.js';
import { problemPage } from '../pages.js';
import { shownSummary } from '../reference.js';
import { problemHeaders, toProblem } from '../problem.js';
import { clientAddress, createRateLimiter } from '../rate-limit.js';
import { plainText } from '../validation.js';
import { apiRoutes, problemSchema } from '../documented.js';

const handlers: Record<LinkToken['purpose']['kind'], LinkHandler<unknown>> = {
  decide: decideLink,
  sign: signLink,
  report: reportLink,
};

const wantsJson = (c: Context) => (c.req.header('accept') ?? '').includes('application/json');

const tokenParams = z.object({ token: z.string().describe('the secret of the emailed link') });

/** A link answers people with a page, and a client that sends Accept: application/json with JSON. */
const pageOr = (description: string, json: z.ZodType) => ({
  description,
  content: { 'text/html': { schema: z.string() }, 'application/json': { schema: json } },
});
const pageOrProblem = (description: string) => ({
  description,
  content: { 'text/html': { schema: z.string() }, 'application/problem+json': { schema: problemSchema } },
});
const retryAfter = { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' as const } } };
const linkReply = z.looseObject({}).describe("what the link is for and what it did; the link's kind (decide, sign, report) shapes it");

const showRoute = createRoute({
  method: 'get',
  path: '/{token}',
  summary: 'Confirmation page for an emailed link; changes nothing',
  request: { params: tokenParams },
  responses: {
    200: pageOr('the page (JSON with Accept: application/json)', linkReply),
    404: pageOrProblem('unknown link'),
    410: pageOrProblem('expired or revoked link'),
    429: { ...pageOrProblem('too many unknown links from this client; see Retry-After'), headers: retryAfter },
  },
});

const actRoute = createRoute({
  method: 'post',
  path: '/{token}',
  summary: 'Perform what the link is for, once (decide, sign, or report progress)',
  request: {
    params: tokenParams,
    // Read by the link's own handler (api/links/), which answers a person with the form and the problem marked.
    body: {
      required: true,
      content: {
        'application/x-www-form-urlencoded': { schema: { type: 'object' } },
        'application/json': { schema: { type: 'object' } },
      },
    },
  },
  responses: {
    200: pageOr('done', linkReply),
    400: pageOrProblem('the request cannot be read'),
    403: pageOrProblem('the person the link was sent to is no longer in the roster'),
    404: pageOrProblem('unknown link'),
    409: pageOrProblem('already done (says by whom) or being processed'),
    410: pageOrProblem('expired or revoked'),
    422: pageOrProblem('not possible, or a decision that must say why came without a comment (a browser gets the form back with the problem marked)'),
    429: { ...pageOrProblem('too many unknown links from this client; see Retry-After'), headers: retryAfter },
    503: { ...pageOrProblem('not recorded: a backing service is down; the link still works'), headers: retryAfter },
  },
});

export function actRoutes(deps: AppDeps) {
  const { store } = deps;
  const guesses = createRateLimiter();
  const clientOf = (c: Context) => clientAddress(c, deps.trustProxy ?? false);

  function reply(c: Context, r: LinkReply, status: ContentfulStatusCode = r.status): Response {
    return wantsJson(c) ? c.json(r.json, status) : c.html(r.html, status);
  }

  /** A page for people, or problem+json for a client (which may get the workflow's own `machineDetail`). */
  function problem(c: Context, status: ContentfulStatusCode, title: string, detail: string, machineDetail = detail): Response {
    const headers = problemHeaders(status);
    if (wantsJson(c)) return c.body(JSON.stringify({ type: 'about:blank', title, status, detail: machineDetail }), status, headers);
    return c.html(problemPage({ title, detail }), status, { ...headers, 'Content-Type': 'text/html; charset=UTF-8' });
  }

  /** The token a link carries, if it is one that was issued. */
  async function tokenOf(rawToken: string): Promise<{ rawToken: string; tokenHash: string; token: LinkToken } | null> {
    if (!linkTokenPattern.test(rawToken)) return null;
    const tokenHash = hashLinkToken(rawToken);
    const token = await store.linkTokens.get(tokenHash);
    return token ? { rawToken, tokenHash, token } : null;
  }

  /**
   * What a link's pages and action need, all known from its token and read at once: the
   * programme, the stage the link belongs to, and the OPDs (which one acts for the programme
   * today, read fresh: an action rests on it). The names shown come from the reference copy.
   */
  async function linkOf(found: { rawToken: string; tokenHash: string; token: LinkToken }): Promise<FoundLink | null> {
    const { programId, stageSeq } = found.token;
    const [program, stage, opds] = await Promise.all([
      store.programs.getProgram(programId),
      store.programs.getStage(programId, stageSeq),
      store.roster.listOpds(),
    ]);
    if (!program) return null;
    const summary = await shownSummary(store, program, opds);
    return { ...found, program, summary, stage, actingOpdId: programScopeOf(program, opds).opdId };
  }

  async function find(rawToken: string): Promise<FoundLink | null> {
    const found = await tokenOf(rawToken);
    return found ? linkOf(found) : null;
  }

  const unknownLink = (c: Context) => {
    guesses.count(clientOf(c));
    return problem(c, 404, 'Tautan tidak dikenal', 'Tautan ini tidak dikenal. Periksa kembali tautan pada email Anda.');
  };
  const expiredLink = (c: Context) =>
    problem(c, 410, 'Tautan kedaluwarsa', 'Masa berlaku tautan ini telah habis. Silakan hubungi sekretariat atau gunakan aplikasi alur.');
  const spentLink = (c: Context) => problem(c, 410, 'Tautan tidak berlaku', 'Tautan ini sudah tidak berlaku.');

  /** Re-reads what happened (another request may have just finished) and shows it as a 409. */
  async function doneNow(c: Context, f: FoundLink): Promise<Response | null> {
    const fresh = await find(f.rawToken);
    const done = fresh ? await handlers[fresh.token.purpose.kind].done(deps, fresh) : null;
    return done ? reply(c, done, 409) : null;
  }

  async function readBody(c: Context): Promise<unknown> {
    const type = c.req.header('content-type') ?? '';
    let body: unknown;
    try {
      body = type.includes('application/json') ? await c.req.json() : await c.req.parseBody({ all: true });
    } catch {
      throw new LinkProblem(400, 'Permintaan tidak valid', 'Isi permintaan tidak dapat dibaca.');
    }
    const { value, problems } = plainText(body);
    if (problems.length > 0) {
      const fields = problems.map((p) => p.path.join('.') || 'isi').join(', ');
      throw new LinkProblem(400, 'Permintaan tidak valid', `Isian ${fields} memuat karakter tak terlihat atau pengendali arah teks; hapus karakter tersebut.`);
    }
    return value;
  }

  const routes = apiRoutes<Env>();
  routes.use('*', async (c: Context, next: Next) => {
    const wait = guesses.retryAfter(clientOf(c));
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      c.header('Cache-Control', 'no-store');
      return problem(c, 429, 'Terlalu banyak percobaan', `Terlalu banyak tautan tidak dikenal dari alamat Anda. Coba lagi dalam ${wait} detik.`);
    }
    await next();
    // Pages carry a personal link: never cache them (secureHeaders keeps them out of referrers).
    c.header('Cache-Control', 'no-store');
  });

  return routes
    .openapi(showRoute, async (c) => {
      const f = await find(c.req.param('token'));
      if (!f) return unknownLink(c);
      const handler = handlers[f.token.purpose.kind];
      const done = await handler.done(deps, f);
      if (done) return reply(c, done);
      if (f.token.revokedAt || f.token.usedAt) return spentLink(c);
      if (f.token.expiresAt <= new Date().toISOString()) return expiredLink(c);
      return reply(c, await handler.page(deps, f, `/act/${f.rawToken}`));
    })

    .openapi(actRoute, async (c) => {
      const found = await tokenOf(c.req.param('token'));
      if (!found) return unknownLink(c);
      // The person the link was sent to is known from the token too: read with the rest, checked once the link is claimed.
      const [f, person] = await Promise.all([linkOf(found), store.roster.getPerson(found.token.assignee.userId)]);
      if (!f) return unknownLink(c);
      const handler = handlers[f.token.purpose.kind];
      let input: unknown;
      try {
        input = handler.parse(f, await readBody(c));
      } catch (e) {
        if (!(e instanceof LinkProblem)) throw e;
        if (e.form && !wantsJson(c)) return reply(c, await handler.page(deps, f, `/act/${f.rawToken}`, e.form), e.status);
        return problem(c, e.status, e.title, e.message);
      }

      const claim = await store.linkTokens.claim(f.tokenHash, new Date());
      if (claim !== 'claimed') {
        const done = await doneNow(c, f);
        if (done) return done;
        if (claim === 'expired') return expiredLink(c);
        if (claim === 'busy')
          return problem(c, 409, 'Sedang diproses', 'Permintaan melalui tautan ini sedang diproses. Muat ulang halaman dalam beberapa saat.');
        return spentLink(c);
      }

      if (!person) {
        await store.linkTokens.release(f.tokenHash);
        return problem(c, 403, 'Tidak berwenang', 'Penerima tautan ini tidak lagi terdaftar.');
      }
      let performed: Awaited<ReturnType<LinkHandler<unknown>['perform']>>;
      try {
        performed = await handler.perform(deps, f, person, input);
      } catch (e) {
        await store.linkTokens.release(f.tokenHash);
        if (e instanceof LinkProblem) return problem(c, e.status, e.title, e.message);
        const refused = toProblem(e);
        // Refused by the workflow, or the programme ended meanwhile: say what happened, if anything did.
        if (refused.status < 500) {
          const done = await doneNow(c, f);
          if (done) return done;
          const told = refusalForPeople(e) ?? {
            title: 'Permintaan tidak dapat diproses',
            detail: 'Permintaan Anda tidak dapat dilaksanakan, sehingga tidak ada yang diubah.',
          };
          return problem(c, refused.status, told.title, told.detail, refused.detail);
        }
        return problem(
          c,
          refused.status,
          'Coba lagi nanti',
          'Permintaan belum tercatat karena layanan sedang tidak tersedia. Tautan Anda masih berlaku; silakan coba lagi.',
        );
      }
      await store.linkTokens.markUsed(f.tokenHash, performed.usedFor, new Date());
      return reply(c, performed.reply);
    });
}
