/**
 * Stages opening and closing: the proposal recorded, who must act and by when, the links and
 * emails that ask them, how a stage ended, and what the proposing OPD is told.
 */
import { endOfWibDay, slaDeadline, wibDate } from '../domain/calendar.js';
import type { LinkRef } from '../domain/links.js';
import type { Assignee, ProgramEvent, ProgramRecord, StageOutcome, StageResult } from '../domain/program.js';
import type { Proposal } from '../domain/proposal.js';
import { decisionRefusal, deciderRole, refusal, type Action, type Actor, type Person } from '../domain/roles.js';
import type { ActingFor } from '../domain/offices.js';
import { programScopeOf } from '../domain/opds.js';
import { delegationActive, type SignerOffice, type SignerRoute } from '../domain/signing.js';
import { decisionsByStage, isDecisionStage, isEnded, maxRevisionRounds, stageSlaWorkingDays, type DecisionStage, type Stage } from '../domain/stages.js';
import { programCompletedMail, proposalReceiptMail, reviewApprovedMail } from '../mail/notice-templates.js';
import { loadDecisionContext } from '../mail/decision-context.js';
import { reportRequestMail } from '../mail/report-templates.js';
import { approvedForSigningMail, changesRequestedMail, decisionRequestMail, programEndedMail, rejectedMail, type ProgramSummary } from '../mail/templates.js';
import { collectMailRefusals, toAssignee, uniqueById, type ActivityContext } from './context.js';
import type { ReportPeriodRef } from './notifications.js';
import type { createSigningActivities } from './signing.js';

export interface EnterStageInput {
  programId: string;
  stage: Stage;
  stageSeq: number;
  /** Null for the first stage. */
  fromStage: Stage | null;
  at: string;
  /** The programme's newest event sequence after this step. */
  eventSeq: number;
  /** Whether to write a 'stage_opened' event with that sequence. */
  writeEvent: boolean;
  /** The hash of the event before it, when the workflow knows it. */
  prevHash?: string;
  /** What ended the previous stage (null for the first stage). */
  cause: { result: StageResult; by: Assignee; comment: string } | null;
  /** Who was asked to act on the previous stage (told when the programme ends early). */
  previousAssignees: Assignee[];
  /** Rounds of changes requested so far: past the maximum the secretariat is asked to decide too. */
  revisionRounds: number;
}

export interface EnteredStage {
  assignees: Assignee[];
  dueAt: string | null;
  dueDate: string | null;
  /** For the signing stage: the offices to sign and who may sign each. */
  signing: { offices: SignerOffice[]; routes: SignerRoute[]; nextRouteChangeAt: string | null } | null;
  /** For revision and implementation: when the OPD head's office next changes hands (absent in results recorded before). */
  nextOpdHandoverAt?: string | null;
  /** The hash of the 'stage_opened' event written, for the workflow to chain the next one to. */
  eventHash?: string;
}

/** The actions, other than a decision, by which a person ends a stage. */
const personalEndings: Partial<Record<ProgramEvent['type'], Action>> = { resubmitted: 'resubmit', withdrawn: 'withdraw', cancelled: 'cancel' };

/**
 * Records that waiting work changed hands (who came in, who dropped out) as the stage's event,
 * and who the stage now awaits.
 */
async function recordHandover(
  store: ActivityContext['store'],
  i: { programId: string; stage: Stage; stageSeq: number; at: string; eventSeq: number },
  type: 'deciders_rerouted' | 'opd_work_rerouted',
  added: Person[],
  removed: Assignee[],
  assignees: Assignee[],
): Promise<void> {
  await store.programs.putEvent({
    programId: i.programId,
    seq: i.eventSeq,
    type,
    at: i.at,
    actor: null,
    channel: 'system',
    fromStage: i.stage,
    toStage: i.stage,
    stageSeq: i.stageSeq,
    decision: null,
    comment: `dialihkan kepada: ${added.map((p) => p.name).join(', ') || '-'}`,
    details: { added: added.map(toAssignee), removed },
  });
  await store.programs.setAwaiting(i.programId, i.stageSeq, assignees, i.at);
}

