/**
 * The masterplan's commitment (docs/product.md §9): opening a round (its seats: the Bupati, the
 * Wakil Bupati, the Sekda and the head of every OPD that has one), asking each signer, reminding
 * and escalating, recording each signature after checking the signer against the roster and
 * delegations of now, and recording the signed commitment. Who may sign a seat (official or
 * Plt./Plh.) is the programme signing's own routing (`resolveSeatRoutes`).
 */
import { ApplicationFailure } from '@temporalio/activity';
import { slaDeadline, wibDate } from '../domain/calendar.js';
import type { ScheduledNotification } from '../domain/notifications.js';
import { isActivePerson } from '../domain/people.js';
import type { Assignee } from '../domain/program.js';
import { refusalTypes } from '../domain/refusals.js';
import type { Opd, Person } from '../domain/roles.js';
import {
  masterplanSeats,
  sameSeat,
  seatKey,
  seatOf,
  type DroppedSeat,
  type MasterplanCommitmentContent,
  type MasterplanCommitmentRecord,
  type MasterplanCommitmentRound,
  type Signature,
  type SignerRoute,
  type SignerSeat,
} from '../domain/signing.js';
import { stageSlaWorkingDays } from '../domain/stages.js';
import { masterplanCommitmentSignedMail, masterplanEscalationMail, masterplanSignatureRequestMail } from '../mail/masterplan-commitment-templates.js';
import { commitmentHashOf, commitmentSignaturesHashOf } from '../store/signing.js';
import { collectMailRefusals, toAssignee, uniqueById, type ActivityContext } from './context.js';
import type { createSigningActivities } from './signing.js';

/**
 * The OPD heads' seats whose OPD has been merged into another: the merged OPD no longer signs,
 * and the OPD it was merged into signs on its own seat (docs/product.md §10).
 */
export function mergedSeats(seats: readonly SignerSeat[], opds: readonly Opd[], at: string): DroppedSeat[] {
  return seats.flatMap((seat) => {
    const opd = seat.opdId === undefined ? undefined : opds.find((o) => o.id === seat.opdId);
    if (opd?.mergedInto === undefined) return [];
    return [{ seat: seatOf(seat), mergedInto: opd.mergedInto, mergedOn: opd.mergedOn ?? wibDate(new Date(at)), droppedAt: at }];
  });
}

/** The page where the masterplan's commitment is signed and followed (the web application, docs/product.md §8). */
export const masterplanCommitmentPath = '/masterplan/komitmen';

