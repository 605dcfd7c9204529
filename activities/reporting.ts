/** The reporting cycle of a programme in implementation: periods closing, reports arriving. */
import { endOfWibDay } from '../domain/calendar.js';
import type { LinkRef } from '../domain/links.js';
import type { ProgramEvent } from '../domain/program.js';
import { reportDueWorkingDays, type ProgressReport } from '../domain/reports.js';
import { programScopeOf } from '../domain/opds.js';
import { refusal } from '../domain/roles.js';
import { reportReceivedMail } from '../mail/notice-templates.js';
import { collectMailRefusals, toAssignee, uniqueById, type ActivityContext } from './context.js';
import type { ReportPeriodRef } from './notifications.js';

type NextDue = { dueDate: string; dueAt: string } | null;

/** The earlier of two due reports (either may be none). */
const earlierDue = (a: NextDue, b: NextDue): NextDue => (a && (!b || a.dueDate <= b.dueDate) ? a : b);

export function createReportingActivities(ctx: ActivityContext) {
  const { store } = ctx;

  /** Stores a period with its due day, once: the n-th working day after it opened, counted with today's holiday data. */
  async function storePeriod(i: { programId: string; period: ReportPeriodRef; openedOn: string }): Promise<{ dueDate: string; dueAt: string }> {
    const dueDate = (await ctx.calendar()).addWorkingDays(i.openedOn, reportDueWorkingDays);
    await ctx.calendarFor(i.openedOn, dueDate); // warns (once per year) when a year has no holiday data
    const stored = await store.reports.putPeriod({
      programId: i.programId,
      id: i.period.id,
      start: i.period.start,
      end: i.period.end,
      dueDate,
      dueAt: endOfWibDay(dueDate).toISOString(),
      last: i.period.last,
    });
    return { dueDate: stored.dueDate, dueAt: stored.dueAt };
  }

  return {
    /** A period's report window opened: the report is due on the n-th working day after, counted with today's holiday data. */
    openReportingPeriod(i: { programId: string; period: ReportPeriodRef; openedOn: string; at: string }) {
      return collectMailRefusals(() => storePeriod(i));
    },

    /**
     * A period closed, in one step: its report window opened and its due day fixed (as
     * `openReportingPeriod`), the programme's "next due" set (the earlier of the other periods'
     * and this one's, unless this one is already reported), and the reference data the
     * workflow plans this period's reminders and escalations with returned, read now, so
     * planning them needs no further activity.
     */
    closeReportingPeriod(i: {
      programId: string;
      stageSeq: number;
      period: ReportPeriodRef;
      openedOn: string;
      /** The next due report among the programme's other periods. */
      otherPeriodsDue: NextDue;
      /** Whether the period is still to be reported (it may be reported before it ends). */
      awaitsReport: boolean;
      at: string;
    }) {
      return collectMailRefusals(async () => {
        const due = await storePeriod(i);
        const nextDue = earlierDue(i.otherPeriodsDue, i.awaitsReport ? due : null);
        await store.programs.setDue(i.programId, i.stageSeq, { dueAt: nextDue?.dueAt ?? null, dueDate: nextDue?.dueDate ?? null }, i.at);
        const [holidayYears, escalationPolicy] = await Promise.all([ctx.holidayYears(), store.roster.getEscalationPolicy()]);
        return { ...due, holidayYears, escalationPolicy };
      });
    },

    /** The programme's "next due" moved (a period closed): the list of overdue programmes reads it. */
    async setNextDue(i: { programId: string; stageSeq: number; nextDue: NextDue; at: string }): Promise<void> {
      await store.programs.setDue(i.programId, i.stageSeq, { dueAt: i.nextDue?.dueAt ?? null, dueDate: i.nextDue?.dueDate ?? null }, i.at);
    },

    /** Records a report once its sender is confirmed with the roster, then tells the secretariat and Diskominfo it arrived. */
    recordProgressReport(i: { report: ProgressReport; event: ProgramEvent; stageSeq: number; nextDue: NextDue; links: LinkRef[] }) {
      return collectMailRefusals(async () => {
        const { report } = i;
        const program = await ctx.loadProgram(report.programId);
        // The OPD acting for the programme today: after a merge, the people it moved report on it.
        const scope = programScopeOf(program, await store.roster.listOpds());
        await ctx.confirmActor(i.event, (actor) => refusal(actor, 'report', scope));
        await store.reports.putReport(report);
        await store.programs.putEvent(i.event);
        await store.programs.setDue(report.programId, i.stageSeq, { dueAt: i.nextDue?.dueAt ?? null, dueDate: i.nextDue?.dueDate ?? null }, report.at);
        await ctx.revokeLinks(report.programId, i.stageSeq, i.links);

        const [summary, period, people] = await Promise.all([
          ctx.summary(program),
          store.reports.getPeriod(program.id, report.period),
          ctx.roster.listPeople(),
        ]);
        const told = uniqueById(people.filter((p) => p.roles.some((r) => r === 'secretariat' || r === 'diskominfo_reviewer')));
        for (const person of told) {
          const content = reportReceivedMail({
            program: summary,
            recipient: toAssignee(person),
            period: period ? { start: period.start, end: period.end } : null,
            periodId: report.period,
            version: report.version,
            percentComplete: report.percentComplete,
            by: report.submittedBy,
            at: report.at,
            programUrl: ctx.programUrl(program.id),
          });
          await ctx.mail(`alur.${program.id}.${i.stageSeq}.received-${report.period}-v${report.version}`, person, content, program.id);
        }
      });
    },
  };
}
