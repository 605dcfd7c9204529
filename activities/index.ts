/**
 * Activities: every effect of a programme's workflow (store writes, links, email).
 * Each one is safe to retry: store writes are conditional, link tokens and Message-IDs are
 * derived from what they are for, and a sent email is recorded before it is sent.
 */
import { ApplicationFailure, log } from '@temporalio/activity';
import { WorkingCalendar, slaDeadline } from '../domain/calendar.js';
import type { Assignee, ProgramEvent, ProgramRecord, StageOutcome, StageResult } from '../domain/program.js';
import type { Proposal } from '../domain/proposal.js';
import { deciderRole, type Actor, type Person } from '../domain/roles.js';
import { decisionsByStage, isDecisionStage, isEnded, stageSlaWorkingDays, type Stage } from '../domain/stages.js';
import { PermanentMailError, type Mailer } from '../mail/mailer.js';
import { loadProgramSummary } from '../mail/program-summary.js';
import {
  approvedForSigningMail,
  changesRequestedMail,
  decisionRequestMail,
  programEndedMail,
  rejectedMail,
  type MailContent,
} from '../mail/templates.js';
import { deriveLinkToken, hashLinkToken } from '../security/link-tokens.js';
import type { Store } from '../store/index.js';

export interface ActivityDeps {
  store: Store;
  mailer: Mailer;
  /** HMAC secret links are derived from. */
  linkSecret: string;
  /** Where links in email point (the API's public address). */
  publicBaseUrl: string;
  /** Days an emailed link stays valid if its stage does not end first. */
  linkTtlDays: number;
}

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
  /** What ended the previous stage (null for the first stage). */
  cause: { result: StageResult; by: Assignee; comment: string } | null;
  /** Who was asked to act on the previous stage (told when the programme ends early). */
  previousAssignees: Assignee[];
}

export interface EnteredStage {
  assignees: Assignee[];
  dueAt: string | null;
  dueDate: string | null;
}

const toAssignee = (p: Pick<Person, 'id' | 'name' | 'title'> | Actor): Assignee =>
  'userId' in p ? { userId: p.userId, name: p.name, title: p.title } : { userId: p.id, name: p.name, title: p.title };

function uniqueById(people: Person[]): Person[] {
  return [...new Map(people.map((p) => [p.id, p])).values()];
}

