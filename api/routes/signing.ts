/**
 * Signing the commitment through the API, verifying a signed commitment, and the acting
 * officials (Plt./Plh.) who may sign for an absent official.
 *
 *  - signatureRoutes, mounted at /v1/programs: POST /:id/signatures signs, GET lists who signed
 *    and who is missing. The workflow decides (the `sign` Update re-checks everything).
 *  - commitmentRoutes, mounted at /v1/commitments: GET /:hash, public, recomputes the hash.
 *  - delegationRoutes, mounted at /v1/delegations: list (staff), create and revoke (secretariat);
 *    every change re-routes the pending signature requests of programmes being signed.
 */
import { randomBytes } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { createRoute } from '@hono/zod-openapi';
import type { Env } from 'hono';
import { z } from 'zod';
import { wibDate } from '../../domain/calendar.js';
import type { Assignee, ProgramRecord } from '../../domain/program.js';
import { actorOf, refusal, type Person } from '../../domain/roles.js';
import {
  commitmentNotice,
  delegateRefusal,
  delegationActive,
  delegationHistory,
  delegationKinds,
  maxDelegationDays,
  secondOfficeRefusal,
  describeSignature,
  isMasterplanCommitment,
  signerOffices,
  type AnyCommitmentRecord,
  type Delegation,
  type Signature,
  type SignerOffice,
} from '../../domain/signing.js';
import { isEnded, type Stage } from '../../domain/stages.js';
import { apiRoutes, bearer, changeHistoryAnswer, idempotencyKey, jsonAnswer, jsonBody, problems } from '../documented.js';
import { programIdParams, stageSchema } from '../program-view.js';
import { commitmentVerified } from '../../store/signing.js';
import {
  masterplanCommitmentWorkflowIdOf,
  programState,
  rosterChanged,
  sign,
  workflowIdOf,
  type ProgramView,
  type SignResult,
} from '../../workflows/messages.js';
import { signedIn, type AppDeps } from '../context.js';
import { verifyUrlOf } from '../links/sign-link.js';
import { loadProgram as loadProgramOf, loadProgramItems } from '../load-program.js';
import { ProblemError } from '../problem.js';
import { commitmentPdfPath, commitmentPage } from '../signing-pages.js';
import { masterplanId } from './masterplan-commitment.js';
import { commitmentSubjectOf, commitmentTitle, loadCommitmentDocument, loadSigningOverview, signatureSchema, signingOverviewSchema } from '../signing-view.js';
import { renderCommitmentPdf } from '../commitment-pdf.js';
import { answeredBefore, isConflict, requestIdOf, updateProgram } from '../updates.js';

const hashPattern = /^[a-f0-9]{64}$/i;
const delegationIdPattern = /^[a-f0-9]{32}$/;
const signBody = z.strictObject({ office: z.enum(signerOffices).optional() });

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'not a calendar date');

const personId = z.string().min(1).max(64);

