/**
 * The commitment's signatures: who may sign each office today (the official, and any acting
 * official whose delegation is in force), re-routing when that changes, and the record of
 * every signature and of the finished commitment.
 */
import { endOfWibDay, startOfWibDay, wibDate } from '../domain/calendar.js';
import { signLinkSubject, type LinkRef } from '../domain/links.js';
import { holderOn, nextHandover, officeOfSeat } from '../domain/offices.js';
import { currentOpdOf } from '../domain/opds.js';
import type { ProgramEvent, ProgramRecord } from '../domain/program.js';
import type { Proposal } from '../domain/proposal.js';
import type { Person } from '../domain/roles.js';
import {
  delegationActive,
  delegationHistory,
  delegationChangeWords,
  requiredOffices,
  seatOf,
  type CommitmentRecord,
  type DelegationChangeRef,
  type Signature,
  type SignerOffice,
  type SignerRoute,
  type SignerSeat,
} from '../domain/signing.js';
import { commitmentSignedMail, signatureRequestMail } from '../mail/signing-templates.js';
import { commitmentHashOf, commitmentSignaturesHashOf } from '../store/signing.js';
import { collectMailRefusals, toAssignee, uniqueById, type ActivityContext } from './context.js';

const routeKey = (r: SignerRoute) => `${r.office}|${r.signer.userId}`;

export interface SignerRouting {
  routes: SignerRoute[];
  /** When a delegation of one of these officials starts or ends next (null: none ahead). */
  nextRouteChangeAt: string | null;
}

