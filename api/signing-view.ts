/**
 * A commitment's signing as people need to see it: who must sign, who signed (as whom), who is
 * missing and since when.
 */
import { z } from 'zod';
import { letterhead } from '../data/letterhead.js';
import { commitmentDocument, yearSpan, type CommitmentDocument, type CommitmentSubject } from '../domain/commitment-document.js';
import type { Proposal } from '../domain/proposal.js';
import { stages } from '../domain/stages.js';
import { describeSignature, isMasterplanCommitment, type AnyCommitmentRecord, type Signature, type SignerOffice, type SignerRoute } from '../domain/signing.js';
import type { ProgramItems } from '../store/index.js';
import type { StoredSignature } from '../store/signing.js';
import { programState, workflowIdOf } from '../workflows/messages.js';
import type { AppDeps } from './context.js';
import { verifyUrlOf } from './links/sign-link.js';
import { masterplanTitle } from './signing-pages.js';

/** A signature as answered: the office, who signed it, as whom (capacity), when. */
export const signatureSchema = z.looseObject({
  office: z.string(),
  signedBy: z.looseObject({ userId: z.string(), name: z.string() }),
  capacity: z.string(),
  at: z.string(),
});

/** What `loadSigningOverview` answers (the JSON API's programme page and its signatures). */
export const signingOverviewSchema = z
  .strictObject({
    programId: z.string(),
    stage: z.enum(stages),
    stageSeq: z.number().int().nullable().describe('the signing occurrence shown; null before signing'),
    required: z.array(z.string()).describe('the offices that must sign'),
    signed: z.number().int(),
    signatures: z.array(signatureSchema.extend({ text: z.string().describe('who signed, as whom, when, in words') })),
    missing: z.array(
      z.looseObject({
        office: z.string(),
        signers: z.array(z.looseObject({ capacity: z.string() })).describe('who may sign for the office: the official, or a Plt./Plh.'),
        since: z.string(),
      }),
    ),
    dueAt: z.string().nullable(),
    dueDate: z.string().nullable(),
    overdue: z.boolean(),
    commitmentHash: z.string().nullable().describe('the signed commitment, once every signature is in'),
    verifyUrl: z.string().nullable().describe('its public verification page'),
  })
  .describe('who must sign, who signed (as whom), who is missing and since when');

export const withoutStageSeq = ({ stageSeq: _s, ...s }: StoredSignature): Signature => s;

/**
 * Who must sign, who signed (as whom), who is missing and since when: from the stored routing
 * and signatures while the programme is being signed, from the stored commitment afterwards.
 * Built from the items `store.programs.readProgram` read at once; only a signed commitment is
 * read besides (and the workflow, for a signing opened before its routing was stored).
 */
export async function loadSigningOverview(
  deps: Pick<AppDeps, 'store' | 'temporal' | 'publicBaseUrl'>,
  { program, signatures: stored, commitmentHash, signingRouting }: Pick<ProgramItems, 'program' | 'signatures' | 'commitmentHash' | 'signingRouting'>,
) {
  const { store } = deps;
  const handleOf = (programId: string) => deps.temporal.workflow.getHandle(workflowIdOf(programId));
  const now = new Date();

  if (program.stage === 'signing') {
    // Who signs each office is stored beside the programme; a signing opened before that was stored is asked of its workflow.
    const view =
      signingRouting?.stageSeq === program.stageSeq
        ? { stageSeq: signingRouting.stageSeq, signing: { offices: signingRouting.offices, routes: signingRouting.routes, signatures: [] as Signature[] } }
        : await handleOf(program.id).query(programState);
    if (view.signing) {
      const { offices, routes } = view.signing;
      // The store is the durable record; a workflow's view covers a signature still being written.
      const byOffice = new Map<SignerOffice, Signature>();
      for (const s of stored.filter((x) => x.stageSeq === view.stageSeq)) byOffice.set(s.office, withoutStageSeq(s));
      for (const s of view.signing.signatures) if (!byOffice.has(s.office)) byOffice.set(s.office, s);
      const signatures = offices.flatMap((o) => (byOffice.has(o) ? [byOffice.get(o)!] : []));
      const missing = offices
        .filter((o) => !byOffice.has(o))
        .map((office) => {
          const candidates: SignerRoute[] = routes.filter((r) => r.office === office);
          const official = candidates.find((r) => r.capacity === 'self')?.official ?? candidates[0]?.official ?? null;
          return {
            office,
            official,
            signers: candidates.map((r) => ({ signer: r.signer, capacity: r.capacity, basis: r.basis })),
            since: program.stageOpenedAt,
          };
        });
      return {
        programId: program.id,
        stage: program.stage,
        stageSeq: view.stageSeq,
        required: offices,
        signed: signatures.length,
        signatures: signatures.map((s) => ({ ...s, text: describeSignature(s) })),
        missing,
        dueAt: program.dueAt,
        dueDate: program.dueDate,
        overdue: program.dueAt !== null && program.dueAt < now.toISOString(),
        commitmentHash: null,
        verifyUrl: null,
      };
    }
  }

  // Not being signed: the signed commitment if there is one, else whatever was recorded.
  const commitment = commitmentHash ? await store.signing.getCommitment(commitmentHash) : null;
  const signatures = commitment ? commitment.signatures : stored.map(withoutStageSeq);
  return {
    programId: program.id,
    stage: program.stage,
    stageSeq: commitment ? (stored[stored.length - 1]?.stageSeq ?? null) : null,
    required: commitment ? commitment.signatures.map((s) => s.office) : [],
    signed: signatures.length,
    signatures: signatures.map((s) => ({ ...s, text: describeSignature(s) })),
    missing: [],
    dueAt: null,
    dueDate: null,
    overdue: false,
    commitmentHash: commitment?.hash ?? null,
    verifyUrl: commitment ? verifyUrlOf(deps.publicBaseUrl, commitment.hash) : null,
  };
}

/** What a signed commitment commits to, with the OPD's name looked up: a programme's proposal as approved, or the masterplan. */
export async function commitmentSubjectOf(deps: Pick<AppDeps, 'store'>, commitment: AnyCommitmentRecord): Promise<CommitmentSubject> {
  if (isMasterplanCommitment(commitment)) {
    const { masterplan, round } = commitment.content;
    return { kind: 'masterplan', title: masterplan.title, startYear: masterplan.startYear, endYear: masterplan.endYear, round };
  }
  const proposal = commitment.content.proposal as Proposal;
  const opd = await deps.store.roster.getOpd(proposal.opdId);
  return {
    kind: 'program',
    title: proposal.title,
    summary: proposal.summary,
    opdName: opd?.name ?? proposal.opdId,
    budgetIdr: proposal.budgetIdr,
    startDate: proposal.startDate,
    endDate: proposal.endDate,
    proposalVersion: commitment.content.proposalVersion,
  };
}

/** The title a commitment is known by: the programme's, or the masterplan's with its period. */
export function commitmentTitle(subject: CommitmentSubject): string {
  return subject.kind === 'program' ? subject.title : `${subject.title} ${yearSpan(subject.startYear, subject.endYear)}`;
}

/** The commitment as an official document, ready for the PDF renderer. */
export async function loadCommitmentDocument(deps: Pick<AppDeps, 'store' | 'publicBaseUrl'>, commitment: AnyCommitmentRecord): Promise<CommitmentDocument> {
  return commitmentDocument({
    commitment,
    subject: await commitmentSubjectOf(deps, commitment),
    letterhead,
    masterplanTitle,
    verifyUrl: verifyUrlOf(deps.publicBaseUrl, commitment.hash),
  });
}