export function createActivities(deps: ActivityDeps) {
  const { store, mailer } = deps;
  const base = deps.publicBaseUrl.replace(/\/+$/, '');

  async function loadProgram(programId: string): Promise<ProgramRecord> {
    const program = await store.programs.getProgram(programId);
    if (!program) throw ApplicationFailure.nonRetryable(`programme ${programId} is not in the store`, 'ProgramMissing');
    return program;
  }

  async function calendar(): Promise<WorkingCalendar> {
    return new WorkingCalendar(await store.roster.listHolidayYears());
  }

  /** The OPD's heads and the person who proposed: who hears about their proposal. */
  async function proposingSide(program: ProgramRecord): Promise<Person[]> {
    const people = await store.roster.listPeople();
    return uniqueById(people.filter((p) => p.id === program.proposer.userId || (p.opdId === program.proposal.opdId && p.roles.includes('opd_head'))));
  }

  async function assigneesFor(stage: Stage, program: ProgramRecord): Promise<Person[]> {
    if (isDecisionStage(stage)) return store.roster.peopleWithRole(deciderRole[stage]);
    if (stage === 'revision') return proposingSide(program);
    return []; // signing is collected by its own stage logic; ended stages wait for nobody
  }

  async function mail(messageKey: string, to: Person, content: MailContent, programId: string): Promise<void> {
    try {
      const result = await mailer.send({
        messageId: `${messageKey}.${to.id}@${mailer.messageIdDomain}`,
        to: { name: to.name, address: to.email },
        ...content,
        programId,
      });
      if (result === 'already_sent') log.info('email already sent; not sending again', { messageKey, to: to.id });
    } catch (e) {
      if (e instanceof PermanentMailError) throw ApplicationFailure.nonRetryable(e.message, e.name);
      throw e;
    }
  }

  async function peopleById(ids: string[]): Promise<Person[]> {
    const found = await Promise.all(ids.map((id) => store.roster.getPerson(id)));
    return found.filter((p): p is Person => p !== null);
  }

  return {
    async recordProposal(i: { programId: string; workflowId: string; proposal: Proposal; proposer: Actor; requestHash: string; at: string }): Promise<void> {
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
      await store.programs.putEvent({
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
    },

    async recordRevision(i: { programId: string; version: number; proposal: Proposal; at: string }): Promise<void> {
      await store.programs.reviseProposal(i.programId, i.version, i.proposal, i.at);
    },

    /** Records how a stage ended and revokes every link that was sent for it. */
    async closeStage(i: { programId: string; stageSeq: number; stage: Stage; outcome: StageOutcome; event: ProgramEvent; assignees: Assignee[] }): Promise<void> {
      await store.programs.putEvent(i.event);
      await store.programs.closeStage(i.programId, i.stageSeq, i.outcome);
      const now = new Date();
      for (const a of i.assignees) {
        await store.linkTokens.revoke(hashLinkToken(deriveLinkToken(deps.linkSecret, { programId: i.programId, stageSeq: i.stageSeq, userId: a.userId })), now);
      }
    },

    /** Opens a stage: records it, works out who must act and by when, and tells them. */
    async enterStage(i: EnterStageInput): Promise<EnteredStage> {
      const program = await loadProgram(i.programId);
      const waits = !isEnded(i.stage);
      const sla = stageSlaWorkingDays[i.stage];
      let due: { dueDate: string; dueAt: string } | null = null;
      if (waits && sla !== undefined) {
        const cal = await calendar();
        const d = slaDeadline(cal, new Date(i.at), sla);
        const missing = cal.missingYears(d.dueDate);
        if (missing.length > 0) log.warn('no holiday data for the deadline year: counting weekends only', { years: missing });
        due = { dueDate: d.dueDate, dueAt: d.dueAt.toISOString() };
      }

      // The first attempt's stage record decides who was asked, even if the roster changes before a retry.
      const candidates = waits ? await assigneesFor(i.stage, program) : [];
      const stageRecord = waits
        ? await store.programs.putStage({
            programId: i.programId,
            stageSeq: i.stageSeq,
            stage: i.stage,
            openedAt: i.at,
            dueAt: due?.dueAt ?? null,
            assignees: candidates.map(toAssignee),
            outcome: null,
          })
        : null;
      const assignees = stageRecord?.assignees ?? [];

      if (i.writeEvent) {
        await store.programs.putEvent({
          programId: i.programId,
          seq: i.eventSeq,
          type: 'stage_opened',
          at: i.at,
          actor: null,
          channel: 'system',
          fromStage: i.fromStage,
          toStage: i.stage,
          stageSeq: i.stageSeq,
          decision: null,
          comment: assignees.length > 0 ? `menunggu: ${assignees.map((a) => a.name).join(', ')}` : null,
        });
      }
      await store.programs.applyStage(i.programId, {
        stage: i.stage,
        stageSeq: i.stageSeq,
        stageOpenedAt: i.at,
        awaiting: assignees,
        dueAt: due?.dueAt ?? null,
        dueDate: due?.dueDate ?? null,
        eventSeq: i.eventSeq,
        updatedAt: i.at,
      });

      const summary = await loadProgramSummary(store, program);
      const programUrl = `${base}/v1/programs/${program.id}`;
      const messageKey = `alur.${program.id}.${i.stageSeq}.${i.stage}`;
      const stage = i.stage;
      if (isDecisionStage(stage)) {
        const expiresAt = new Date(Date.parse(i.at) + deps.linkTtlDays * 86_400_000).toISOString();
        for (const person of await peopleById(assignees.map((a) => a.userId))) {
          const token = deriveLinkToken(deps.linkSecret, { programId: program.id, stageSeq: i.stageSeq, userId: person.id });
          await store.linkTokens.issue({
            tokenHash: hashLinkToken(token),
            programId: program.id,
            stageSeq: i.stageSeq,
            stage,
            assignee: toAssignee(person),
            allowed: [...decisionsByStage[stage]],
            issuedAt: i.at,
            expiresAt,
          });
          const content = decisionRequestMail({ program: summary, stage, recipient: toAssignee(person), actionUrl: `${base}/act/${token}`, dueDate: due?.dueDate ?? null, programUrl });
          await mail(messageKey, person, content, program.id);
        }
      } else if (stage === 'revision' && i.cause && (i.cause.result === 'request_changes' || i.cause.result === 'return')) {
        for (const person of await peopleById(assignees.map((a) => a.userId))) {
          const content = changesRequestedMail({ program: summary, recipient: toAssignee(person), by: i.cause.by, result: i.cause.result, comment: i.cause.comment, programUrl, dueDate: due?.dueDate ?? null });
          await mail(messageKey, person, content, program.id);
        }
      } else if (stage === 'signing' && i.cause) {
        for (const person of await proposingSide(program)) {
          await mail(messageKey, person, approvedForSigningMail({ program: summary, recipient: toAssignee(person), by: i.cause.by, at: i.at, programUrl }), program.id);
        }
      } else if (stage === 'rejected' && i.cause) {
        for (const person of await proposingSide(program)) {
          const content = rejectedMail({ program: summary, recipient: toAssignee(person), by: i.cause.by, stage: i.fromStage ?? 'diskominfo_review', comment: i.cause.comment, at: i.at });
          await mail(messageKey, person, content, program.id);
        }
      } else if ((stage === 'withdrawn' || stage === 'cancelled') && i.cause) {
        const told = await peopleById(i.previousAssignees.map((a) => a.userId));
        for (const person of uniqueById([...told, ...(stage === 'cancelled' ? await proposingSide(program) : [])])) {
          const content = programEndedMail({ program: summary, recipient: toAssignee(person), by: i.cause.by, how: stage, reason: i.cause.comment, at: i.at });
          await mail(messageKey, person, content, program.id);
        }
      }
      return { assignees, dueAt: due?.dueAt ?? null, dueDate: due?.dueDate ?? null };
    },
  };
}

export type Activities = ReturnType<typeof createActivities>;

