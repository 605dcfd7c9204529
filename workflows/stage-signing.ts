/**
 * Signing the commitment: each required office signs once, by its official or an acting
 * official whose delegation is in force. The signers are re-routed when the roster or a
 * delegation changes; the last signature records the commitment and opens implementation.
 */
import { signLinkSubject } from '../domain/links.js';
import type { Signature } from '../domain/signing.js';
import { refusalTypes, type SignInput, type SignResult } from './messages.js';
import { checkRequest, recordAs, RecordingRefused } from './requests.js';
import { enterStage } from './stage-changes.js';
import { openImplementation } from './stage-implementation.js';
import {
  actorOfEvent,
  acts,
  assigneeOf,
  chainedTo,
  nextEvent,
  now,
  prevHashFor,
  recordRefusedMail,
  refuse,
  uniqueAssignees,
  type ProgramState,
} from './state.js';

export function validateSignature(s: ProgramState, input: SignInput): void {
  if (checkRequest(s, input, null)) return;
  const { view } = s;
  const signing = view.signing;
  if (view.stage !== 'signing' || !signing) refuse(refusalTypes.wrongStage, `programme is in stage ${view.stage}; there is nothing to sign`);
  if (input.stageSeq !== view.stageSeq) refuse(refusalTypes.wrongStage, 'the signing this signature was meant for has ended');
  if (!signing.offices.includes(input.office)) refuse(refusalTypes.notAllowed, `office ${input.office} does not sign this commitment`);
  const signed = signing.signatures.find((x) => x.office === input.office);
  if (signed) refuse(refusalTypes.alreadyDecided, `office ${input.office} has already signed (${signed.signedBy.name}, ${signed.at})`);
  if (!signing.routes.some((r) => r.office === input.office && r.signer.userId === input.actor.userId)) {
    refuse(refusalTypes.notAllowed, `you are not a signer for office ${input.office}`);
  }
}

export async function recordSignature(s: ProgramState, input: SignInput): Promise<SignResult> {
  const { programId, view } = s;
  // Checked again: the signers may have been re-routed after the validator accepted this signature.
  const signing = view.signing;
  if (view.stage !== 'signing' || !signing)
    throw new RecordingRefused(refusalTypes.wrongStage, `programme is in stage ${view.stage}; there is nothing to sign`);
  if (signing.signatures.some((x) => x.office === input.office))
    throw new RecordingRefused(refusalTypes.alreadyDecided, `office ${input.office} has already signed`);
  const route = signing.routes.find((r) => r.office === input.office && r.signer.userId === input.actor.userId);
  if (!route)
    throw new RecordingRefused(
      refusalTypes.notAllowed,
      `you are no longer a signer for office ${input.office}: the signers changed while your signature was on its way`,
    );
  const at = now();
  const signature: Signature = {
    office: route.office,
    official: route.official,
    signedBy: assigneeOf(input.actor),
    capacity: route.capacity,
    basis: route.basis,
    at,
    channel: input.channel,
  };
  const eventSeqBefore = s.eventSeq;
  const e = nextEvent(s, 'signed', {
    actor: actorOfEvent(input.actor, route.capacity === 'self' ? route.office : `${route.capacity}:${route.office}`),
    channel: input.channel,
    toStage: 'signing',
    details: { signature },
  });
  const recorded = await recordAs(
    s,
    eventSeqBefore,
    acts.recordSignature({
      programId,
      stageSeq: view.stageSeq,
      signature,
      event: e,
      links: signing.routes.filter((r) => r.office === input.office).map((r) => ({ userId: r.signer.userId, subject: signLinkSubject(r) })),
      prevHash: prevHashFor(s, e.seq),
    }),
  );
  chainedTo(s, e.seq, recorded);
  signing.signatures.push(signature);
  const complete = signing.offices.every((o) => signing.signatures.some((x) => x.office === o));
  view.awaiting = uniqueAssignees(signing.routes.filter((r) => !signing.signatures.some((x) => x.office === r.office)).map((r) => r.signer));
  if (!complete) {
    return { programId, signature, signed: signing.signatures.length, required: signing.offices.length, complete: false, commitmentHash: null };
  }
  const committed = await acts.recordCommitment({ programId, proposalVersion: view.proposalVersion, proposal: s.proposal, signatures: signing.signatures, at });
  const { hash } = committed;
  view.commitmentHash = hash;
  await recordRefusedMail(s, committed);
  const closing = nextEvent(s, 'decided', {
    actor: actorOfEvent(input.actor, signature.capacity),
    channel: input.channel,
    toStage: 'implementation',
    decision: 'sign',
    comment: `komitmen lengkap: ${hash}`,
  });
  const closed = await acts.closeStage({
    programId,
    stageSeq: view.stageSeq,
    stage: 'signing',
    outcome: { result: 'sign', by: signature.signedBy, at, comment: '' },
    event: closing,
    links: [],
    prevHash: prevHashFor(s, closing.seq),
  });
  chainedTo(s, closing.seq, closed);
  await enterStage(s, 'implementation', { result: 'sign', by: signature.signedBy, comment: '' }, []);
  openImplementation(s);
  return { programId, signature, signed: signing.signatures.length, required: signing.offices.length, complete: true, commitmentHash: hash };
}

/** Asks who may sign the unsigned offices now; new signers get their links once the workflow holds their routes. */
export async function rerouteSigners(s: ProgramState): Promise<void> {
  const { view } = s;
  const signing = view.signing;
  if (!signing) return;
  const unsigned = signing.offices.filter((o) => !signing.signatures.some((x) => x.office === o));
  const at = now();
  const round = s.eventSeq + 1;
  const routed = await acts.routeSigners({
    programId: s.programId,
    stageSeq: view.stageSeq,
    offices: unsigned,
    previous: signing.routes,
    at,
    dueDate: view.dueDate,
    eventSeq: round,
    required: signing.offices,
    delegationChangesSince: s.signersRoutedAt ?? view.stageOpenedAt,
  });
  // Results recorded before this was returned carry none.
  s.signersRoutedAt = routed.routedAt ?? null;
  if (routed.changed) s.eventSeq += 1;
  signing.routes = [...signing.routes.filter((r) => !unsigned.includes(r.office)), ...routed.routes];
  view.awaiting = uniqueAssignees(routed.routes.map((r) => r.signer));
  s.signingRouteChangeAt = routed.nextRouteChangeAt;
  // Only now that the workflow accepts them are the new signers asked.
  if (routed.added.length > 0) {
    const asked = await acts.requestSignatures({ programId: s.programId, stageSeq: view.stageSeq, routes: routed.added, at, dueDate: view.dueDate, round });
    await recordRefusedMail(s, asked);
  }
}
