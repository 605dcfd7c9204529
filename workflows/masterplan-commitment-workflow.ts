/**
 * One round of the masterplan's commitment (docs/product.md §9): the Bupati, the Wakil Bupati,
 * the Sekda and every OPD head sign in parallel, each seat once, by its official or an acting
 * official (Plt./Plh.) whose delegation is in force. While seats are unsigned the signers are
 * reminded on the signing stage's schedule (WIB working days) and the secretariat is told when
 * the deadline has passed; a roster or delegation change (`rosterChanged`) or a delegation
 * starting or ending re-routes the unsigned seats; a re-route also drops the seat of an OPD merged
 * into another meanwhile (its signature, if given, stays on record), and completes the round
 * when every seat left is signed. The last signature records the commitment
 * under its hash, verifiable publicly like a programme's. Nothing is ever signed automatically.
 *
 * Workflow id: `masterplan-commitment-<masterplanId>-<round>`. Deterministic only: every effect
 * is an activity (activities/masterplan-commitment.ts).
 */
import { ActivityFailure, ApplicationFailure, allHandlersFinished, condition, patched, setHandler } from '@temporalio/workflow';
import { wibDate } from '../domain/calendar.js';
import { refusalTypes } from '../domain/refusals.js';
import { sameSeat, type Signature, type SignerRoute } from '../domain/signing.js';
import {
  masterplanCommitmentOpened,
  masterplanCommitmentState,
  rosterChanged,
  signMasterplanCommitment,
  type MasterplanCommitmentInput,
  type MasterplanCommitmentView,
  type MasterplanSignInput,
  type MasterplanSignResult,
} from './messages.js';
import { acts, assigneeOf, earliest, now, refuse } from './state.js';

interface RoundState {
  view: MasterplanCommitmentView;
  answers: Map<string, MasterplanSignResult>;
  /** One signature is recorded at a time, so the last one alone records the commitment. */
  recording: boolean;
  rosterDirty: boolean;
  /** When a delegation of one of the officials starts or ends next: re-route then. */
  routeChangeAt: string | null;
  /** The newest reminder or escalation sent, so none is sent twice. */
  notifiedUntil: string | null;
  reroutes: number;
}

const unsignedRoutes = (v: MasterplanCommitmentView): SignerRoute[] => v.routes.filter((r) => !v.signatures.some((s) => sameSeat(s, r)));

/** Why this signature cannot be given now (the validator's and, after waiting its turn, the handler's check). */
function signatureRefusal(v: MasterplanCommitmentView, input: MasterplanSignInput): { type: string; message: string } | null {
  if (!v.opened) return { type: refusalTypes.wrongStage, message: 'the commitment is still being opened; try again in a moment' };
  if (v.commitmentHash !== null) return { type: refusalTypes.wrongStage, message: 'the commitment is complete; there is nothing left to sign' };
  if (input.round !== v.round) return { type: refusalTypes.wrongStage, message: 'the signing this signature was meant for has ended' };
  if (!v.seats.some((s) => sameSeat(s, input.seat))) return { type: refusalTypes.notAllowed, message: 'this seat does not sign this commitment' };
  const signed = v.signatures.find((s) => sameSeat(s, input.seat));
  if (signed) return { type: refusalTypes.alreadyDecided, message: `this seat has already signed (${signed.signedBy.name}, ${signed.at})` };
  const other = v.signatures.find((s) => s.signedBy.userId === input.actor.userId);
  if (other) return { type: refusalTypes.notAllowed, message: 'you have already signed this commitment for another seat; one person signs for one seat only' };
  if (!v.routes.some((r) => sameSeat(r, input.seat) && r.signer.userId === input.actor.userId)) {
    return { type: refusalTypes.notAllowed, message: 'you are not a signer for this seat' };
  }
  return null;
}

export async function masterplanCommitmentWorkflow(input: MasterplanCommitmentInput): Promise<MasterplanCommitmentView> {
  const s: RoundState = {
    view: {
      masterplanId: input.masterplanId,
      round: input.round,
      opened: false,
      openedAt: null,
      seats: [],
      routes: [],
      signatures: [],
      dueDate: null,
      dueAt: null,
      commitmentHash: null,
    },
    answers: new Map(),
    recording: false,
    rosterDirty: false,
    routeChangeAt: null,
    notifiedUntil: null,
    reroutes: 0,
  };
  const { view } = s;

  setHandler(masterplanCommitmentState, () => view);
  setHandler(masterplanCommitmentOpened, async () => {
    await condition(() => view.opened);
    return view;
  });
  setHandler(rosterChanged, () => {
    s.rosterDirty = true;
  });
  setHandler(signMasterplanCommitment, (i) => recordSignature(s, i), {
    validator: (i: MasterplanSignInput) => {
      if (s.answers.has(i.requestId)) return;
      const why = signatureRefusal(view, i);
      if (why) refuse(why.type, why.message);
    },
  });

  const at = now();
  const opened = await acts.openMasterplanCommitment({ masterplanId: input.masterplanId, round: input.round, openedBy: assigneeOf(input.openedBy), at });
  Object.assign(view, {
    seats: opened.round.seats,
    routes: opened.routes,
    openedAt: opened.round.openedAt,
    dueDate: opened.round.dueDate,
    dueAt: opened.round.dueAt,
  });
  s.routeChangeAt = opened.nextRouteChangeAt;
  view.opened = true;

  while (view.commitmentHash === null) {
    const dueDate = view.dueDate ?? wibDate(new Date(at));
    const planned = await acts.planNotifications({
      policy: 'signing',
      openedOn: wibDate(new Date(view.openedAt ?? at)),
      dueDate,
      after: s.notifiedUntil ?? view.openedAt ?? at,
      now: now(),
      escalates: 'signing',
    });
    for (const notification of planned.due) {
      await acts.remindMasterplanSigners({ masterplanId: view.masterplanId, round: view.round, notification, unsignedRoutes: unsignedRoutes(view) });
    }
    s.notifiedUntil = planned.due.at(-1)?.at ?? s.notifiedUntil;
    const until = earliest(planned.next?.at ?? null, s.routeChangeAt);
    const woken = () => s.rosterDirty || view.commitmentHash !== null;
    if (until === null) await condition(woken);
    else await condition(woken, Math.max(1, Date.parse(until) - Date.now()));
    if (view.commitmentHash === null && (s.rosterDirty || (s.routeChangeAt !== null && Date.now() >= Date.parse(s.routeChangeAt)))) {
      s.rosterDirty = false;
      await reroute(s);
    }
  }
  // Every signature's answer is given before the workflow ends.
  await condition(allHandlersFinished);
  return view;
}

