/**
 * Reminders and escalations. The workflow asks when the next one is due (with the holiday
 * data of today, so a year added later counts) and later asks for it to be sent; each email's
 * Message-ID names the stage occurrence and the day, so a retry never sends it twice.
 */
import type { HolidayYear } from '../domain/calendar.js';
import { notificationPolicies, notificationsDue, type NotificationPolicyName, type ScheduledNotification } from '../domain/notifications.js';
import type { Assignee, ProgramEvent, ProgramRecord } from '../domain/program.js';
import { escalationDays, type EscalatingWork, type EscalationPolicy, type EscalationTarget } from '../domain/escalation.js';
import type { Role } from '../domain/roles.js';
import type { SignerRoute } from '../domain/signing.js';
import { decisionsByStage, isDecisionStage, type Stage } from '../domain/stages.js';
import { reportEscalationMail, reportRequestMail } from '../mail/report-templates.js';
import { signingEscalationMail } from '../mail/signing-templates.js';
import { mailRefusedMail } from '../mail/notice-templates.js';
import { loadDecisionContext } from '../mail/decision-context.js';
import { changesRequestedMail, decisionRequestMail, stageEscalationMail, type ProgramSummary } from '../mail/templates.js';
import { createHash } from 'node:crypto';
import { collectMailRefusals, toAssignee, uniqueById, type ActivityContext, type RefusedMail } from './context.js';
import type { createSigningActivities } from './signing.js';

export interface ReportPeriodRef {
  id: string;
  start: string;
  end: string;
  last: boolean;
}

/** A report reminder or escalation to send, with the audit event of its escalation step. */
export interface ReportNotice {
  notification: ScheduledNotification;
  escalationEvent: ProgramEvent | null;
  /** The offices of this escalation step, as the workflow's policy says. */
  escalationTargets?: EscalationTarget[];
}

/** What every report notification names: the programme, the stage occurrence, the period and its due day. */
type ReportNotificationsOf<T> = T & { programId: string; stageSeq: number; period: ReportPeriodRef; dueDate: string };

