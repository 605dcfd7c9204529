/**
 * The masterplan's commitment through the API (docs/product.md §9), mounted at
 * /v1/masterplan/commitment:
 *  - POST /           the secretariat opens a signing round (409 while one is open);
 *  - GET  /           "k dari N telah menandatangani": each seat, who signed it (as whom) or who is awaited;
 *  - POST /signatures a signer signs their seat (the workflow's Update re-checks everything).
 * The web page (api/web/masterplan-commitment.tsx) acts through the same functions.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import seededMasterplan from '../../data/masterplan-solok-selatan.json' with { type: 'json' };
import { yearSpan } from '../../domain/commitment-document.js';
import type { Channel } from '../../domain/program.js';
import { actorOf, type Person } from '../../domain/roles.js';
import {
  describeSignature,
  sameSeat,
  seatKey,
  seatOf,
  signerOfficeLabels,
  signerOffices,
  type DroppedSeat,
  type MasterplanCommitmentRound,
  type Signature,
  type SignerRoute,
  type SignerSeat,
} from '../../domain/signing.js';
import {
  masterplanCommitmentOpened,
  masterplanCommitmentState,
  masterplanCommitmentWorkflowIdOf,
  signMasterplanCommitment,
  type MasterplanCommitmentView,
  type MasterplanSignResult,
} from '../../workflows/messages.js';
import type { masterplanCommitmentWorkflow } from '../../workflows/masterplan-commitment-workflow.js';
import { signedIn, type AppDeps } from '../context.js';
import { verifyUrlOf } from '../links/sign-link.js';
import { ProblemError } from '../problem.js';
import { commitmentPdfPath } from '../signing-pages.js';
import { requestIdOf, withinUpdateDeadline } from '../updates.js';
import { apiRoutes, bearer, idempotencyKey, jsonAnswer, jsonBody, problems } from '../documented.js';
import { formatDate } from '../views/dates.js';
import { signatureSchema } from '../signing-view.js';

/** The masterplan whose commitment is signed: the regency's one masterplan (its id as seeded; not the seed itself, which stays out of the API). */
export const masterplanId = seededMasterplan.id;

const seatSchema = z.strictObject({ office: z.enum(signerOffices), opdId: z.string().min(1).max(64).optional() });
/** `seat` is needed only when the person may sign several seats. */
export const masterplanSignBody = z.strictObject({ seat: seatSchema.optional() });

const isSecretariat = (p: Person) => p.roles.includes('secretariat');

/** One seat as people read it: the office, its signature or who may still sign it. */
export interface SeatOverview {
  seat: SignerSeat;
  key: string;
  label: string;
  signature: (Signature & { text: string }) | null;
  awaiting: Pick<SignerRoute, 'signer' | 'capacity' | 'basis'>[];
}

/** A seat dropped from the round (its OPD merged into another), as people read it. */
export interface DroppedSeatOverview extends DroppedSeat {
  label: string;
  reason: string;
  /** The signature given before the merge, kept on record. */
  signature: (Signature & { text: string }) | null;
}

export type MasterplanCommitmentOverview = Awaited<ReturnType<typeof loadMasterplanCommitment>>;