/** Asks who may sign the unsigned seats now; new signers are asked once the workflow holds their routes. */
async function reroute(s: RoundState): Promise<void> {
  const { view } = s;
  await condition(() => !s.recording);
  s.reroutes += 1;
  const seats = view.seats.filter((seat) => !view.signatures.some((x) => sameSeat(x, seat)));
  const dropsMergedSeats = patched('masterplan-merged-opd-seat-dropped');
  const routed = await acts.routeMasterplanSigners({
    masterplanId: view.masterplanId,
    round: view.round,
    seats,
    ...(dropsMergedSeats ? { signedSeats: view.seats.filter((seat) => !seats.includes(seat)) } : {}),
    previous: unsignedRoutes(view),
    at: now(),
    reroute: s.reroutes,
  });
  // Activities recorded before seats could be dropped answered without `dropped`.
  const dropped = dropsMergedSeats ? routed.dropped.filter((d) => view.seats.some((seat) => sameSeat(seat, d.seat))) : [];
  view.seats = view.seats.filter((seat) => !dropped.some((d) => sameSeat(d.seat, seat)));
  if (dropped.length > 0) view.droppedSeats = [...(view.droppedSeats ?? []), ...dropped];
  view.routes = [...view.routes.filter((r) => view.signatures.some((x) => sameSeat(x, r))), ...routed.routes];
  s.routeChangeAt = routed.nextRouteChangeAt;
  if (dropped.length === 0) return;
  // The seat dropped may have been the last one unsigned: the round is complete now.
  await condition(() => !s.recording);
  if (view.commitmentHash !== null || !allSeatsSigned(view)) return;
  s.recording = true;
  try {
    await recordCommitment(view, now());
  } finally {
    s.recording = false;
  }
}

const allSeatsSigned = (v: MasterplanCommitmentView): boolean => v.seats.every((seat) => v.signatures.some((x) => sameSeat(x, seat)));

/** Records the commitment with every signature given, those of dropped seats included (they stay on record). */
async function recordCommitment(view: MasterplanCommitmentView, at: string): Promise<void> {
  const committed = await acts.recordMasterplanCommitment({ masterplanId: view.masterplanId, round: view.round, signatures: view.signatures, at });
  view.commitmentHash = committed.hash;
}

/** Records one signature (one at a time); the last one records the commitment. */
async function recordSignature(s: RoundState, input: MasterplanSignInput): Promise<MasterplanSignResult> {
  const known = s.answers.get(input.requestId);
  if (known) return known;
  await condition(() => !s.recording);
  const { view } = s;
  // Checked again: another signature or a re-route may have been recorded while this one waited.
  const why = signatureRefusal(view, input);
  if (why) refuse(why.type, why.message);
  // signatureRefusal found the route; should that ever change, a refusal rather than a workflow task failing for good.
  const route = view.routes.find((r) => sameSeat(r, input.seat) && r.signer.userId === input.actor.userId);
  if (!route) refuse(refusalTypes.notAllowed, 'you are not a signer for this seat');
  s.recording = true;
  try {
    const signature: Signature = {
      office: route.office,
      ...(route.opdId === undefined ? {} : { opdId: route.opdId }),
      official: route.official,
      signedBy: assigneeOf(input.actor),
      capacity: route.capacity,
      basis: route.basis,
      at: now(),
      channel: input.channel,
    };
    try {
      await acts.recordMasterplanSignature({ masterplanId: view.masterplanId, round: view.round, signature });
    } catch (e) {
      // The roster or delegations of now no longer let this person sign: refuse, and go on.
      if (e instanceof ActivityFailure && e.cause instanceof ApplicationFailure && e.cause.type === refusalTypes.notAllowed)
        refuse(refusalTypes.notAllowed, e.cause.message);
      throw e;
    }
    view.signatures.push(signature);
    const complete = allSeatsSigned(view);
    if (complete) await recordCommitment(view, signature.at);
    const result: MasterplanSignResult = {
      masterplanId: view.masterplanId,
      round: view.round,
      signature,
      signed: view.signatures.filter((x) => view.seats.some((seat) => sameSeat(x, seat))).length,
      required: view.seats.length,
      complete,
      commitmentHash: view.commitmentHash,
    };
    s.answers.set(input.requestId, result);
    return result;
  } finally {
    s.recording = false;
  }
}