export function createMasterplanCommitmentActivities(ctx: ActivityContext, signing: ReturnType<typeof createSigningActivities>['helpers']) {
  const { store } = ctx;
  const pageUrl = `${ctx.deps.publicBaseUrl.replace(/\/+$/, '')}${masterplanCommitmentPath}`;

  async function loadRound(masterplanId: string, round: number): Promise<MasterplanCommitmentRound> {
    const stored = await store.signing.getMasterplanRound(masterplanId, round);
    if (!stored) throw ApplicationFailure.nonRetryable(`masterplan ${masterplanId} has no commitment round ${round}`, 'RoundMissing');
    return stored;
  }

  /** Asks each route's signer, once per `messageKey` (a retry sends nothing twice). */
  async function askSigners(r: MasterplanCommitmentRound, routes: SignerRoute[], kind: 'first' | 'reminder' | 'overdue_reminder', messageKey: string) {
    const people = new Map((await ctx.peopleById(routes.map((x) => x.signer.userId))).map((p) => [p.id, p]));
    for (const route of routes) {
      const person = people.get(route.signer.userId);
      if (!person) continue;
      const content = masterplanSignatureRequestMail({ content: r.content, recipient: toAssignee(person), route, pageUrl, dueDate: r.dueDate, reminder: kind });
      await ctx.mail(`${messageKey}.${seatKey(route).replace(':', '-')}`, person, content, null); // no ':' in a Message-ID
    }
  }

  const keyOf = (r: Pick<MasterplanCommitmentRound, 'masterplanId' | 'round'>) => `alur.masterplan.${r.masterplanId}.${r.round}`;

  return {
    /**
     * Opens a round: the masterplan as it stands, one seat per office and per OPD with a head
     * today, a deadline in WIB working days (as for a programme's signing), and a request to
     * every signer. A retry finds the round it stored and asks nobody twice.
     */
    openMasterplanCommitment(i: { masterplanId: string; round: number; openedBy: Assignee; at: string }) {
      return collectMailRefusals(async () => {
        let r = await store.signing.getMasterplanRound(i.masterplanId, i.round);
        if (!r) {
          const masterplan = await store.masterplan.getMasterplan(i.masterplanId);
          if (!masterplan) throw ApplicationFailure.nonRetryable(`no masterplan ${i.masterplanId}`, 'MasterplanMissing');
          const [people, opds] = await Promise.all([ctx.roster.listPeople({ fresh: true }), store.roster.listOpds()]);
          const headed = opds.filter((o) => people.some((p) => isActivePerson(p) && p.roles.includes('opd_head') && p.opdId === o.id)).map((o) => o.id);
          const due = slaDeadline(await ctx.calendar(), new Date(i.at), stageSlaWorkingDays.signing ?? 5);
          await ctx.calendarFor(due.dueDate);
          const content: MasterplanCommitmentContent = {
            kind: 'masterplan',
            masterplanId: masterplan.id,
            round: i.round,
            masterplan: { id: masterplan.id, title: masterplan.title, startYear: masterplan.startYear, endYear: masterplan.endYear },
          };
          r = await store.signing.putMasterplanRound({
            masterplanId: i.masterplanId,
            round: i.round,
            content,
            seats: masterplanSeats(headed),
            openedAt: i.at,
            openedBy: i.openedBy,
            dueDate: due.dueDate,
            dueAt: due.dueAt.toISOString(),
            commitmentHash: null,
            completedAt: null,
          });
        }
        const routing = await signing.resolveSeatRoutes(r.seats, null, i.at);
        await askSigners(r, routing.routes, 'first', `${keyOf(r)}.request`);
        return { round: r, ...routing };
      });
    },

    /**
     * Who may sign the unsigned seats now, after a roster or delegation change; the signers
     * who were not asked before are asked (their request names this re-route).
     */
    routeMasterplanSigners(i: {
      masterplanId: string;
      round: number;
      seats: SignerSeat[];
      /** The seats already signed (absent from activities scheduled before seats could be dropped). */
      signedSeats?: SignerSeat[];
      previous: SignerRoute[];
      at: string;
      reroute: number;
    }) {
      return collectMailRefusals(async () => {
        const dropped = i.signedSeats === undefined ? [] : mergedSeats([...i.seats, ...i.signedSeats], await ctx.roster.listOpds({ fresh: true }), i.at);
        if (dropped.length > 0) await store.signing.dropMasterplanSeats(i.masterplanId, i.round, dropped);
        const r = await loadRound(i.masterplanId, i.round);
        const seats = i.seats.filter((seat) => !dropped.some((d) => sameSeat(d.seat, seat)));
        const routing = await signing.resolveSeatRoutes(seats, null, i.at);
        const known = (x: SignerRoute) => i.previous.some((p) => sameSeat(p, x) && p.signer.userId === x.signer.userId && p.capacity === x.capacity);
        const added = routing.routes.filter((x) => !known(x));
        await askSigners(r, added, 'first', `${keyOf(r)}.reroute-${i.reroute}`);
        return { ...routing, added, dropped };
      });
    },

    /** A reminder to every signer of an unsigned seat, or an escalation step (by default to the secretariat). */
    remindMasterplanSigners(i: { masterplanId: string; round: number; notification: ScheduledNotification; unsignedRoutes: SignerRoute[] }) {
      return collectMailRefusals(async () => {
        const r = await loadRound(i.masterplanId, i.round);
        const n = i.notification;
        const key = `${keyOf(r)}.${n.kind}.${n.date}`;
        if (n.kind !== 'escalation') return askSigners(r, i.unsignedRoutes, n.kind, key);
        const overdueBy = i.unsignedRoutes.map((x) => x.signer.userId);
        for (const person of await ctx.escalationRecipients({ work: 'signing', step: n.step ?? 1, at: n.at, overdueBy })) {
          const content = masterplanEscalationMail({
            content: r.content,
            recipient: toAssignee(person),
            missing: i.unsignedRoutes,
            dueDate: r.dueDate,
            overdueWorkingDays: n.overdueWorkingDays,
            pageUrl,
          });
          await ctx.mail(key, person, content, null);
        }
      });
    },

    /**
     * Records a seat's signature once the signer is confirmed with the roster and delegations of
     * now (a delegation revoked or ended, or an official who lost the office, is refused).
     */
    async recordMasterplanSignature(i: { masterplanId: string; round: number; signature: Signature }): Promise<Signature> {
      const s = i.signature;
      const stored = (await store.signing.listMasterplanSignatures(i.masterplanId, i.round)).find((x) => sameSeat(x, s));
      if (stored?.signedBy.userId === s.signedBy.userId) return stored; // a retry of this very signature
      const person = await store.roster.getPerson(s.signedBy.userId);
      const { routes } = await signing.resolveSeatRoutes([s], null, s.at);
      const allowed = person !== null && isActivePerson(person) && routes.some((r) => r.signer.userId === person.id && r.capacity === s.capacity);
      if (!allowed) {
        throw ApplicationFailure.nonRetryable(
          `you may no longer sign for this seat: the delegation or office behind your request is no longer in force`,
          refusalTypes.notAllowed,
        );
      }
      return store.signing.putMasterplanSignature(i.masterplanId, i.round, s);
    },

    /** Records the signed commitment under the hash of the masterplan as opened, and tells every signer, official and the secretariat. */
    recordMasterplanCommitment(i: { masterplanId: string; round: number; signatures: Signature[]; at: string }) {
      return collectMailRefusals(async (): Promise<{ hash: string }> => {
        const r = await loadRound(i.masterplanId, i.round);
        const hash = commitmentHashOf(r.content);
        const record: MasterplanCommitmentRecord = {
          kind: 'masterplan',
          hash,
          masterplanId: i.masterplanId,
          content: r.content,
          signatures: i.signatures,
          signaturesHash: commitmentSignaturesHashOf(hash, i.signatures),
          completedAt: i.at,
          tte: null,
        };
        const stored = await store.signing.putMasterplanCommitment(record);
        await store.signing.completeMasterplanRound(i.masterplanId, i.round, hash, i.at);
        const told: Person[] = uniqueById([
          ...(await ctx.peopleById(i.signatures.flatMap((s) => [s.signedBy.userId, s.official.userId]))),
          ...(await ctx.roster.peopleWithRole('secretariat')),
        ]);
        for (const person of told) {
          const content = masterplanCommitmentSignedMail({
            content: r.content,
            recipient: toAssignee(person),
            signed: stored.signatures.length,
            completedAt: stored.completedAt,
            verifyUrl: ctx.verifyUrl(hash),
          });
          await ctx.mail(`${keyOf(r)}.commitment`, person, content, null);
        }
        return { hash };
      });
    },
  };
}