export function createLifecycleActivities(ctx: ActivityContext, signing: ReturnType<typeof createSigningActivities>['helpers']) {
  const { store } = ctx;

  /**
   * Diskominfo's reviewers (never on their own OPD's proposals), or the Sekda: the holder of the office on the day
   * (domain/offices.ts). With nobody left, or after too many rounds, the secretariat decides.
   */
  async function deciders(stage: 'diskominfo_review' | 'sekda_approval', program: ProgramRecord, revisionRounds: number, at: string): Promise<Person[]> {
    const sekda = stage === 'sekda_approval' ? await ctx.roster.holderOn('sekda', wibDate(new Date(at))) : null;
    const people = stage === 'sekda_approval' ? (sekda ? [sekda] : []) : await ctx.roster.peopleWithRole(deciderRole[stage]);
    const { opdId } = programScopeOf(program, await ctx.roster.listOpds());
    const eligible = stage === 'diskominfo_review' ? people.filter((p) => p.opdId !== opdId) : people;
    const secretariat = eligible.length === 0 || revisionRounds >= maxRevisionRounds ? await ctx.roster.peopleWithRole('secretariat') : [];
    return uniqueById([...eligible, ...secretariat]);
  }

  /** Notices that go out with a stage besides its own requests: a receipt, Diskominfo's approval, completion. */
  async function sendStageNotices(
    program: ProgramRecord,
    stage: Stage,
    cause: EnterStageInput['cause'],
    at: string,
    /** `alur.<programme>.<stage occurrence>`: each notice adds what it is. */
    stageKey: string,
    summary: ProgramSummary,
    programUrl: string,
  ): Promise<void> {
    if (stage === 'diskominfo_review' && (cause === null || cause.result === 'resubmitted')) {
      // The receipt goes to whoever submitted this version.
      const submitter = await ctx.roster.getPerson(cause?.by.userId ?? program.proposer.userId);
      if (submitter)
        await ctx.mail(
          `${stageKey}.receipt`,
          submitter,
          proposalReceiptMail({ program: summary, recipient: toAssignee(submitter), at, programUrl }),
          program.id,
        );
    } else if (stage === 'sekda_approval' && cause?.result === 'approve') {
      for (const person of await ctx.proposingSide(program)) {
        await ctx.mail(
          `${stageKey}.reviewed`,
          person,
          reviewApprovedMail({ program: summary, recipient: toAssignee(person), by: cause.by, at, programUrl }),
          program.id,
        );
      }
    } else if (stage === 'completed') {
      // Everyone who took part: the OPD, whoever signed (and for whom), the Sekda, Diskominfo and the secretariat.
      const signatures = await store.signing.listSignatures(program.id);
      const everyone = uniqueById([
        ...(await ctx.proposingSide(program)),
        ...(await ctx.peopleById(signatures.flatMap((s) => [s.signedBy.userId, s.official.userId]))),
        ...(await ctx.roster.listPeople()).filter((p) => p.roles.some((r) => r === 'sekda' || r === 'diskominfo_reviewer' || r === 'secretariat')),
      ]);
      for (const person of everyone) {
        await ctx.mail(`${stageKey}.completed`, person, programCompletedMail({ program: summary, recipient: toAssignee(person), at, programUrl }), program.id);
      }
    }
  }

  return {
    /** Returns the hash of the 'proposed' event. */
    async recordProposal(i: {
      programId: string;
      workflowId: string;
      proposal: Proposal;
      proposer: Actor;
      requestHash: string;
      at: string;
    }): Promise<{ eventHash: string }> {
      const record: ProgramRecord = {
        id: i.programId,
        workflowId: i.workflowId,
        proposal: i.proposal,
        proposalVersion: 1,
        proposer: toAssignee(i.proposer),
        requestHash: i.requestHash,
        stage: 'diskominfo_review',
        stageSeq: 0,
        stageOpenedAt: i.at,
        awaiting: [],
        dueAt: null,
        dueDate: null,
        eventSeq: 1,
        createdAt: i.at,
        updatedAt: i.at,
      };
      await store.programs.createProgram(record);
      const eventHash = await store.programs.putEvent({
        programId: i.programId,
        seq: 1,
        type: 'proposed',
        at: i.at,
        actor: { ...toAssignee(i.proposer), capacity: i.proposer.roles.includes('opd_head') ? 'opd_head' : 'opd_staff' },
        channel: 'api',
        fromStage: null,
        toStage: 'diskominfo_review',
        stageSeq: 0,
        decision: null,
        comment: null,
      });
      return { eventHash };
    },

    async recordRevision(i: { programId: string; version: number; proposal: Proposal; at: string }): Promise<void> {
      await store.programs.reviseProposal(i.programId, i.version, i.proposal, i.at);
    },

    /**
     * Records how a stage ended and revokes every link that was sent for it. A person's
     * decision, resubmission, withdrawal or cancellation is first checked against the roster of now.
     */
    async closeStage(i: {
      programId: string;
      stageSeq: number;
      stage: Stage;
      outcome: StageOutcome;
      event: ProgramEvent;
      links: LinkRef[];
      prevHash?: string;
    }): Promise<{ eventHash: string }> {
      const stage = i.stage;
      const decided = i.event.type === 'decided' && isDecisionStage(stage);
      const action = personalEndings[i.event.type];
      if (decided || action) {
        // The programme, the OPDs, the person and (for a Plt./Plh.) the delegations are read at
        // once: independent fresh reads, so the click waits for one round trip, not four.
        const actingFor = decided ? ((i.event.details?.['actingFor'] as ActingFor | undefined) ?? null) : null;
        const [program, opds, person, delegations] = await Promise.all([
          ctx.loadProgram(i.programId),
          store.roster.listOpds(),
          i.event.actor ? store.roster.getPerson(i.event.actor.userId) : null,
          actingFor ? store.signing.listDelegations() : [],
        ]);
        const people = person ? [person] : [];
        if (decided) {
          // A Plt./Plh.'s delegation must still be in force, for an official the stage still awaits.
          const actsForAwaited =
            actingFor !== null &&
            program.awaiting.some((a) => a.userId === actingFor.official.userId) &&
            delegations.some(
              (d) =>
                d.id === actingFor.delegationId &&
                d.delegateId === i.event.actor?.userId &&
                d.officialId === actingFor.official.userId &&
                delegationActive(d, wibDate(new Date(i.event.at))),
            );
          const { opdId } = programScopeOf(program, opds);
          await ctx.confirmActor(
            i.event,
            (actor) => decisionRefusal(actor, stage, { opdId, awaited: program.awaiting.some((a) => a.userId === actor.userId), actsForAwaited }),
            people,
          );
        } else if (action) {
          const scope = { ...programScopeOf(program, opds), stage };
          await ctx.confirmActor(i.event, (actor) => refusal(actor, action, scope), people);
        }
      }
      const eventHash = await store.programs.putEvent(i.event, i.prevHash);
      // Both idempotent, and neither depends on the other: the stage's outcome and its links at once.
      await Promise.all([store.programs.closeStage(i.programId, i.stageSeq, i.outcome), ctx.revokeLinks(i.programId, i.stageSeq, i.links)]);
      return { eventHash };
    },

    /** A secretariat extension: the stage's due day moves, and reminders are planned anew from it. */
    async extendDeadline(i: {
      programId: string;
      stageSeq: number;
      dueDate: string;
      event: ProgramEvent;
      prevHash?: string;
    }): Promise<{ dueAt: string; eventHash: string }> {
      await ctx.confirmActor(i.event, (actor) => refusal(actor, 'extend_deadline'));
      const dueAt = endOfWibDay(i.dueDate).toISOString();
      const eventHash = await store.programs.putEvent(i.event, i.prevHash);
      await store.programs.setDue(i.programId, i.stageSeq, { dueAt, dueDate: i.dueDate }, i.event.at);
      return { dueAt, eventHash };
    },

    /**
     * After the roster or an office changed while a decision stage waits: who must decide is worked
     * out again (a person made inactive, moved out of Diskominfo or out of the Sekda's office drops
     * out; the office's holder of today comes in). The links of those who dropped out are revoked;
     * those who came in get a link of their own and an email saying the work was handed to them.
     * A decision already taken is never touched: this runs only while the stage waits. Records an
     * event only when someone changed.
     */
    rerouteDeciders(i: {
      programId: string;
      stage: DecisionStage;
      stageSeq: number;
      previous: Assignee[];
      at: string;
      eventSeq: number;
      revisionRounds: number;
    }) {
      return collectMailRefusals(async (): Promise<{ assignees: Assignee[]; changed: boolean }> => {
        const program = await ctx.loadProgram(i.programId);
        await ctx.roster.listPeople({ fresh: true }); // decide on today's roster, not the worker's copy
        await ctx.roster.listOfficeTerms({ fresh: true });
        const now = uniqueById(await deciders(i.stage, program, i.revisionRounds, i.at));
        const before = new Set(i.previous.map((a) => a.userId));
        const after = new Set(now.map((p) => p.id));
        const removed = i.previous.filter((a) => !after.has(a.userId));
        const added = now.filter((p) => !before.has(p.id));
        if (removed.length + added.length === 0) return { assignees: i.previous, changed: false };
        const assignees = now.map(toAssignee);
        await ctx.revokeLinks(
          i.programId,
          i.stageSeq,
          removed.map((a) => ({ userId: a.userId, subject: 'decide' })),
        );
        await recordHandover(store, i, 'deciders_rerouted', added, removed, assignees);
        const allowed =
          i.revisionRounds >= maxRevisionRounds ? decisionsByStage[i.stage].filter((d) => d === 'approve' || d === 'reject') : [...decisionsByStage[i.stage]];
        const summary = await ctx.summary(program);
        const context = await loadDecisionContext({ ...ctx.labels, programs: store.programs }, program, i.stageSeq);
        for (const person of added) {
          const actionUrl = await ctx.issueLink({
            programId: program.id,
            stageSeq: i.stageSeq,
            stage: i.stage,
            person,
            purpose: { kind: 'decide', allowed },
            at: i.at,
          });
          const content = decisionRequestMail({
            program: summary,
            stage: i.stage,
            recipient: toAssignee(person),
            actionUrl,
            dueDate: program.dueDate,
            programUrl: ctx.programUrl(program.id),
            context,
            handedOver: true,
          });
          await ctx.mail(`alur.${program.id}.${i.stageSeq}.${i.stage}.reroute-${i.eventSeq}`, person, content, program.id);
        }
        return { assignees, changed: true };
      });
    },

    /**
     * After the roster or an office changed while a revision or the reports of a programme in
     * implementation wait on its OPD: who acts for the OPD is worked out again (`opdActors`).
     * Whoever dropped out (made inactive, moved to another OPD) loses the open report links;
     * whoever came in gets a link for each open period (in implementation) or the revision's
     * request, with an email saying the work was handed to them. Reports and versions already
     * submitted are never touched. Records an event only when someone changed.
     */
    rerouteOpdWork(i: {
      programId: string;
      stage: 'revision' | 'implementation';
      stageSeq: number;
      previous: Assignee[];
      /** In implementation: the periods closed and not yet reported, with their due day. */
      openPeriods: (ReportPeriodRef & { dueDate: string })[];
      at: string;
      eventSeq: number;
    }) {
      return collectMailRefusals(async (): Promise<{ assignees: Assignee[]; changed: boolean; nextHandoverAt: string | null }> => {
        const program = await ctx.loadProgram(i.programId);
        const now = await ctx.opdActors(program, i.at, { fresh: true });
        const nextHandoverAt = await ctx.nextOpdHandoverAt(program, i.at);
        const before = new Set(i.previous.map((a) => a.userId));
        const after = new Set(now.map((p) => p.id));
        const removed = i.previous.filter((a) => !after.has(a.userId));
        const added = now.filter((p) => !before.has(p.id));
        if (removed.length + added.length === 0) return { assignees: i.previous, changed: false, nextHandoverAt };
        const assignees = now.map(toAssignee);
        await ctx.revokeLinks(
          i.programId,
          i.stageSeq,
          removed.flatMap((a) => i.openPeriods.map((p) => ({ userId: a.userId, subject: `report:${p.id}` }))),
        );
        await recordHandover(store, i, 'opd_work_rerouted', added, removed, assignees);
        const summary = await ctx.summary(program);
        const programUrl = ctx.programUrl(program.id);
        const messageKey = `alur.${program.id}.${i.stageSeq}.${i.stage}.reroute-${i.eventSeq}`;
        const asked = i.stage === 'revision' ? (await store.programs.getStage(program.id, i.stageSeq - 1))?.outcome : undefined;
        for (const person of added) {
          const recipient = toAssignee(person);
          if (asked && (asked.result === 'request_changes' || asked.result === 'return')) {
            const content = changesRequestedMail({
              program: summary,
              recipient,
              by: asked.by,
              result: asked.result,
              comment: asked.comment,
              programUrl,
              dueDate: program.dueDate,
              handedOver: true,
            });
            await ctx.mail(messageKey, person, content, program.id);
          }
          for (const period of i.openPeriods) {
            const actionUrl = await ctx.issueLink({
              programId: program.id,
              stageSeq: i.stageSeq,
              stage: 'implementation',
              person,
              purpose: { kind: 'report', period: period.id },
              at: i.at,
            });
            const content = reportRequestMail({
              program: summary,
              recipient,
              period,
              dueDate: period.dueDate,
              // A report already late says so; the next reminder counts the working days.
              kind: endOfWibDay(period.dueDate).toISOString() < i.at ? 'overdue_reminder' : 'reminder',
              overdueWorkingDays: 0,
              actionUrl,
              programUrl,
              handedOver: true,
            });
            await ctx.mail(`${messageKey}.${period.id}`, person, content, program.id);
          }
        }
        return { assignees, changed: true, nextHandoverAt };
      });
    },

    /** Opens a stage: records it, works out who must act and by when, and tells them. */
    enterStage(i: EnterStageInput) {
      return collectMailRefusals(async (): Promise<EnteredStage> => {
        const program = await ctx.loadProgram(i.programId);
        const waits = !isEnded(i.stage);
        const sla = stageSlaWorkingDays[i.stage];
        let due: { dueDate: string; dueAt: string } | null = null;
        if (waits && sla !== undefined) {
          const d = slaDeadline(await ctx.calendar(), new Date(i.at), sla);
          await ctx.calendarFor(d.dueDate); // warns (once per year) when the deadline's year has no holiday data
          due = { dueDate: d.dueDate, dueAt: d.dueAt.toISOString() };
        }
        const stage = i.stage;

        // Signing works out its signers per office; other stages by role.
        const signingRouting = stage === 'signing' ? await signing.openSigning(program, i.stageSeq, i.at, due?.dueDate ?? null) : null;
        const candidates = !waits
          ? []
          : signingRouting
            ? await ctx.peopleById(signingRouting.routes.map((r) => r.signer.userId))
            : isDecisionStage(stage)
              ? await deciders(stage, program, i.revisionRounds, i.at)
              : await ctx.opdActors(program, i.at, { fresh: true }); // revision and implementation: the OPD acts, read from today's roster

        // The first attempt's stage record decides who was asked, even if the roster changes before a retry.
        const stageRecord = waits
          ? await store.programs.putStage({
              programId: i.programId,
              stageSeq: i.stageSeq,
              stage,
              openedAt: i.at,
              dueAt: due?.dueAt ?? null,
              assignees: candidates.map(toAssignee),
              outcome: null,
            })
          : null;
        const assignees = stageRecord?.assignees ?? [];
        if (signingRouting) {
          await store.programs.putSigningRouting(i.programId, {
            stageSeq: i.stageSeq,
            round: i.eventSeq,
            offices: signingRouting.offices,
            routes: signingRouting.routes,
          });
        }

        let eventHash: string | undefined;
        if (i.writeEvent) {
          eventHash = await store.programs.putEvent(
            {
              programId: i.programId,
              seq: i.eventSeq,
              type: 'stage_opened',
              at: i.at,
              actor: null,
              channel: 'system',
              fromStage: i.fromStage,
              toStage: stage,
              stageSeq: i.stageSeq,
              decision: null,
              comment: assignees.length > 0 ? `menunggu: ${assignees.map((a) => a.name).join(', ')}` : null,
            },
            i.prevHash,
          );
        }
        await store.programs.applyStage(i.programId, {
          stage,
          stageSeq: i.stageSeq,
          stageOpenedAt: i.at,
          awaiting: assignees,
          dueAt: due?.dueAt ?? null,
          dueDate: due?.dueDate ?? null,
          eventSeq: i.eventSeq,
          updatedAt: i.at,
        });

        const summary = await ctx.summary(program);
        const programUrl = ctx.programUrl(program.id);
        const messageKey = `alur.${program.id}.${i.stageSeq}.${stage}`;
        const cause = i.cause;
        if (isDecisionStage(stage)) {
          const allowed =
            i.revisionRounds >= maxRevisionRounds ? decisionsByStage[stage].filter((d) => d === 'approve' || d === 'reject') : [...decisionsByStage[stage]];
          const context = await loadDecisionContext({ ...ctx.labels, programs: store.programs }, program, i.stageSeq);
          for (const person of await ctx.peopleById(assignees.map((a) => a.userId))) {
            const actionUrl = await ctx.issueLink({
              programId: program.id,
              stageSeq: i.stageSeq,
              stage,
              person,
              purpose: { kind: 'decide', allowed },
              at: i.at,
            });
            const content = decisionRequestMail({
              program: summary,
              stage,
              recipient: toAssignee(person),
              actionUrl,
              dueDate: due?.dueDate ?? null,
              programUrl,
              context,
            });
            await ctx.mail(messageKey, person, content, program.id);
          }
        } else if (stage === 'revision' && cause && (cause.result === 'request_changes' || cause.result === 'return')) {
          for (const person of await ctx.peopleById(assignees.map((a) => a.userId))) {
            const content = changesRequestedMail({
              program: summary,
              recipient: toAssignee(person),
              by: cause.by,
              result: cause.result,
              comment: cause.comment,
              programUrl,
              dueDate: due?.dueDate ?? null,
            });
            await ctx.mail(messageKey, person, content, program.id);
          }
        } else if (stage === 'signing' && cause) {
          for (const person of await ctx.proposingSide(program)) {
            await ctx.mail(
              messageKey,
              person,
              approvedForSigningMail({ program: summary, recipient: toAssignee(person), by: cause.by, at: i.at, programUrl }),
              program.id,
            );
          }
        } else if (stage === 'rejected' && cause) {
          for (const person of await ctx.proposingSide(program)) {
            const content = rejectedMail({
              program: summary,
              recipient: toAssignee(person),
              by: cause.by,
              stage: i.fromStage ?? 'diskominfo_review',
              comment: cause.comment,
              at: i.at,
            });
            await ctx.mail(messageKey, person, content, program.id);
          }
        } else if ((stage === 'withdrawn' || stage === 'cancelled') && cause) {
          const told = await ctx.peopleById(i.previousAssignees.map((a) => a.userId));
          for (const person of uniqueById([...told, ...(stage === 'cancelled' ? await ctx.proposingSide(program) : [])])) {
            const content = programEndedMail({ program: summary, recipient: toAssignee(person), by: cause.by, how: stage, reason: cause.comment, at: i.at });
            await ctx.mail(messageKey, person, content, program.id);
          }
        }
        await sendStageNotices(program, stage, cause, i.at, `alur.${program.id}.${i.stageSeq}`, summary, programUrl);
        return {
          assignees,
          dueAt: due?.dueAt ?? null,
          dueDate: due?.dueDate ?? null,
          signing: signingRouting
            ? { offices: signingRouting.offices, routes: signingRouting.routes, nextRouteChangeAt: signingRouting.nextRouteChangeAt }
            : null,
          nextOpdHandoverAt: stage === 'revision' || stage === 'implementation' ? await ctx.nextOpdHandoverAt(program, i.at) : null,
          ...(eventHash ? { eventHash } : {}),
        };
      });
    },
  };
}