export function createNotificationActivities(ctx: ActivityContext, signing: ReturnType<typeof createSigningActivities>['helpers']) {
  const { store } = ctx;

  async function peopleWithRoles(roles: Role[]) {
    return uniqueById((await ctx.roster.listPeople()).filter((p) => p.roles.some((r) => roles.includes(r))));
  }

  /** The programme and its summary for the emails, read once however many notifications an activity sends. */
  async function reportContext(programId: string) {
    const program = await ctx.loadProgram(programId);
    return { program, summary: await ctx.summary(program) };
  }

  /** Sends one report notification of `period`: the escalation's audit event and emails, or the reminder with a link to the form. */
  async function notifyReport(program: ProgramRecord, summary: ProgramSummary, i: ReportNotificationsOf<object>, notice: ReportNotice): Promise<void> {
    const n = notice.notification;
    const programUrl = ctx.programUrl(program.id);
    const messageKey = `alur.${program.id}.${i.stageSeq}.report-${i.period.id}.${n.kind}.${n.date}`;
    if (n.kind === 'escalation') {
      if (notice.escalationEvent) await store.programs.putEvent(notice.escalationEvent);
      // The OPD's side as told of the programme and as asked for the report: neither hears of its own lateness.
      const overdueBy = [...(await ctx.proposingSide(program)), ...(await ctx.opdActors(program, n.at))].map((p) => p.id);
      for (const person of await ctx.escalationRecipients({ work: 'report', step: n.step ?? 1, targets: notice.escalationTargets, at: n.at, overdueBy })) {
        const content = reportEscalationMail({
          program: summary,
          recipient: toAssignee(person),
          period: i.period,
          dueDate: i.dueDate,
          overdueWorkingDays: n.overdueWorkingDays,
          opdName: summary.opdName,
          programUrl,
        });
        await ctx.mail(messageKey, person, content, program.id);
      }
      return;
    }
    for (const person of await ctx.opdActors(program, n.at)) {
      const actionUrl = await ctx.issueLink({
        programId: program.id,
        stageSeq: i.stageSeq,
        stage: 'implementation',
        person,
        purpose: { kind: 'report', period: i.period.id },
        at: n.at,
      });
      const content = reportRequestMail({
        program: summary,
        recipient: toAssignee(person),
        period: i.period,
        dueDate: i.dueDate,
        kind: n.kind,
        overdueWorkingDays: n.overdueWorkingDays,
        actionUrl,
        programUrl,
      });
      await ctx.mail(messageKey, person, content, program.id);
    }
  }

  return {
    /** The escalation policy stored now, for a workflow that plans its escalation steps itself. */
    escalationPolicy(): Promise<EscalationPolicy> {
      return store.roster.getEscalationPolicy();
    },

    /** The holiday years stored now, for a workflow that plans its reminders itself. */
    holidayYears(): Promise<HolidayYear[]> {
      return ctx.holidayYears();
    },

    /** With today's holiday data: what is due now (after what was sent), and the next one after that. Kept for workflows that planned this way. */
    async planNotifications(i: {
      policy: NotificationPolicyName;
      openedOn: string;
      dueDate: string;
      after: string;
      now: string;
      /** The work whose stored escalation steps say when to escalate; else the policy's single threshold. */
      escalates?: EscalatingWork;
    }): Promise<{ due: ScheduledNotification[]; next: ScheduledNotification | null }> {
      const escalationDaysOf = i.escalates ? escalationDays((await store.roster.getEscalationPolicy())[i.escalates]) : undefined;
      return notificationsDue(
        await ctx.calendar(),
        { openedOn: i.openedOn, dueDate: i.dueDate, policy: notificationPolicies[i.policy], escalationDays: escalationDaysOf },
        new Date(i.after),
        new Date(i.now),
      );
    },

    /**
     * Addresses the mail server refused for good while the programme's last step was mailed:
     * the audit event says who, and the secretariat is told once per person and address (the
     * Message-ID names both), so the roster gets corrected. A refused notice to the secretariat
     * itself is only logged: there is nobody else to tell.
     */
    recordMailRefusals(i: { programId: string; refusals: RefusedMail[]; event: ProgramEvent; prevHash?: string }) {
      return collectMailRefusals(async () => {
        const eventHash = await store.programs.putEvent(i.event, i.prevHash);
        const program = await store.programs.getProgram(i.programId);
        for (const refused of i.refusals) {
          const person = await ctx.roster.getPerson(refused.userId);
          const address = createHash('sha256').update(refused.address.toLowerCase()).digest('hex').slice(0, 16);
          for (const secretary of await peopleWithRoles(['secretariat'])) {
            const content = mailRefusedMail({
              recipient: toAssignee(secretary),
              refused: { name: refused.name, title: person?.title ?? '', address: refused.address },
              programTitle: program?.proposal.title ?? null,
            });
            await ctx.mail(`alur.mail-refused.${refused.userId}.${address}`, secretary, content, null, `${i.programId}.${i.event.seq}`);
          }
        }
        return { eventHash };
      });
    },

    /** A reminder to whoever must act on a waiting stage, or the escalation to the next level. */
    sendStageNotification(i: {
      programId: string;
      stage: Stage;
      stageSeq: number;
      notification: ScheduledNotification;
      awaiting: Assignee[];
      unsignedRoutes: SignerRoute[] | null;
      dueDate: string;
      escalationEvent: ProgramEvent | null;
      /** The offices of this escalation step, as the workflow's policy says. */
      escalationTargets?: EscalationTarget[];
      prevHash?: string;
    }) {
      return collectMailRefusals(async (): Promise<{ eventHash?: string }> => {
        const n = i.notification;
        const program = await ctx.loadProgram(i.programId);
        const summary = await ctx.summary(program);
        const programUrl = ctx.programUrl(program.id);
        const messageKey = `alur.${program.id}.${i.stageSeq}.${i.stage}.${n.kind}.${n.date}`;
        const stage = i.stage;

        if (n.kind === 'escalation') {
          const eventHash = i.escalationEvent ? await store.programs.putEvent(i.escalationEvent, i.prevHash) : undefined;
          const work = stage === 'signing' || isDecisionStage(stage) ? stage : null;
          // Whoever the overdue work waits for is not told of it as an escalation.
          const overdueBy = stage === 'signing' ? (i.unsignedRoutes ?? []).map((r) => r.signer.userId) : i.awaiting.map((a) => a.userId);
          const recipients = work ? await ctx.escalationRecipients({ work, step: n.step ?? 1, targets: i.escalationTargets, at: n.at, overdueBy }) : [];
          for (const person of recipients) {
            const recipient = toAssignee(person);
            const content =
              stage === 'signing'
                ? signingEscalationMail({
                    program: summary,
                    recipient,
                    missing: i.unsignedRoutes ?? [],
                    dueDate: i.dueDate,
                    overdueWorkingDays: n.overdueWorkingDays,
                    programUrl,
                  })
                : isDecisionStage(stage)
                  ? stageEscalationMail({
                      program: summary,
                      recipient,
                      stage,
                      awaiting: i.awaiting,
                      dueDate: i.dueDate,
                      overdueWorkingDays: n.overdueWorkingDays,
                      programUrl,
                    })
                  : null;
            if (content) await ctx.mail(messageKey, person, content, program.id);
          }
          return eventHash ? { eventHash } : {};
        }

        const reminder = { kind: n.kind, overdueWorkingDays: n.overdueWorkingDays };
        if (stage === 'signing') {
          const people = new Map((await ctx.peopleById((i.unsignedRoutes ?? []).map((r) => r.signer.userId))).map((p) => [p.id, p]));
          for (const route of i.unsignedRoutes ?? []) {
            const person = people.get(route.signer.userId);
            if (person) await signing.requestSignature(program, i.stageSeq, route, person, n.at, i.dueDate, n.kind, messageKey);
          }
        } else if (isDecisionStage(stage)) {
          const context = await loadDecisionContext({ ...ctx.labels, programs: store.programs }, program, i.stageSeq);
          for (const person of await ctx.peopleById(i.awaiting.map((a) => a.userId))) {
            const actionUrl = await ctx.issueLink({
              programId: program.id,
              stageSeq: i.stageSeq,
              stage,
              person,
              purpose: { kind: 'decide', allowed: [...decisionsByStage[stage]] },
              at: n.at,
            });
            const content = decisionRequestMail({
              program: summary,
              stage,
              recipient: toAssignee(person),
              actionUrl,
              dueDate: i.dueDate,
              programUrl,
              reminder,
              context,
            });
            await ctx.mail(messageKey, person, content, program.id);
          }
        } else if (stage === 'revision') {
          const asked = (await store.programs.getStage(program.id, i.stageSeq - 1))?.outcome;
          if (!asked || (asked.result !== 'request_changes' && asked.result !== 'return')) return {};
          for (const person of await ctx.peopleById(i.awaiting.map((a) => a.userId))) {
            const content = changesRequestedMail({
              program: summary,
              recipient: toAssignee(person),
              by: asked.by,
              result: asked.result,
              comment: asked.comment,
              programUrl,
              dueDate: i.dueDate,
              reminder,
            });
            await ctx.mail(messageKey, person, content, program.id);
          }
        }
        return {};
      });
    },

    /** A report reminder to the OPD (with a link to the form), or the escalation (by default to the Kepala Diskominfo and the Sekda). */
    sendReportNotification(i: ReportNotificationsOf<ReportNotice>) {
      return collectMailRefusals(async () => {
        const { program, summary } = await reportContext(i.programId);
        await notifyReport(program, summary, i, i);
      });
    },

    /**
     * Every report notification due now for one period, in the order given: a backlog (the
     * escalation steps missed and the latest reminder) goes out in one activity, not one each.
     */
    sendReportNotifications(i: ReportNotificationsOf<{ notices: ReportNotice[] }>) {
      return collectMailRefusals(async () => {
        const { program, summary } = await reportContext(i.programId);
        for (const notice of i.notices) await notifyReport(program, summary, i, notice);
      });
    },
  };
}
