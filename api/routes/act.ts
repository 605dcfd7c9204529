/**
 * /act/:token — the links in email. GET shows a confirmation page and changes nothing (mail
 * scanners open every link); only a POST acts, once: the token is claimed with a conditional
 * write before the workflow is asked, and marked used after. An old link says what happened.
 */
import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import type { StageRecord } from '../../domain/program.js';
import { commentSchema } from '../../domain/proposal.js';
import { actorOf } from '../../domain/roles.js';
import { commentRequired, decisionLabels, decisions, stageLabels } from '../../domain/stages.js';
import { loadProgramSummary } from '../../mail/program-summary.js';
import type { ProgramSummary } from '../../mail/templates.js';
import { hashLinkToken, linkTokenPattern } from '../../security/link-tokens.js';
import type { LinkToken } from '../../store/index.js';
import { decide, workflowIdOf } from '../../workflows/messages.js';
import type { AppDeps } from '../context.js';
import { alreadyDonePage, confirmationPage, problemPage, resultPage } from '../pages.js';
import { toProblem, updateRefusal } from '../problem.js';

const actionBody = z.object({ decision: z.enum(decisions), comment: commentSchema.default('') });

const wantsJson = (c: Context) => (c.req.header('accept') ?? '').includes('application/json');

interface Found {
  token: LinkToken;
  tokenHash: string;
  summary: ProgramSummary;
  stage: StageRecord | null;
}

