/** The reporting cycle of a programme in implementation: periods closing, reports arriving. */
import { endOfWibDay } from '../domain/calendar.js';
import type { LinkRef } from '../domain/links.js';
import type { ProgramEvent } from '../domain/program.js';
import { reportDueWorkingDays, type ProgressReport } from '../domain/reports.js';
import { refusal } from '../domain/roles.js';
import { collectMailRefusals, type ActivityContext } from './context.js';
import type { ReportPeriodRef } from './notifications.js';

type NextDue = { dueDate: string; dueAt: string } | null;

export function createReportingActivities(ctx: ActivityContext) {
  const { store } = ctx;
  return {
    /** A period's report window opened: the report is due on the n-th working day after, counted with today's holiday data. */
    openReportingPeriod(i: { programId: string; period: ReportPeriodRef; openedOn: string; at: string }) {
      return collectMailRefusals(async (): Promise<{ dueDate: string; dueAt: string }> => {
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
      });
    },

    /** The programme's "next due" moved (a period closed): the list of overdue programmes reads it. */
    async setNextDue(i: { programId: string; stageSeq: number; nextDue: NextDue; at: string }): Promise<void> {
      await store.programs.setDue(i.programId, i.stageSeq, { dueAt: i.nextDue?.dueAt ?? null, dueDate: i.nextDue?.dueDate ?? null }, i.at);
    },

    async recordProgressReport(i: { report: ProgressReport; event: ProgramEvent; stageSeq: number; nextDue: NextDue; links: LinkRef[] }): Promise<void> {
      const program = await ctx.loadProgram(i.report.programId);
      await ctx.confirmActor(i.event, (actor) => refusal(actor, 'report', { opdId: program.proposal.opdId, stage: program.stage }));
      await store.reports.putReport(i.report);
      await store.programs.putEvent(i.event);
      await store.programs.setDue(i.report.programId, i.stageSeq, { dueAt: i.nextDue?.dueAt ?? null, dueDate: i.nextDue?.dueDate ?? null }, i.report.at);
      await ctx.revokeLinks(i.report.programId, i.stageSeq, i.links);
    },
  };
}