/** The newest round as people need it; the workflow's view while it is open, the store's once complete. */
export async function loadMasterplanCommitment(deps: Pick<AppDeps, 'store' | 'temporal' | 'publicBaseUrl'>) {
  const { store } = deps;
  const [stored, masterplan, opds] = await Promise.all([
    store.signing.latestMasterplanRound(masterplanId),
    store.masterplan.getMasterplan(masterplanId),
    store.roster.listOpds(),
  ]);
  const title = masterplan ? `${masterplan.title} ${yearSpan(masterplan.startYear, masterplan.endYear)}` : masterplanId;
  const labelOf = (seat: SignerSeat, route: SignerRoute | undefined) =>
    route?.official.title ||
    (seat.opdId === undefined ? signerOfficeLabels[seat.office] : `Kepala ${opds.find((o) => o.id === seat.opdId)?.name ?? seat.opdId}`);
  if (!stored) {
    return {
      masterplanId,
      title,
      round: null,
      status: 'none' as const,
      required: 0,
      signed: 0,
      progress: 'Belum dimulai',
      seats: [],
      dropped: [],
      ...noDue,
      ...unsigned,
    };
  }
  const live = stored.commitmentHash === null ? await viewOf(deps, stored) : null;
  const signatures = live?.signatures ?? (await store.signing.listMasterplanSignatures(masterplanId, stored.round));
  const routes = live?.routes ?? [];
  const seats: SeatOverview[] = stored.seats.map((seat) => {
    const signature = signatures.find((s) => sameSeat(s, seat));
    const candidates = routes.filter((r) => sameSeat(r, seat));
    return {
      seat,
      key: seatKey(seat),
      label: labelOf(
        seat,
        candidates.find((r) => r.capacity === 'self') ?? candidates[0] ?? (signature ? { ...signature, signer: signature.signedBy } : undefined),
      ),
      signature: signature ? { ...signature, text: describeSignature(signature) } : null,
      awaiting: signature ? [] : candidates.map((r) => ({ signer: r.signer, capacity: r.capacity, basis: r.basis })),
    };
  });
  const signed = seats.filter((x) => x.signature !== null).length;
  const opdName = (id: string) => opds.find((o) => o.id === id)?.name ?? id;
  // Seats of OPDs merged into another while the round was open: shown with why, not counted.
  const dropped: DroppedSeatOverview[] = (stored.droppedSeats ?? []).map((d) => {
    const signature = signatures.find((s) => sameSeat(s, d.seat));
    return {
      ...d,
      label: labelOf(d.seat, undefined),
      reason: `${opdName(d.seat.opdId ?? '')} digabungkan ke ${opdName(d.mergedInto)} mulai ${formatDate(d.mergedOn)}; kursi ini tidak lagi diperlukan`,
      signature: signature ? { ...signature, text: describeSignature(signature) } : null,
    };
  });
  const hash = stored.commitmentHash;
  return {
    masterplanId,
    title,
    round: stored.round,
    status: hash === null ? ('open' as const) : ('complete' as const),
    required: seats.length,
    signed,
    progress: `${signed} dari ${seats.length} telah menandatangani`,
    seats,
    dropped,
    dueDate: stored.dueDate,
    dueAt: stored.dueAt,
    overdue: hash === null && stored.dueAt < new Date().toISOString(),
    commitmentHash: hash,
    verifyUrl: hash === null ? null : verifyUrlOf(deps.publicBaseUrl, hash),
    pdfUrl: hash === null ? null : `${deps.publicBaseUrl.replace(/\/+$/, '')}${commitmentPdfPath(hash)}`,
  };
}

const noDue = { dueDate: null, dueAt: null, overdue: false };
const unsigned = { commitmentHash: null, verifyUrl: null, pdfUrl: null };

/** The open round's workflow view; null when the workflow has just finished (the store then has everything). */
async function viewOf(deps: Pick<AppDeps, 'temporal'>, r: MasterplanCommitmentRound): Promise<MasterplanCommitmentView | null> {
  try {
    return await deps.temporal.workflow.getHandle(masterplanCommitmentWorkflowIdOf(r.masterplanId, r.round)).query(masterplanCommitmentState);
  } catch (e) {
    if (e instanceof WorkflowNotFoundError) return null;
    throw e;
  }
}