export function createSigningActivities(ctx: ActivityContext) {
  const { store } = ctx;

  /**
   * Who may sign each seat at `at`: the office's holder that day (domain/offices.ts; unless an exclusive delegation is
   * in force) and every acting official. Read fresh, roster and office records included: this runs when signing opens,
   * when the roster or a delegation changed, and on the day a recorded handover or a delegation starts or ends.
   * `programOpdId` names the proposing OPD of a programme's commitment (null for the masterplan's); once that OPD
   * was merged into another, its head's seat is signed by the head of the OPD that took it over (domain/opds.ts).
   */
  async function resolveSeatRoutes(seats: SignerSeat[], proposingOpdId: string | null, at: string): Promise<SignerRouting> {
    return (await resolveSeatRoutesWithRoster(seats, proposingOpdId, at)).routing;
  }

  /** `resolveSeatRoutes`, with the people it read fresh: a check in the same activity decides on them, not on another read. */
  async function resolveSeatRoutesWithRoster(
    seats: SignerSeat[],
    proposingOpdId: string | null,
    at: string,
  ): Promise<{ routing: SignerRouting; people: Person[] }> {
    // Only the programme's own `opd_head` seat depends on the OPDs (the head of the OPD that took a merged one over).
    const opdSeat = proposingOpdId !== null && seats.some((seat) => seat.office === 'opd_head' && seat.opdId === undefined);
    const [people, terms, delegations, opds] = await Promise.all([
      ctx.roster.listPeople({ fresh: true }),
      ctx.roster.listOfficeTerms({ fresh: true }),
      store.signing.listDelegations(),
      opdSeat ? ctx.roster.listOpds({ fresh: true }) : null,
    ]);
    const programOpdId = proposingOpdId === null || opds === null ? proposingOpdId : currentOpdOf(proposingOpdId, opds);
    const byId = new Map(people.map((p) => [p.id, p]));
    const today = wibDate(new Date(at));
    const routes: SignerRoute[] = [];
    const handover = nextHandover(
      seats.map((seat) => officeOfSeat(seat, programOpdId)),
      today,
      terms,
    );
    let next: Date | null = handover === null ? null : startOfWibDay(handover);
    for (const seat of seats) {
      const official = holderOn(officeOfSeat(seat, programOpdId), today, terms, people)?.person;
      if (!official) continue; // a vacant office: the escalation tells the secretariat who is missing
      const theirs = delegations.filter((d) => d.officialId === official.id && d.revokedAt === null);
      const active = theirs.filter((d) => delegationActive(d, today));
      if (!active.some((d) => d.exclusive)) {
        routes.push({ ...seatOf(seat), official: toAssignee(official), signer: toAssignee(official), capacity: 'self', basis: null });
      }
      for (const d of active) {
        const delegate = byId.get(d.delegateId);
        if (delegate) routes.push({ ...seatOf(seat), official: toAssignee(official), signer: toAssignee(delegate), capacity: d.kind, basis: d.basis });
      }
      for (const d of theirs) {
        for (const boundary of [startOfWibDay(d.from), endOfWibDay(d.until)]) {
          if (boundary.getTime() > Date.parse(at) && (next === null || boundary < next)) next = boundary;
        }
      }
    }
    return { routing: { routes, nextRouteChangeAt: next?.toISOString() ?? null }, people };
  }

  /** A programme's signers: one seat per office the policy requires. */
  const resolveRoutes = (program: ProgramRecord, offices: SignerOffice[], at: string) =>
    resolveSeatRoutes(
      offices.map((office) => ({ office })),
      program.proposal.opdId,
      at,
    );

  /** Sends one signer the link for their office. */
  async function requestSignature(
    program: ProgramRecord,
    stageSeq: number,
    route: SignerRoute,
    person: Person,
    at: string,
    dueDate: string | null,
    kind: 'first' | 'reminder' | 'overdue_reminder',
    messageKey: string,
  ): Promise<void> {
    const actionUrl = await ctx.issueLink({ programId: program.id, stageSeq, stage: 'signing', person, purpose: { kind: 'sign', route }, at });
    const content = signatureRequestMail({
      program: await ctx.summary(program),
      recipient: toAssignee(person),
      route,
      actionUrl,
      dueDate,
      programUrl: ctx.programUrl(program.id),
      reminder: kind,
    });
    await ctx.mail(`${messageKey}.${route.office}`, person, content, program.id);
  }

  /** Opens the signing stage's routing: the offices the policy requires and who signs each. */
  async function openSigning(
    program: ProgramRecord,
    stageSeq: number,
    at: string,
    dueDate: string | null,
  ): Promise<SignerRouting & { offices: SignerOffice[] }> {
    const offices = requiredOffices(await store.signing.getSigningPolicy(), program.proposal);
    const routing = await resolveRoutes(program, offices, at);
    const people = new Map((await ctx.peopleById(routing.routes.map((r) => r.signer.userId))).map((p) => [p.id, p]));
    for (const route of routing.routes) {
      const person = people.get(route.signer.userId);
      if (person) await requestSignature(program, stageSeq, route, person, at, dueDate, 'first', `alur.${program.id}.${stageSeq}.signing`);
    }
    return { offices, ...routing };
  }

  /** Steps other activity groups take with signers (not activities themselves). */
  const helpers = { resolveRoutes, resolveSeatRoutes, requestSignature, openSigning };

  const activities = {
    /**
     * Re-routes the unsigned offices after a roster or delegation change: old links revoked,
     * the new routes returned (the workflow records them, then asks `requestSignatures` to mail
     * them, so a new signer can never click before the workflow knows them). Records an event
     * only when something changed, naming the delegation changes since the last routing that
     * concern the officials or acting officials added or removed: each is an attributed audit
     * event of its own (`listDelegationChanges`), and here the programme's trail says which of
     * them changed who may sign it. They are read from the delegations themselves, where each
     * change is written with the state the routes come from.
     */
    async routeSigners(i: {
      programId: string;
      stageSeq: number;
      offices: SignerOffice[];
      previous: SignerRoute[];
      at: string;
      dueDate: string | null;
      eventSeq: number;
      /** Every office the commitment needs, signed or not (absent from activities scheduled before it was passed). */
      required?: SignerOffice[];
      /** When the signers were last routed: delegation changes since then may be why they change now. */
      delegationChangesSince?: string | null;
    }): Promise<SignerRouting & { changed: boolean; added: SignerRoute[]; routedAt: string }> {
      const program = await ctx.loadProgram(i.programId);
      const resolved = await resolveRoutes(program, i.offices, i.at);
      // Taken once the delegations were read: every change stored before is named here or was
      // named before, and none twice (each routing names those after the one before).
      const routedAt = new Date().toISOString();
      const previous = i.previous.filter((r) => i.offices.includes(r.office));
      const before = new Map(previous.map((r) => [routeKey(r), r]));
      // A route kept keeps its link; a new one gets a link of this round (never a revoked one).
      const routing = { ...resolved, routes: resolved.routes.map((r) => before.get(routeKey(r)) ?? { ...r, round: i.eventSeq }) };
      const after = new Set(routing.routes.map(routeKey));
      const removed = previous.filter((r) => !after.has(routeKey(r)));
      const added = routing.routes.filter((r) => !before.has(routeKey(r)));
      await ctx.revokeLinks(
        i.programId,
        i.stageSeq,
        removed.map((r) => ({ userId: r.signer.userId, subject: signLinkSubject(r) })),
      );
      const changed = removed.length + added.length > 0;
      if (changed) {
        const concerned = new Set([...removed, ...added].flatMap((r) => [r.signer.userId, r.official.userId]));
        const since = i.delegationChangesSince ?? '';
        const because = (await store.signing.listDelegations())
          .filter((d) => concerned.has(d.officialId) || concerned.has(d.delegateId))
          .flatMap((d) =>
            delegationHistory(d).flatMap(({ type, at, by }): DelegationChangeRef[] =>
              by && at > since && at <= routedAt ? [{ delegationId: d.id, type, at, by, officialId: d.officialId, delegateId: d.delegateId }] : [],
            ),
          )
          .sort((a, b) => (a.at < b.at ? -1 : 1));
        await store.programs.putEvent({
          programId: i.programId,
          seq: i.eventSeq,
          type: 'signers_rerouted',
          at: i.at,
          actor: null,
          channel: 'system',
          fromStage: 'signing',
          toStage: 'signing',
          stageSeq: i.stageSeq,
          decision: null,
          comment: because.length > 0 ? because.map(delegationChangeWords).join('; ') : null,
          details: {
            added: added.map((r) => ({ office: r.office, signer: r.signer, capacity: r.capacity })),
            removed: removed.map((r) => ({ office: r.office, signer: r.signer })),
            ...(because.length > 0 ? { because } : {}),
          },
        });
        const unsignedSigners = uniqueById(await ctx.peopleById(routing.routes.map((r) => r.signer.userId)));
        await store.programs.setAwaiting(i.programId, i.stageSeq, unsignedSigners.map(toAssignee), i.at);
        // The offices signed keep their routes; the page reads them all from here.
        await store.programs.putSigningRouting(i.programId, {
          stageSeq: i.stageSeq,
          round: i.eventSeq,
          offices: i.required ?? [...new Set([...i.previous.map((r) => r.office), ...i.offices])],
          routes: [...i.previous.filter((r) => !i.offices.includes(r.office)), ...routing.routes],
        });
      }
      return { ...routing, changed, added, routedAt };
    },

    /** Mails re-routed signers their links (after the workflow recorded the routes). */
    requestSignatures(i: { programId: string; stageSeq: number; routes: SignerRoute[]; at: string; dueDate: string | null; round: number }) {
      return collectMailRefusals(async () => {
        const program = await ctx.loadProgram(i.programId);
        const people = new Map((await ctx.peopleById(i.routes.map((r) => r.signer.userId))).map((p) => [p.id, p]));
        for (const route of i.routes) {
          const person = people.get(route.signer.userId);
          if (person)
            await requestSignature(program, i.stageSeq, route, person, i.at, i.dueDate, 'first', `alur.${program.id}.${i.stageSeq}.signing.reroute-${i.round}`);
        }
      });
    },

    /**
     * Records a signature once the signer is confirmed with the roster and delegations of now: a
     * delegation revoked or ended (even if the re-route that should have followed never ran), or
     * an official who lost the office, is refused.
     */
    async recordSignature(i: {
      programId: string;
      stageSeq: number;
      signature: Signature;
      event: ProgramEvent;
      links: LinkRef[];
      /** The hash of the event before it, when the workflow knows it. */
      prevHash?: string;
    }): Promise<{ eventHash: string }> {
      // Only the programme's own `opd_head` seat needs the programme (its OPD): the other offices are the same for every programme.
      const proposingOpdId = i.signature.office === 'opd_head' ? (await ctx.loadProgram(i.programId)).proposal.opdId : null;
      const { routing, people } = await resolveSeatRoutesWithRoster([{ office: i.signature.office }], proposingOpdId, i.signature.at);
      await ctx.confirmActor(
        i.event,
        (actor) =>
          routing.routes.some((r) => r.signer.userId === actor.userId && r.capacity === i.signature.capacity)
            ? null
            : `you may no longer sign for office ${i.signature.office}: the delegation or office behind your signing link is no longer in force`,
        people,
      );
      await store.signing.putSignature(i.programId, i.stageSeq, i.signature);
      const eventHash = await store.programs.putEvent(i.event, i.prevHash);
      await ctx.revokeLinks(i.programId, i.stageSeq, i.links);
      return { eventHash };
    },

    /** Records the finished commitment under the hash of what was approved, and tells everyone involved. */
    recordCommitment(i: { programId: string; proposalVersion: number; proposal: Proposal; signatures: Signature[]; at: string }) {
      return collectMailRefusals(async (): Promise<{ hash: string }> => {
        const content = { programId: i.programId, proposalVersion: i.proposalVersion, proposal: i.proposal };
        const hash = commitmentHashOf(content);
        const record: CommitmentRecord = {
          hash,
          programId: i.programId,
          content,
          signatures: i.signatures,
          signaturesHash: commitmentSignaturesHashOf(hash, i.signatures),
          completedAt: i.at,
          tte: null,
        };
        const stored = await store.signing.putCommitment(record);
        const program = await ctx.loadProgram(i.programId);
        const summary = await ctx.summary(program);
        // Signers, the officials an acting official signed for, and the proposing OPD.
        const told = uniqueById([
          ...(await ctx.peopleById(i.signatures.flatMap((s) => [s.signedBy.userId, s.official.userId]))),
          ...(await ctx.proposingSide(program)),
        ]);
        for (const person of told) {
          await ctx.mail(
            `alur.${i.programId}.commitment`,
            person,
            commitmentSignedMail({ program: summary, recipient: toAssignee(person), commitment: stored, verifyUrl: ctx.verifyUrl(hash) }),
            i.programId,
          );
        }
        return { hash };
      });
    },
  };
  return { helpers, activities };
}
