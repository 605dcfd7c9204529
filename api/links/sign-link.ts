/**
 * Links that sign the commitment for one office (as its official or as an acting official).
 * The page shows what is signed and as whom; the POST signs once through the `sign` Update.
 */
import { actorOf } from '../../domain/roles.js';
import type { SignerRoute } from '../../domain/signing.js';
import { commitmentHashOf } from '../../store/signing.js';
import { sign } from '../../workflows/messages.js';
import type { AppDeps } from '../context.js';
import { alreadyDonePage } from '../pages.js';
import { signatureDonePage, signaturePage, signatureResultPage } from '../signing-pages.js';
import { updateProgram } from '../updates.js';
import { LinkProblem, linkRequestId, type FoundLink, type LinkHandler } from './link-handler.js';

function routeOf(f: FoundLink): SignerRoute {
  if (f.token.purpose.kind !== 'sign') throw new Error(`link ${f.tokenHash.slice(0, 8)} is not a signing link`);
  return f.token.purpose.route;
}

async function signatureOf(deps: AppDeps, f: FoundLink, route: SignerRoute) {
  const all = await deps.store.signing.listSignatures(f.token.programId);
  return all.find((s) => s.stageSeq === f.token.stageSeq && s.office === route.office) ?? null;
}

export const verifyUrlOf = (publicBaseUrl: string, hash: string) => `${publicBaseUrl.replace(/\/+$/, '')}/v1/commitments/${hash}`;

export const signLink: LinkHandler<Record<string, never>> = {
  async done(deps, f) {
    const route = routeOf(f);
    const found = await signatureOf(deps, f, route);
    if (found) {
      const { stageSeq: _stageSeq, ...signature } = found;
      return {
        status: 200,
        html: signatureDonePage({ program: f.summary, office: route.office, signature, recipient: f.token.assignee }),
        json: { status: 'already_done', programId: f.token.programId, office: route.office, signature },
      };
    }
    const outcome = f.stage?.outcome;
    if (!outcome) return null;
    // The signing ended otherwise (withdrawn, cancelled) before this office signed.
    return {
      status: 200,
      html: alreadyDonePage({ program: f.summary, stage: f.token.stage, outcome }),
      json: { status: 'already_done', programId: f.token.programId, stage: f.token.stage, office: route.office, outcome },
    };
  },

  async page(deps, f, actionPath) {
    const route = routeOf(f);
    const all = await deps.store.signing.listSignatures(f.token.programId);
    const signatures = all.filter((s) => s.stageSeq === f.token.stageSeq).map(({ stageSeq: _s, ...s }) => s);
    const contentHash = commitmentHashOf({ programId: f.program.id, proposalVersion: f.program.proposalVersion, proposal: f.program.proposal });
    return {
      status: 200,
      html: signaturePage({
        program: f.summary,
        route,
        actionPath,
        commitmentPreview: { contentHash, dueDate: f.stage?.dueAt ? f.stage.dueAt.slice(0, 10) : null, signatures },
      }),
      json: {
        status: 'open',
        programId: f.token.programId,
        stage: f.token.stage,
        stageSeq: f.token.stageSeq,
        office: route.office,
        route,
        allowed: ['sign'],
        contentHash,
        signatures,
      },
    };
  },

  parse(_f, raw) {
    const fields = raw && typeof raw === 'object' ? Object.keys(raw) : [];
    const decision = fields.includes('decision') ? (raw as Record<string, unknown>)['decision'] : undefined;
    if (decision !== 'sign') {
      throw new LinkProblem(422, 'Keputusan tidak tersedia', 'Tautan ini hanya dapat digunakan untuk menandatangani komitmen (decision=sign).');
    }
    const unknown = fields.filter((f) => f !== 'decision');
    if (unknown.length > 0) throw new LinkProblem(400, 'Permintaan tidak valid', `Isian tidak dikenal: ${unknown.slice(0, 5).join(', ')}.`);
    return {};
  },

  async perform(deps, f, person) {
    const route = routeOf(f);
    const requestId = linkRequestId(f);
    const result = await updateProgram(deps, f.token.programId, sign, {
      args: [{ requestId, stageSeq: f.token.stageSeq, office: route.office, actor: actorOf(person), actingOpdId: f.actingOpdId, channel: 'link' }],
      updateId: requestId,
    });
    const verifyUrl = result.complete && result.commitmentHash ? verifyUrlOf(deps.publicBaseUrl, result.commitmentHash) : null;
    return {
      usedFor: 'sign',
      reply: {
        status: 200,
        html: signatureResultPage({
          program: f.summary,
          signature: result.signature,
          signed: result.signed,
          required: result.required,
          complete: result.complete,
          verifyUrl,
        }),
        json: {
          status: 'done',
          programId: f.token.programId,
          office: route.office,
          signature: result.signature,
          signed: result.signed,
          required: result.required,
          complete: result.complete,
          commitmentHash: result.commitmentHash,
          verifyUrl,
        },
      },
    };
  },
};