/** Opens the next signing round (the secretariat); 409 while a round is open. */
export async function openMasterplanCommitment(deps: Pick<AppDeps, 'store' | 'temporal' | 'taskQueue'>, person: Person): Promise<MasterplanCommitmentView> {
  if (!isSecretariat(person)) throw new ProblemError(403, 'Not allowed', 'only the secretariat may open the signing of the masterplan commitment');
  if (!(await deps.store.masterplan.getMasterplan(masterplanId))) throw new ProblemError(409, 'No masterplan', 'the masterplan is not stored yet');
  const latest = await deps.store.signing.latestMasterplanRound(masterplanId);
  if (latest && latest.commitmentHash === null) {
    throw new ProblemError(409, 'Signing in progress', `round ${latest.round} of the masterplan commitment is still being signed`);
  }
  const round = (latest?.round ?? 0) + 1;
  try {
    const handle = await withinUpdateDeadline(deps.temporal, () =>
      deps.temporal.workflow.start<typeof masterplanCommitmentWorkflow>('masterplanCommitmentWorkflow', {
        workflowId: masterplanCommitmentWorkflowIdOf(masterplanId, round),
        taskQueue: deps.taskQueue,
        args: [{ masterplanId, round, openedBy: actorOf(person) }],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      }),
    );
    return await withinUpdateDeadline(deps.temporal, () => handle.executeUpdate(masterplanCommitmentOpened, { args: [] }));
  } catch (e) {
    if (e instanceof WorkflowExecutionAlreadyStartedError) throw new ProblemError(409, 'Signing in progress', `round ${round} was opened a moment ago`);
    throw e;
  }
}

/** Signs this person's seat of the open round: the one asked for, or their only unsigned one. */
export async function signMasterplan(
  deps: Pick<AppDeps, 'store' | 'temporal'>,
  person: Person,
  asked: SignerSeat | undefined,
  channel: Channel,
  requestId: string,
  /** Whether the request id is the caller's own (an Idempotency-Key): a retry of a signature that went through gets its first answer. */
  replayable = false,
): Promise<MasterplanSignResult & { replayed?: true }> {
  const latest = await deps.store.signing.latestMasterplanRound(masterplanId);
  if (!latest || latest.commitmentHash !== null) throw new ProblemError(409, 'Nothing to sign', 'no signing of the masterplan commitment is open');
  const handle = deps.temporal.workflow.getHandle(masterplanCommitmentWorkflowIdOf(masterplanId, latest.round));
  const view = await handle.query(masterplanCommitmentState);
  const mine = unsignedRoutesOf(view).filter((r) => r.signer.userId === person.id);
  const seats = [...new Map(mine.map((r) => [seatKey(r), { office: r.office, ...(r.opdId === undefined ? {} : { opdId: r.opdId }) }])).values()];
  const seat = asked ?? seats[0];
  if (!seat) {
    const own = view.signatures.find((s) => s.signedBy.userId === person.id);
    if (own && replayable) {
      // The workflow answers a request id it knows without checking the rest again.
      const first = await withinUpdateDeadline(deps.temporal, () =>
        handle.executeUpdate(signMasterplanCommitment, {
          args: [{ requestId, round: latest.round, seat: seatOf(own), actor: actorOf(person), channel }],
          updateId: requestId,
        }),
      ).catch(() => null);
      if (first?.signature.signedBy.userId === person.id) return { ...first, replayed: true };
    }
    if (own) throw new ProblemError(409, 'Already signed', `you have already signed (${describeSignature(own)}, ${own.at})`);
    // A seat this person could have signed, signed by its other signer (the official or the Plt./Plh.).
    const signedForThem = view.signatures.find((s) => view.routes.some((r) => sameSeat(r, s) && r.signer.userId === person.id));
    if (signedForThem)
      throw new ProblemError(409, 'Already signed', `this seat has already been signed: ${describeSignature(signedForThem)}, ${signedForThem.at}`);
    throw new ProblemError(403, 'Not allowed', 'you are not among the signers of the masterplan commitment, nor acting for one of them');
  }
  if (asked === undefined && seats.length > 1) {
    throw new ProblemError(400, 'Invalid request', `you may sign for several seats (${seats.map(seatKey).join(', ')}); say which one`, [
      { path: 'seat', message: `one of ${seats.map(seatKey).join(', ')}` },
    ]);
  }
  return withinUpdateDeadline(deps.temporal, () =>
    handle.executeUpdate(signMasterplanCommitment, {
      args: [{ requestId, round: latest.round, seat, actor: actorOf(person), channel }],
      updateId: requestId,
    }),
  );
}

