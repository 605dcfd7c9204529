/**
 * /v1/holiday-years: the holiday years deadlines count (the secretariat uploads a year's SKB list),
 * and /v1/working-days: a due day computed with them, as the worker computes deadlines.
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { WorkingCalendar } from '../../domain/calendar.js';
import { rosterRefusal } from '../../domain/people.js';
import { refusal } from '../../domain/roles.js';
import { signedIn, type AppDeps } from '../context.js';
import { apiRoutes, bearer, jsonAnswer, problems, queryOf } from '../documented.js';
import { createHolidayOperations } from '../holiday-years.js';
import { ProblemError } from '../problem.js';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');

const uploadQuery = z.strictObject({
  dryRun: z.enum(['0', '1']).optional(),
  source: z.string().trim().max(500).optional(),
});

const workingDaysQuery = z.strictObject({ from: date, days: z.coerce.number().int().min(0).max(365) });

const yearParams = z.object({ year: z.string().describe('four digits') });

const holidayYearSchema = z.strictObject({
  year: z.number().int(),
  source: z.string().describe('the decree (SKB) the list comes from'),
  holidays: z.array(z.strictObject({ date: z.string(), kind: z.enum(['libur', 'cuti_bersama']), name: z.string() })),
});

const yearsRoute = createRoute({
  method: 'get',
  path: '/',
  summary: 'The holiday years deadlines count (national holidays and cuti bersama per SKB), the secretariat',
  security: bearer,
  responses: { 200: jsonAnswer('every year stored, oldest first', z.strictObject({ items: z.array(holidayYearSchema) })), ...problems(401, 403) },
});

const yearRoute = createRoute({
  method: 'get',
  path: '/{year}',
  summary: 'One holiday year with every upload of it: who, when, the list before and after',
  security: bearer,
  request: { params: yearParams },
  responses: {
    200: jsonAnswer(
      'the year and its uploads',
      holidayYearSchema.extend({
        history: z.array(
          z.strictObject({
            at: z.string(),
            by: z.looseObject({ userId: z.string(), name: z.string() }),
            before: holidayYearSchema.nullable(),
            after: holidayYearSchema,
          }),
        ),
      }),
    ),
    ...problems(401, 403, 404),
  },
});

const uploadRoute = createRoute({
  method: 'put',
  path: '/{year}',
  summary: "Upload a year's SKB list (the secretariat): checked against the calendar, then saved; deadlines count it within a minute",
  description:
    'Body: JSON `{source, holidays: [{date, kind, name}]}` (kind `libur` or `cuti_bersama`) or `text/csv` with the header `tanggal,jenis,keterangan` and `?source=`. Every date must be a real day of the year and appear once; dates on a weekend are listed in `weekends`. With `dryRun=1` nothing is saved. 400 names every problem and saves nothing.',
  security: bearer,
  request: {
    params: yearParams,
    query: queryOf(uploadQuery),
    // Read as text and checked line by line (api/holiday-years.ts), so every problem comes in one answer.
    body: { required: true, content: { 'application/json': { schema: { type: 'object' } }, 'text/csv': { schema: { type: 'string' } } } },
  },
  responses: {
    200: jsonAnswer(
      'checked, and saved unless dryRun=1',
      z.strictObject({
        dryRun: z.boolean(),
        written: z.boolean(),
        year: holidayYearSchema.nullable().describe('the year as saved; null when a problem stops it'),
        problems: z.array(z.strictObject({ path: z.string(), message: z.string() })),
        weekends: z.array(z.string()).describe('dates on a Saturday or Sunday'),
      }),
    ),
    ...problems(400, 401, 403, 404, 415),
  },
});

const workingDaysRoute = createRoute({
  method: 'get',
  path: '/',
  summary: 'The due day n working days (WIB, with the stored holiday years) after a date, as deadlines are computed',
  security: bearer,
  request: { query: queryOf(workingDaysQuery) },
  responses: {
    200: jsonAnswer(
      'the due day',
      z.strictObject({
        from: z.string(),
        workingDays: z.number().int(),
        dueDate: z.string(),
        yearsWithoutHolidayData: z.array(z.number().int()).describe('counted with weekends only'),
      }),
    ),
    ...problems(400, 401, 403),
  },
});

/** A year in a path: four digits, or 404. */
function yearOf(raw: string): number {
  if (!/^\d{4}$/.test(raw)) throw new ProblemError(404, 'Not found', 'a holiday year is four digits');
  return Number(raw);
}

export function holidayYearRoutes(deps: AppDeps) {
  const { store } = deps;
  const holidays = createHolidayOperations(store);
  const routes = apiRoutes();
  // An upload is JSON or CSV: the handler reads either.
  routes.use('*', signedIn(deps, { refusal: rosterRefusal, json: false }));
  return routes
    .openapi(yearsRoute, async (c) => c.json({ items: (await store.roster.listHolidayYears()).sort((a, b) => a.year - b.year) }, 200))
    .openapi(yearRoute, async (c) => {
      const year = yearOf(c.req.param('year'));
      const found = (await store.roster.listHolidayYears()).find((y) => y.year === year);
      if (!found) throw new ProblemError(404, 'Not found', `no holiday data for ${year}`);
      return c.json({ ...found, history: await store.roster.holidayYearChanges(year) }, 200);
    })
    .openapi(uploadRoute, async (c) => {
      const type = c.req.header('content-type') ?? '';
      if (!/^(application\/json|text\/csv)\s*(;|$)/i.test(type)) {
        throw new ProblemError(415, 'Unsupported media type', 'send the list as application/json or text/csv (header tanggal,jenis,keterangan)');
      }
      const { dryRun, source } = c.req.valid('query');
      const checked = holidays.check(yearOf(c.req.param('year')), source ?? '', await c.req.text());
      if (dryRun === '1') return c.json({ dryRun: true, written: false, ...checked }, 200);
      await holidays.save(checked, c.get('person'));
      return c.json({ dryRun: false, written: true, ...checked }, 200);
    });
}

export function workingDayRoutes(deps: AppDeps) {
  return apiRoutes().openapi(workingDaysRoute, async (c) => {
    const person = await deps.auth.personOf(c.req.header('authorization'));
    const why = refusal(person, 'view');
    if (why) throw new ProblemError(403, 'Not allowed', why);
    const { from, days } = c.req.valid('query');
    const calendar = new WorkingCalendar(await deps.store.roster.listHolidayYears());
    const dueDate = calendar.addWorkingDays(from, days);
    return c.json({ from, workingDays: days, dueDate, yearsWithoutHolidayData: calendar.missingYears(from, dueDate) }, 200);
  });
}