export function actRoutes(deps: AppDeps) {
  const { store } = deps;

  /** Replies as a page, or as JSON for clients that ask for it. */
  function reply(c: Context, status: ContentfulStatusCode, html: string, json: Record<string, unknown>): Response {
    if (wantsJson(c)) return c.json(json, status);
    return c.html(html, status);
  }

  function problem(c: Context, status: ContentfulStatusCode, title: string, detail: string): Response {
    if (wantsJson(c)) return c.body(JSON.stringify({ type: 'about:blank', title, status, detail }), status, { 'Content-Type': 'application/problem+json' });
    return c.html(problemPage({ status, title, detail }), status);
  }

  async function find(rawToken: string): Promise<Found | null> {
    if (!linkTokenPattern.test(rawToken)) return null;
    const tokenHash = hashLinkToken(rawToken);
    const token = await store.linkTokens.get(tokenHash);
    if (!token) return null;
    const program = await store.programs.getProgram(token.programId);
    if (!program) return null;
    const [summary, stage] = await Promise.all([loadProgramSummary(store, program), store.programs.getStage(token.programId, token.stageSeq)]);
    return { token, tokenHash, summary, stage };
  }

  function alreadyDone(c: Context, f: Found, status: ContentfulStatusCode): Response | null {
    const outcome = f.stage?.outcome;
    if (!outcome) return null;
    return reply(c, status, alreadyDonePage({ program: f.summary, stage: f.token.stage, outcome }), { status: 'already_done', programId: f.token.programId, stage: f.token.stage, outcome });
  }

  const unknownLink = (c: Context) => problem(c, 404, 'Tautan tidak dikenal', 'Tautan ini tidak dikenal. Periksa kembali tautan pada email Anda.');
  const expiredLink = (c: Context) => problem(c, 410, 'Tautan kedaluwarsa', 'Masa berlaku tautan ini telah habis. Silakan hubungi sekretariat atau gunakan aplikasi alur.');

  return new Hono()
    .use('*', async (c, next) => {
      await next();
      // Pages carry a personal link: never cache them (secureHeaders keeps them out of referrers).
      c.header('Cache-Control', 'no-store');
    })

    .get('/:token', async (c) => {
      const f = await find(c.req.param('token'));
      if (!f) return unknownLink(c);
      const done = alreadyDone(c, f, 200);
      if (done) return done;
      if (f.token.revokedAt || f.token.usedAt) return problem(c, 410, 'Tautan tidak berlaku', 'Tautan ini sudah tidak berlaku.');
      if (f.token.expiresAt <= new Date().toISOString()) return expiredLink(c);
      const html = confirmationPage({
        program: f.summary,
        stage: f.token.stage,
        stageSeq: f.token.stageSeq,
        assignee: f.token.assignee,
        allowed: f.token.allowed,
        actionPath: `/act/${c.req.param('token')}`,
        dueDate: f.stage?.dueAt ? f.stage.dueAt.slice(0, 10) : null,
        commentRequiredFor: [...commentRequired],
      });
      return reply(c, 200, html, { status: 'open', programId: f.token.programId, stage: f.token.stage, stageSeq: f.token.stageSeq, assignee: f.token.assignee, allowed: f.token.allowed });
    })

    .post('/:token', async (c) => {
      const f = await find(c.req.param('token'));
      if (!f) return unknownLink(c);

      const type = c.req.header('content-type') ?? '';
      let raw: unknown;
      try {
        raw = type.includes('application/json') ? await c.req.json() : await c.req.parseBody();
      } catch {
        return problem(c, 400, 'Permintaan tidak valid', 'Isi permintaan tidak dapat dibaca.');
      }
      const parsed = actionBody.safeParse(raw);
      if (!parsed.success) return problem(c, 400, 'Permintaan tidak valid', `Pilih salah satu keputusan: ${f.token.allowed.join(', ')}.`);
      const { decision, comment } = parsed.data;
      if (!f.token.allowed.includes(decision)) {
        return problem(c, 422, 'Keputusan tidak tersedia', `Keputusan "${decision}" tidak tersedia pada tahap ini; pilihan: ${f.token.allowed.join(', ')}.`);
      }

      const claim = await store.linkTokens.claim(f.tokenHash, new Date());
      if (claim !== 'claimed') {
        const done = alreadyDone(c, f, 409);
        if (done) return done;
        if (claim === 'expired') return expiredLink(c);
        if (claim === 'busy') return problem(c, 409, 'Sedang diproses', 'Keputusan melalui tautan ini sedang diproses. Muat ulang halaman dalam beberapa saat.');
        return problem(c, 410, 'Tautan tidak berlaku', 'Tautan ini sudah tidak berlaku.');
      }

      const person = await store.roster.getPerson(f.token.assignee.userId);
      if (!person) {
        await store.linkTokens.release(f.tokenHash);
        return problem(c, 403, 'Tidak berwenang', 'Penerima tautan ini tidak lagi terdaftar.');
      }
      try {
        const requestId = `link-${f.tokenHash.slice(0, 32)}`;
        await deps.temporal.workflow.getHandle(workflowIdOf(f.token.programId)).executeUpdate(decide, {
          args: [{ requestId, stageSeq: f.token.stageSeq, decision, comment, actor: actorOf(person), channel: 'link' }],
          updateId: requestId,
        });
      } catch (e) {
        await store.linkTokens.release(f.tokenHash);
        const refusal = updateRefusal(e);
        if (refusal) {
          const done = alreadyDone(c, { ...f, stage: await store.programs.getStage(f.token.programId, f.token.stageSeq) }, 409);
          if (done) return done;
          const p = toProblem(e);
          return problem(c, p.status, 'Keputusan tidak dapat diproses', refusal.message);
        }
        const p = toProblem(e);
        return problem(c, p.status, 'Coba lagi nanti', 'Keputusan belum tercatat karena layanan sedang tidak tersedia. Tautan Anda masih berlaku; silakan coba lagi.');
      }
      await store.linkTokens.markUsed(f.tokenHash, decision, new Date());
      const headline = `${stageLabels[f.token.stage]}: ${decisionLabels[decision]}`;
      return reply(c, 200, resultPage({ program: f.summary, headline, detail: `Keputusan Anda telah tercatat atas nama ${person.name} (${person.title}).` }), {
        status: 'done',
        programId: f.token.programId,
        stage: f.token.stage,
        decision,
      });
    });
}