const unsignedRoutesOf = (v: MasterplanCommitmentView) => v.routes.filter((r) => !v.signatures.some((s) => sameSeat(s, r)));

const seatAnswer = z.looseObject({ office: z.string(), opdId: z.string().optional() });

/** What `loadMasterplanCommitment` answers. */
const commitmentOverviewSchema = z.strictObject({
  masterplanId: z.string(),
  title: z.string(),
  round: z.number().int().nullable(),
  status: z.enum(['none', 'open', 'complete']),
  required: z.number().int(),
  signed: z.number().int(),
  progress: z.string().describe('"k dari N telah menandatangani"'),
  seats: z.array(
    z.strictObject({
      seat: seatAnswer,
      key: z.string(),
      label: z.string(),
      signature: signatureSchema.extend({ text: z.string() }).nullable(),
      awaiting: z.array(z.looseObject({ capacity: z.string() })).describe('who may still sign the seat: the official, or a Plt./Plh.'),
    }),
  ),
  dropped: z
    .array(
      z.strictObject({
        seat: seatAnswer,
        mergedInto: z.string(),
        mergedOn: z.string(),
        droppedAt: z.string(),
        label: z.string(),
        reason: z.string(),
        signature: signatureSchema.extend({ text: z.string() }).nullable(),
      }),
    )
    .describe('seats of OPDs merged into another while the round was open: no longer required; a signature given before stays on record'),
  dueDate: z.string().nullable(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  commitmentHash: z.string().nullable(),
  verifyUrl: z.string().nullable(),
  pdfUrl: z.string().nullable(),
});

const roundRoute = createRoute({
  method: 'get',
  path: '/',
  summary: 'The masterplan commitment\'s newest signing round: "k dari N telah menandatangani", each seat with its signature or who is awaited',
  security: bearer,
  responses: { 200: jsonAnswer('the newest round', commitmentOverviewSchema), ...problems(401) },
});

const openRoute = createRoute({
  method: 'post',
  path: '/',
  summary: 'Open a signing round of the masterplan commitment (the secretariat): the Bupati, Wakil Bupati, Sekda and every OPD head are asked to sign',
  security: bearer,
  request: { body: jsonBody(z.strictObject({})) },
  responses: { 201: jsonAnswer('the round, opened', commitmentOverviewSchema), ...problems(400, 401, 403, 409, 415) },
});

const signSeatRoute = createRoute({
  method: 'post',
  path: '/signatures',
  summary: "Sign this person's seat of the open round, as official or acting official (Plt./Plh.); optional Idempotency-Key",
  security: bearer,
  parameters: [idempotencyKey],
  request: { body: jsonBody(masterplanSignBody) },
  responses: {
    200: jsonAnswer(
      'signed',
      z.strictObject({
        result: z.looseObject({
          masterplanId: z.string(),
          round: z.number().int(),
          signature: signatureSchema,
          signed: z.number().int(),
          required: z.number().int(),
          complete: z.boolean(),
          commitmentHash: z.string().nullable(),
        }),
        commitment: commitmentOverviewSchema,
      }),
    ),
    ...problems(400, 401, 403, 409, 415),
  },
});

export function masterplanCommitmentRoutes(deps: AppDeps) {
  const routes = apiRoutes();
  routes.use('*', signedIn(deps));
  return routes
    .openapi(roundRoute, async (c) => c.json(await loadMasterplanCommitment(deps), 200))
    .openapi(openRoute, async (c) => {
      await openMasterplanCommitment(deps, c.get('person'));
      return c.json(await loadMasterplanCommitment(deps), 201);
    })
    .openapi(signSeatRoute, async (c) => {
      const person = c.get('person');
      const key = c.req.header('idempotency-key');
      const requestId = requestIdOf(key, 'sign', person.id);
      const { replayed, ...result } = await signMasterplan(deps, person, c.req.valid('json').seat, 'api', requestId, key !== undefined);
      if (replayed) c.header('Idempotent-Replayed', 'true');
      return c.json({ result, commitment: await loadMasterplanCommitment(deps) }, 200);
    });
}