export const delegationBody = z
  .strictObject({
    officialId: personId,
    delegateId: personId,
    kind: z.enum(delegationKinds),
    from: isoDate,
    until: isoDate,
    basis: z
      .string()
      .trim()
      .min(1, 'name the decree (SK) that appoints the acting official')
      .max(300)
      // eslint-disable-next-line no-control-regex
      .regex(/^[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$/, 'one line of text, without control characters'),
    exclusive: z.boolean().default(false),
  })
  .superRefine((d, ctx) => {
    if (d.from < wibDate(new Date())) ctx.addIssue({ code: 'custom', path: ['from'], message: 'a delegation starts today or later' });
    if (d.from > d.until) ctx.addIssue({ code: 'custom', path: ['until'], message: 'must not be before from' });
    else if (daysBetween(d.from, d.until) >= maxDelegationDays) {
      ctx.addIssue({ code: 'custom', path: ['until'], message: `a delegation lasts at most ${maxDelegationDays} days; record a new one to extend it` });
    }
    if (d.officialId === d.delegateId) ctx.addIssue({ code: 'custom', path: ['delegateId'], message: 'an official cannot act for themselves' });
  });

const assigneeOf = (p: Person): Assignee => ({ userId: p.id, name: p.name, title: p.title });

const daysBetween = (from: string, until: string) => (Date.parse(`${until}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;

function who(s: Signature): string {
  return `${s.signedBy.name}, ${s.at}`;
}

// ---------------------------------------------------------------------------------------
// The routes' declarations.

const signRoute = createRoute({
  method: 'post',
  path: '/{id}/signatures',
  summary: "Sign the commitment (a required signer, or their Plt./Plh.); office defaults to the caller's only unsigned one",
  description: 'Sent again with the same Idempotency-Key after it went through, it answers 200 with the first result and Idempotent-Replayed: true.',
  security: bearer,
  parameters: [idempotencyKey],
  request: { params: programIdParams, body: jsonBody(signBody) },
  responses: {
    200: jsonAnswer(
      'signed',
      z.strictObject({
        result: z.looseObject({
          programId: z.string(),
          signature: signatureSchema,
          signed: z.number().int(),
          required: z.number().int(),
          complete: z.boolean().describe('the last signature: the commitment is recorded'),
          commitmentHash: z.string().nullable(),
          verifyUrl: z.string().nullable(),
        }),
        program: z.looseObject({ id: z.string(), stage: stageSchema, stageSeq: z.number().int() }).describe('the programme as recorded now'),
      }),
    ),
    ...problems(400, 401, 403, 404, 409, 415, 422, 503),
  },
});

const signaturesRoute = createRoute({
  method: 'get',
  path: '/{id}/signatures',
  summary: 'Who must sign, who signed (as whom), who is missing and since when',
  security: bearer,
  request: { params: programIdParams },
  responses: { 200: jsonAnswer('the signing', signingOverviewSchema), ...problems(401, 403, 404, 503) },
});

const hashParams = z.object({ hash: z.string().describe('the SHA-256 of the signed commitment (64 hexadecimal characters)') });

const commitmentRoute = createRoute({
  method: 'get',
  path: '/{hash}',
  summary: 'Public: verify a signed commitment (hash recomputed); HTML for browsers',
  request: { params: hashParams },
  responses: {
    200: {
      description: 'the commitment and whether it is as signed (an HTML page when the client asks for text/html and not JSON)',
      content: {
        'application/json': {
          schema: z.strictObject({
            hash: z.string(),
            kind: z.enum(['program', 'masterplan']),
            programId: z.string().nullable(),
            masterplanId: z.string().nullable(),
            title: z.string(),
            content: z.looseObject({}).describe('what was signed: the proposal as approved, or the masterplan'),
            signatures: z.array(signatureSchema.extend({ text: z.string() })),
            completedAt: z.string(),
            tte: z.looseObject({}).nullable().describe('the certified electronic signature (TTE), once attached'),
            notice: z.string(),
            verified: z.boolean().describe('the hash recomputed matches, and so do the signatures it covers'),
            signaturesHash: z.string().nullable(),
            signaturesCovered: z.boolean(),
            pdfUrl: z.string(),
          }),
        },
        'text/html': { schema: z.string() },
      },
    },
    ...problems(404),
  },
});

const commitmentPdfRoute = createRoute({
  method: 'get',
  path: '/{hash}.pdf',
  summary: "Public: the signed commitment (a programme's or the masterplan's) as an official document, with a QR code to its verification page; not a TTE",
  request: { params: hashParams },
  responses: {
    200: { description: 'the document', content: { 'application/pdf': { schema: z.string().meta({ format: 'binary' }) } } },
    ...problems(404),
  },
});

const delegationIdParams = z.object({ id: z.string().describe('the delegation (32 hexadecimal characters)') });

const delegationSchema = z
  .looseObject({
    id: z.string(),
    officialId: z.string(),
    delegateId: z.string(),
    kind: z.enum(delegationKinds),
    from: z.string(),
    until: z.string(),
    basis: z.string(),
    exclusive: z.boolean().describe("confirmed by a second person: the official's own link does not work meanwhile"),
    exclusiveRequested: z.boolean().optional().describe('recorded as exclusive, awaiting or given the second confirmation'),
    revokedAt: z.string().nullable(),
    active: z.boolean().describe('in force today'),
    history: z.array(z.looseObject({ type: z.enum(['created', 'exclusive_confirmed', 'revoked']), at: z.string().nullable() })),
  })
  .describe('an acting official (Plt./Plh.), whether in force today, and who recorded, confirmed and revoked it when');

const delegationsRoute = createRoute({
  method: 'get',
  path: '/',
  summary: 'Acting officials (Plt./Plh.), with whether each is in force today',
  security: bearer,
  responses: { 200: jsonAnswer('every delegation', z.strictObject({ items: z.array(delegationSchema) })), ...problems(401, 403) },
});

const delegationHistoryRoute = createRoute({
  method: 'get',
  path: '/history',
  summary:
    'Every recording, exclusive confirmation and revocation of an acting official, oldest first: who, when, the delegation before and after (an audit event each)',
  security: bearer,
  responses: {
    200: changeHistoryAnswer({
      delegationId: z.string(),
      type: z.enum(['created', 'exclusive_confirmed', 'revoked']),
      before: z.looseObject({ id: z.string() }).nullable(),
      after: z.looseObject({ id: z.string() }),
    }),
    ...problems(401, 403),
  },
});

const delegateRoute = createRoute({
  method: 'post',
  path: '/',
  summary: 'Record an acting official (the secretariat); pending signature requests are re-routed',
  security: bearer,
  request: { body: jsonBody(delegationBody) },
  responses: {
    201: { ...jsonAnswer('recorded', delegationSchema), headers: { Location: { schema: { type: 'string' } } } },
    ...problems(400, 401, 403, 409, 415),
  },
});

const confirmExclusiveRoute = createRoute({
  method: 'post',
  path: '/{id}/exclusive-confirmation',
  summary:
    "Confirm an exclusive acting official (a second person: another member of the secretariat, or the official); the official's own link then stops working",
  security: bearer,
  request: { params: delegationIdParams, body: jsonBody(z.strictObject({})) },
  responses: { 200: jsonAnswer('confirmed', delegationSchema), ...problems(400, 401, 403, 404, 409, 415) },
});

const revokeRoute = createRoute({
  method: 'delete',
  path: '/{id}',
  summary: 'Revoke an acting official (the secretariat); pending signature requests are re-routed',
  security: bearer,
  request: { params: delegationIdParams },
  responses: { 200: jsonAnswer('revoked', delegationSchema), ...problems(401, 403, 404, 409) },
});

// ---------------------------------------------------------------------------------------

export function signatureRoutes(deps: AppDeps) {
  const { store, temporal } = deps;
  const handleOf = (programId: string) => temporal.workflow.getHandle(workflowIdOf(programId));

  const loadProgram = (id: string) => loadProgramOf(store, id);

  const publicRecord = ({ requestHash: _h, ...p }: ProgramRecord) => p;

  /** The workflow's signing state; 409 when the programme is not (or no longer) being signed. */
  async function signingView(program: ProgramRecord): Promise<ProgramView & { signing: NonNullable<ProgramView['signing']> }> {
    const view = await handleOf(program.id).query(programState);
    if (view.stage !== 'signing' || !view.signing) {
      throw new ProblemError(409, 'Not possible in this stage', `programme is in stage ${view.stage}; there is nothing to sign`);
    }
    return view as ProgramView & { signing: NonNullable<ProgramView['signing']> };
  }

  /** Which office this person signs now: the one asked for, or their only unsigned one. */
  function officeToSign(person: Person, view: { signing: NonNullable<ProgramView['signing']> }, asked: SignerOffice | undefined): SignerOffice {
    const { routes, signatures, offices } = view.signing;
    const signedFor = (office: SignerOffice) => signatures.find((s) => s.office === office);
    const mine = routes.filter((r) => r.signer.userId === person.id);
    if (asked !== undefined) {
      if (!offices.includes(asked)) throw new ProblemError(403, 'Not allowed', `office ${asked} does not sign this commitment`);
      const done = signedFor(asked);
      if (!mine.some((r) => r.office === asked)) {
        // Someone who signed this office already (and whose route has since gone) is told so.
        if (done?.signedBy.userId === person.id) throw new ProblemError(409, 'Already signed', `office ${asked} has already been signed by ${who(done)}`);
        throw new ProblemError(403, 'Not allowed', `you are not a signer for office ${asked}`);
      }
      if (done) throw new ProblemError(409, 'Already signed', `office ${asked} has already been signed by ${who(done)}`);
      const twice = secondOfficeRefusal(person.id, asked, signatures);
      if (twice) throw new ProblemError(403, 'Not allowed', twice);
      return asked;
    }
    const ownSigned = signatures.filter((s) => s.signedBy.userId === person.id);
    if (mine.length === 0) {
      if (ownSigned[0]) throw new ProblemError(409, 'Already signed', `you have already signed (office ${ownSigned[0].office}, ${ownSigned[0].at})`);
      throw new ProblemError(403, 'Not allowed', 'you are not among the signers of this commitment, nor acting for one of them');
    }
    const unsigned = [...new Set(mine.map((r) => r.office))].filter((o) => !signedFor(o));
    const open = unsigned.filter((o) => !secondOfficeRefusal(person.id, o, signatures));
    const twice = unsigned[0] && open.length === 0 ? secondOfficeRefusal(person.id, unsigned[0], signatures) : null;
    if (twice) throw new ProblemError(403, 'Not allowed', twice);
    if (open.length === 0) {
      const done = signedFor(mine[0]!.office)!;
      throw new ProblemError(409, 'Already signed', `office ${done.office} has already been signed by ${who(done)}`);
    }
    if (open.length > 1) {
      throw new ProblemError(400, 'Invalid request', `you may sign for several offices (${open.join(', ')}); say which one`, [
        { path: 'office', message: `one of ${open.join(', ')}` },
      ]);
    }
    return open[0]!;
  }

  /** The signing occurrence and office this person signs now; 409 when there is nothing (left) for them to sign. */
  async function whatToSign(person: Person, program: ProgramRecord, asked: SignerOffice | undefined): Promise<{ stageSeq: number; office: SignerOffice }> {
    if (program.stage !== 'signing') {
      const mine = (await store.signing.listSignatures(program.id)).find((s) => s.signedBy.userId === person.id && (asked === undefined || s.office === asked));
      if (mine)
        throw new ProblemError(
          409,
          'Already signed',
          `you have already signed (office ${mine.office}, ${mine.at}); the programme is now in stage ${program.stage}`,
        );
      const why = isEnded(program.stage)
        ? `programme has already ended (${program.stage})`
        : `programme is in stage ${program.stage}; there is nothing to sign`;
      throw new ProblemError(409, 'Not possible in this stage', why);
    }
    const view = await signingView(program);
    return { stageSeq: view.stageSeq, office: officeToSign(person, view, asked) };
  }

  const withVerifyUrl = (result: SignResult) => ({
    ...result,
    verifyUrl: result.complete && result.commitmentHash ? verifyUrlOf(deps.publicBaseUrl, result.commitmentHash) : null,
  });

  const routes = apiRoutes();
  routes.use('*', signedIn(deps));

  return routes
    .openapi(signRoute, async (c) => {
      const person = c.get('person');
      const body = c.req.valid('json');
      const program = await loadProgram(c.req.param('id'));
      const key = c.req.header('idempotency-key');
      const requestId = requestIdOf(key, 'sign', person.id);
      let target: { stageSeq: number; office: SignerOffice };
      try {
        target = await whatToSign(person, program, body.office);
      } catch (refused) {
        // The retry of a signature that went through (its answer lost) gets the first answer again.
        // The workflow answers a request id it knows without looking at the rest of the input.
        const replay = { requestId, stageSeq: program.stageSeq, office: body.office ?? signerOffices[0], actor: actorOf(person), channel: 'api' as const };
        const first =
          key !== undefined && isConflict(refused)
            ? await answeredBefore(
                deps,
                program.id,
                sign,
                { args: [replay], updateId: requestId },
                { personId: person.id, answeredTo: (first) => first.signature.signedBy.userId },
              )
            : null;
        if (!first) throw refused;
        c.header('Idempotent-Replayed', 'true');
        return c.json({ result: withVerifyUrl(first), program: publicRecord(await loadProgram(program.id)) }, 200);
      }
      const result = await updateProgram(deps, program.id, sign, {
        args: [{ requestId, ...target, actor: actorOf(person), channel: 'api' }],
        updateId: requestId,
      });
      return c.json({ result: withVerifyUrl(result), program: publicRecord(await loadProgram(program.id)) }, 200);
    })

    .openapi(signaturesRoute, async (c) => {
      const items = await loadProgramItems(store, c.req.param('id'));
      const why = refusal(c.get('person'), 'view', { opdId: items.program.proposal.opdId, stage: items.program.stage });
      if (why) throw new ProblemError(403, 'Not allowed', why);
      return c.json(await loadSigningOverview(deps, items), 200);
    });
}

// ---------------------------------------------------------------------------------------

export function commitmentRoutes(deps: AppDeps) {
  async function loadCommitment(raw: string): Promise<AnyCommitmentRecord> {
    const commitment = hashPattern.test(raw) ? await deps.store.signing.getCommitment(raw.toLowerCase()) : null;
    if (!commitment) throw new ProblemError(404, 'Not found', 'no commitment with this hash');
    return commitment;
  }

  const routes = apiRoutes<Env>();
  // Hono routes this path by a pattern ({hash} then ".pdf"), which a declared path cannot say:
  // routed here by hand, and documented from its declaration.
  routes.openAPIRegistry.registerPath(commitmentPdfRoute);
  // The commitment as an official document; the certified (BSrE) PDF instead, once one is attached.
  routes.get('/:hash{[a-fA-F0-9]{64}\\.pdf}', async (c) => {
    const commitment = await loadCommitment(c.req.param('hash').slice(0, -'.pdf'.length));
    const certified = commitment.tte && deps.certifiedCommitmentPdf ? await deps.certifiedCommitmentPdf.certifiedPdf(commitment) : null;
    const pdf = certified ?? (await renderCommitmentPdf(await loadCommitmentDocument(deps, commitment)));
    c.header('Content-Type', 'application/pdf');
    c.header('Content-Disposition', `inline; filename="komitmen-${commitment.hash.slice(0, 12)}.pdf"`);
    c.header('Cache-Control', 'public, max-age=60');
    return c.body(new Uint8Array(pdf));
  });

  return routes.openapi(commitmentRoute, async (c) => {
    const commitment = await loadCommitment(c.req.param('hash'));
    const checked = commitmentVerified(commitment);
    // Verified: the content, and the signatures shown wherever a hash covers them (signaturesCovered).
    const verified = checked.content && checked.signatures !== false;
    const subject = await commitmentSubjectOf(deps, commitment);
    const title = commitmentTitle(subject);
    // A signed commitment changes only when a TTE is attached: a short public cache is fine.
    c.header('Cache-Control', 'public, max-age=60');
    const accept = c.req.header('accept') ?? '';
    if (accept.includes('text/html') && !accept.includes('application/json')) {
      return c.html(commitmentPage({ commitment, subject, title, verified, pdfUrl: commitmentPdfPath(commitment.hash) }));
    }
    return c.json(
      {
        hash: commitment.hash,
        kind: subject.kind,
        programId: isMasterplanCommitment(commitment) ? null : commitment.programId,
        masterplanId: isMasterplanCommitment(commitment) ? commitment.masterplanId : null,
        title,
        content: commitment.content,
        signatures: commitment.signatures.map((s) => ({ ...s, text: describeSignature(s) })),
        completedAt: commitment.completedAt,
        tte: commitment.tte,
        notice: commitmentNotice,
        verified,
        signaturesHash: commitment.signaturesHash ?? null,
        signaturesCovered: checked.signatures === true,
        pdfUrl: `${deps.publicBaseUrl.replace(/\/+$/, '')}${commitmentPdfPath(commitment.hash)}`,
      },
      200,
    );
  });
}

// ---------------------------------------------------------------------------------------

/**
 * Tells every programme being signed that delegations or the roster changed, so pending
 * requests are re-routed to whoever may sign each office now.
 */
export async function rerouteSigning(deps: Pick<AppDeps, 'store' | 'temporal'>): Promise<void> {
  await signalRosterChanged(deps, 'signing');
}

/**
 * Sends `rosterChanged` to every programme in `stage` (of one OPD, with `opdId`): its workflow
 * works out anew who must act.
 */
export async function signalRosterChanged(deps: Pick<AppDeps, 'store' | 'temporal'>, stage: Stage, opdId?: string): Promise<void> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.store.programs.listPrograms({ stage, ...(opdId ? { opdId } : {}) }, { limit: 100, cursor });
    ids.push(...page.items.map((p) => p.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const workflowIds = ids.map(workflowIdOf);
  // The masterplan's commitment, while a round is being signed, re-routes the same way as signing.
  const round = stage === 'signing' ? await deps.store.signing.latestMasterplanRound(masterplanId) : null;
  if (round && round.commitmentHash === null) workflowIds.push(masterplanCommitmentWorkflowIdOf(masterplanId, round.round));
  const results = await Promise.allSettled(workflowIds.map((id) => deps.temporal.workflow.getHandle(id).signal(rosterChanged)));
  results.forEach((r, i) => {
    // A programme that ended meanwhile has nothing to re-route; anything else is worth a log line.
    if (r.status === 'rejected' && !(r.reason instanceof WorkflowNotFoundError)) console.error(`rosterChanged to ${workflowIds[i]} failed:`, r.reason);
  });
}

/**
 * Records an acting official (Plt./Plh.) and re-routes pending signatures: the API's
 * `POST /v1/delegations` and the secretariat's page both record through here. 400 with every
 * problem when it names someone not in the roster, an ineligible delegate, or the recorder as
 * delegate; 409 when it overlaps another delegation for the same official. An exclusive
 * delegation is only requested here: it holds once a second person confirms it.
 */
export async function recordDelegation(deps: Pick<AppDeps, 'store' | 'temporal'>, body: z.output<typeof delegationBody>, by: Person): Promise<Delegation> {
  const { store } = deps;
  const [official, delegate] = await Promise.all([store.roster.getPerson(body.officialId), store.roster.getPerson(body.delegateId)]);
  const problems = [
    ...(official ? [] : [{ path: 'officialId', message: `nobody with id ${body.officialId} in the roster` }]),
    ...(delegate ? [] : [{ path: 'delegateId', message: `nobody with id ${body.delegateId} in the roster` }]),
    ...(body.delegateId === by.id ? [{ path: 'delegateId', message: 'nobody may appoint themselves acting official' }] : []),
  ];
  const ineligible = official && delegate ? delegateRefusal(official, delegate) : null;
  if (ineligible) problems.push({ path: 'delegateId', message: ineligible });
  if (problems.length > 0 || !official) throw new ProblemError(400, 'Invalid request', 'the delegation cannot be recorded as asked', problems);

  // Two acting officials for the same official at once would make "who signs" ambiguous.
  const overlapping = (await store.signing.listDelegations()).find(
    (d) => d.officialId === body.officialId && d.revokedAt === null && d.from <= body.until && body.from <= d.until,
  );
  if (overlapping) {
    throw new ProblemError(
      409,
      'Overlapping delegation',
      `delegation ${overlapping.id} (${overlapping.kind}, ${overlapping.from} to ${overlapping.until}) already covers part of this period for ${official.name}; revoke it first`,
    );
  }

  const { exclusive, ...terms } = body;
  const delegation: Delegation = {
    id: randomBytes(16).toString('hex'),
    ...terms,
    exclusive: false,
    exclusiveRequested: exclusive,
    exclusiveConfirmedAt: null,
    exclusiveConfirmedBy: null,
    createdAt: new Date().toISOString(),
    createdBy: assigneeOf(by),
    revokedAt: null,
    revokedBy: null,
  };
  const stored = await store.signing.putDelegation(delegation);
  await rerouteSigning(deps);
  return stored;
}

/**
 * Revokes a delegation and re-routes pending signatures: the API's `DELETE /v1/delegations/:id`
 * and the secretariat's page both revoke through here. 404 for an unknown delegation, 409 when
 * it was already revoked (also by someone else a moment ago).
 */
export async function revokeDelegation(deps: Pick<AppDeps, 'store' | 'temporal'>, id: string, by: Person): Promise<Delegation> {
  const { store } = deps;
  const existing = delegationIdPattern.test(id) ? await store.signing.getDelegation(id) : null;
  if (!existing) throw new ProblemError(404, 'Not found', 'no such delegation');
  if (existing.revokedAt !== null) throw new ProblemError(409, 'Already revoked', `delegation ${id} was already revoked at ${existing.revokedAt}`);
  const revoked = await store.signing.revokeDelegation(id, new Date().toISOString(), assigneeOf(by));
  if (!revoked) {
    const now = await store.signing.getDelegation(id);
    throw new ProblemError(409, 'Already revoked', `delegation ${id} was already revoked at ${now?.revokedAt ?? 'just now'}`);
  }
  await rerouteSigning(deps);
  return revoked;
}

export function delegationRoutes(deps: AppDeps) {
  const { store } = deps;

  function check(person: Person, action: 'view' | 'delegate'): void {
    const why = refusal(person, action);
    if (why) throw new ProblemError(403, 'Not allowed', why);
  }

  const today = () => wibDate(new Date());
  /** A delegation as answered: whether it is in force today, and who recorded, confirmed and revoked it when. */
  const withStatus = (d: Delegation) => ({ ...d, active: delegationActive(d, today()), history: delegationHistory(d) });

  async function loadDelegation(id: string): Promise<Delegation> {
    const existing = delegationIdPattern.test(id) ? await store.signing.getDelegation(id) : null;
    if (!existing) throw new ProblemError(404, 'Not found', 'no such delegation');
    return existing;
  }

  const routes = apiRoutes();
  routes.use('*', signedIn(deps));

  return routes
    .openapi(delegationsRoute, async (c) => {
      check(c.get('person'), 'view');
      const items = await store.signing.listDelegations();
      return c.json({ items: items.map(withStatus) }, 200);
    })

    .openapi(delegationHistoryRoute, async (c) => {
      check(c.get('person'), 'view');
      return c.json({ items: await store.signing.listDelegationChanges() }, 200);
    })

    .openapi(delegateRoute, async (c) => {
      const person = c.get('person');
      check(person, 'delegate');
      const body = c.req.valid('json');
      const stored = await recordDelegation(deps, body, person);
      c.header('Location', `/v1/delegations/${stored.id}`);
      return c.json(withStatus(stored), 201);
    })

    .openapi(confirmExclusiveRoute, async (c) => {
      const person = c.get('person');
      const existing = await loadDelegation(c.req.param('id'));
      // The second person: another member of the secretariat, or the official who will be silenced.
      if (person.id === existing.createdBy?.userId || person.id === existing.delegateId) {
        throw new ProblemError(403, 'Not allowed', 'an exclusive delegation is confirmed by a second person, not by who recorded it or the delegate');
      }
      if (person.id !== existing.officialId) check(person, 'delegate');
      if (!existing.exclusiveRequested) throw new ProblemError(409, 'Not exclusive', `delegation ${existing.id} was not recorded as exclusive`);
      const confirmed = await store.signing.confirmExclusive(existing.id, new Date().toISOString(), assigneeOf(person));
      if (!confirmed) throw new ProblemError(409, 'Already confirmed or revoked', `delegation ${existing.id} is already exclusive or was revoked`);
      await rerouteSigning(deps);
      return c.json(withStatus(confirmed), 200);
    })

    .openapi(revokeRoute, async (c) => {
      const person = c.get('person');
      check(person, 'delegate');
      return c.json(withStatus(await revokeDelegation(deps, c.req.param('id'), person)), 200);
    });
}
