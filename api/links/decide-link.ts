/** Links that decide a review stage (Diskominfo review, Sekda approval). */
import { z } from 'zod';
import { commentSchema } from '../../domain/proposal.js';
import { actorOf } from '../../domain/roles.js';
import { commentRequired, decisionLabels, decisions, stageLabels, type Decision } from '../../domain/stages.js';
import { decide } from '../../workflows/messages.js';
import { loadDecisionContext } from '../../mail/decision-context.js';
import { alreadyDonePage, confirmationPage, missingReasonMessage, resultPage } from '../pages.js';
import { updateProgram } from '../updates.js';
import { LinkProblem, linkRequestId, type FoundLink, type LinkHandler } from './link-handler.js';

const body = z.strictObject({ decision: z.enum(decisions), comment: commentSchema.default('') });

const allowedOf = (f: FoundLink): Decision[] => (f.token.purpose.kind === 'decide' ? f.token.purpose.allowed : []);

export const decideLink: LinkHandler<{ decision: Decision; comment: string }> = {
  done(_deps, f) {
    const outcome = f.stage?.outcome;
    if (!outcome) return Promise.resolve(null);
    return Promise.resolve({
      status: 200,
      html: alreadyDonePage({ program: f.summary, stage: f.token.stage, outcome }),
      json: { status: 'already_done', programId: f.token.programId, stage: f.token.stage, outcome },
    });
  },

  async page(deps, f, actionPath, refused) {
    const allowed = allowedOf(f);
    return {
      status: 200,
      html: confirmationPage({
        program: f.summary,
        stage: f.token.stage,
        assignee: f.token.assignee,
        allowed,
        actionPath,
        dueDate: f.stage?.dueAt ? f.stage.dueAt.slice(0, 10) : null,
        commentRequiredFor: commentRequired,
        context: await loadDecisionContext(deps.store, f.program, f.token.stageSeq),
        ...(refused ? { refused: { errors: refused.errors, comment: refused.values['comment'] ?? '' } } : {}),
      }),
      json: { status: 'open', programId: f.token.programId, stage: f.token.stage, stageSeq: f.token.stageSeq, assignee: f.token.assignee, allowed },
    };
  },

  parse(f, raw) {
    const allowed = allowedOf(f);
    const parsed = body.safeParse(raw);
    const choices = allowed.map((d) => `“${decisionLabels[d]}”`).join(', ');
    if (!parsed.success) throw new LinkProblem(400, 'Permintaan tidak valid', `Pilih salah satu keputusan: ${choices}.`);
    if (!allowed.includes(parsed.data.decision)) {
      throw new LinkProblem(
        422,
        'Keputusan tidak tersedia',
        `Keputusan “${decisionLabels[parsed.data.decision]}” tidak tersedia pada tahap ini; pilihan: ${choices}.`,
      );
    }
    const { decision, comment } = parsed.data;
    // Checked here too (the workflow checks it again) so the form comes back with the note field marked, and the link unspent.
    if (commentRequired.includes(decision) && comment.trim() === '') {
      const message = missingReasonMessage(decision);
      throw new LinkProblem(422, 'Alasan keputusan belum diisi', message, { errors: [{ field: 'comment', message }], values: { comment } });
    }
    return parsed.data;
  },

  async perform(deps, f, person, input) {
    const requestId = linkRequestId(f);
    await updateProgram(deps, f.token.programId, decide, {
      args: [
        {
          requestId,
          stageSeq: f.token.stageSeq,
          decision: input.decision,
          comment: input.comment,
          actor: actorOf(person),
          actingOpdId: f.actingOpdId,
          channel: 'link',
        },
      ],
      updateId: requestId,
    });
    const headline = `${stageLabels[f.token.stage]}: ${decisionLabels[input.decision]}`;
    return {
      usedFor: input.decision,
      reply: {
        status: 200,
        html: resultPage({ program: f.summary, headline, detail: `Keputusan Anda telah tercatat atas nama ${person.name} (${person.title}).` }),
        json: { status: 'done', programId: f.token.programId, stage: f.token.stage, decision: input.decision },
      },
    };
  },
};
