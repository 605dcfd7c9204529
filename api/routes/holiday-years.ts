/**
 * /v1/holiday-years: the holiday years deadlines count (the secretariat uploads a year's SKB list),
 * and /v1/working-days: a due day computed with them, as the worker computes deadlines.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { WorkingCalendar } from '../../domain/calendar.js';
import { rosterRefusal } from '../../domain/people.js';
import { refusal } from '../../domain/roles.js';
import type { AppDeps, AppEnv } from '../context.js';
import { createHolidayOperations } from '../holiday-years.js';
import { ProblemError } from '../problem.js';
import { validated } from '../validation.js';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

const uploadQuery = z.strictObject({
  dryRun: z.enum(['0', '1']).optional(),
  source: z.string().trim().max(500).optional(),
});

/** A year in a path: four digits, or 404. */
function yearOf(raw: string): number {
  if (!/^\d{4}$/.test(raw)) throw new ProblemError(404, 'Not found', 'a holiday year is four digits');
  return Number(raw);
}

export function holidayYearRoutes(deps: AppDeps) {
  const { store } = deps;
  const holidays = createHolidayOperations(store);
  return new Hono<AppEnv>()
    .use('*', async (c, next) => {
      const person = await deps.auth.personOf(c.req.header('authorization'));
      const why = rosterRefusal(person);
      if (why) throw new ProblemError(403, 'Not allowed', why);
      c.set('person', person);
      await next();
    })
    .get('/', async (c) => c.json({ items: (await store.roster.listHolidayYears()).sort((a, b) => a.year - b.year) }))
    .get('/:year', async (c) => {
      const year = yearOf(c.req.param('year'));
      const found = (await store.roster.listHolidayYears()).find((y) => y.year === year);
      if (!found) throw new ProblemError(404, 'Not found', `no holiday data for ${year}`);
      return c.json({ ...found, history: await store.roster.holidayYearChanges(year) });
    })
    .put('/:year', validated('query', uploadQuery), async (c) => {
      const type = c.req.header('content-type') ?? '';
      if (!/^(application\/json|text\/csv)\s*(;|$)/i.test(type)) {
        throw new ProblemError(415, 'Unsupported media type', 'send the list as application/json or text/csv (header tanggal,jenis,keterangan)');
      }
      const { dryRun, source } = c.req.valid('query');
      const checked = holidays.check(yearOf(c.req.param('year')), source ?? '', await c.req.text());
      if (dryRun === '1') return c.json({ dryRun: true, written: false, ...checked });
      await holidays.save(checked, c.get('person'));
      return c.json({ dryRun: false, written: true, ...checked });
    });
}

const workingDaysQuery = z.strictObject({ from: date, days: z.coerce.number().int().min(0).max(365) });

export function workingDayRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/', validated('query', workingDaysQuery), async (c) => {
    const person = await deps.auth.personOf(c.req.header('authorization'));
    const why = refusal(person, 'view');
    if (why) throw new ProblemError(403, 'Not allowed', why);
    const { from, days } = c.req.valid('query');
    const calendar = new WorkingCalendar(await deps.store.roster.listHolidayYears());
    const dueDate = calendar.addWorkingDays(from, days);
    return c.json({ from, workingDays: days, dueDate, yearsWithoutHolidayData: calendar.missingYears(from, dueDate) });
  });
}
