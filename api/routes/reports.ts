/**
 * /v1/programs/:id/progress-reports: the OPD reports progress on a programme in
 * implementation, and staff read the reporting schedule and every report version.
 * A report goes through the programme's workflow (the `reportProgress` Update), which
 * numbers versions and refuses what cannot be done now; reads come from the programme's
 * partition in DynamoDB alone (`api/progress-view.ts`).
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { periodIdOf, periodIdPattern, reportingPeriodOf } from '../../domain/periods.js';
import { reportExtras } from '../../domain/reports.js';
import { reportingCadences, type FieldProblem, type Proposal } from '../../domain/proposal.js';
import { actorOf, refusal } from '../../domain/roles.js';
import { reportProgress } from '../../workflows/messages.js';
import { signedIn, type AppDeps } from '../context.js';
import { loadProgram as loadProgramOf, loadProgramItems, loadProgramScope } from '../load-program.js';
import { ProblemError } from '../problem.js';
import { loadProgressOverview, progressOverviewSchema } from '../progress-view.js';
import { programIdParams, stageSchema } from '../program-view.js';
import { apiRoutes, bearer, idempotencyKey, jsonAnswer, jsonBody, problems } from '../documented.js';
import { requestIdOf, updateProgram } from '../updates.js';
import { validatedWith } from '../validation.js';

// ---------------------------------------------------------------------------------------
// What a report carries: one schema for the API and the emailed form (api/links/report-link.ts).

// Control characters are what this pattern is for (tabs and newlines are allowed in a narrative).
// eslint-disable-next-line no-control-regex
const controlCharsExceptNewlines = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export const maxEvidenceLinks = 20;
export const maxNarrativeLength = 5000;

function isHttpUrl(s: string): boolean {
  if (/\s/.test(s)) return false;
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

export const evidenceLinkSchema = z.string().trim().min(1).max(2000).refine(isHttpUrl, 'must be an http:// or https:// URL');

export const kpiValueSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  value: z.number(),
});

/** A paragraph a reporter typed: trimmed, tabs and newlines allowed, other control characters not. */
const reportText = z
  .string()
  .trim()
  .min(1)
  .max(maxNarrativeLength)
  .refine((s) => !controlCharsExceptNewlines.test(s), 'must not contain control characters');

/** The content of a report, without the period it is for. */
export const reportContentSchema = z.strictObject({
  percentComplete: z.number().min(0).max(100),
  narrative: reportText,
  kpiValues: z.array(kpiValueSchema).max(50),
  evidenceLinks: z.array(evidenceLinkSchema).max(maxEvidenceLinks).default([]),
  /** Budget spent in the period (Rp). Optional: reports made before it existed lack it. */
  budgetRealisedIdr: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  /** Obstacles met in the period (kendala). */
  obstacles: reportText.optional(),
  /** What will be done about them (tindak lanjut). */
  followUp: reportText.optional(),
});
export type ReportContent = z.output<typeof reportContentSchema>;

/** `POST /v1/programs/:id/progress-reports`. A second report for a period must say `correction: true`. */
export const progressReportBody = reportContentSchema.extend({
  period: z.string().regex(periodIdPattern, 'a reporting period like 2027-01 (month) or 2027-Q1 (quarter)'),
  correction: z.boolean().default(false),
});

/**
 * A report for a programme with these KPIs: the body, with each KPI value naming one of them at
 * most once, so a report hears about every problem in one answer.
 */
export const progressReportBodyFor = (kpis: Proposal['kpis']) =>
  progressReportBody.extend({
    kpiValues: progressReportBody.shape.kpiValues.superRefine((values, ctx) => {
      for (const p of kpiProblems(values, kpis)) ctx.addIssue({ code: 'custom', path: p.path.split('.').slice(1), message: p.message });
    }),
  });

/** KPI values must name the proposal's KPIs, each at most once (a KPI not measured this period may be left out). */
export function kpiProblems(values: readonly { name: string }[], kpis: Proposal['kpis']): FieldProblem[] {
  const known = new Set(kpis.map((k) => k.name));
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  values.forEach((v, i) => {
    if (!known.has(v.name)) problems.push({ path: `kpiValues.${i}.name`, message: `not a KPI of this programme; one of: ${[...known].join(', ')}` });
    else if (seen.has(v.name)) problems.push({ path: `kpiValues.${i}.name`, message: 'this KPI already has a value in this report' });
    seen.add(v.name);
  });
  return problems;
}

// ---------------------------------------------------------------------------------------
// The routes.

const reportSchema = z
  .looseObject({ programId: z.string(), period: z.string(), version: z.number().int(), at: z.string(), percentComplete: z.number() })
  .describe('one version of a report, as stored');

const reportRoute = createRoute({
  method: 'post',
  path: '/{id}/progress-reports',
  summary: 'Report progress for a period (the proposing OPD, in implementation); a second report for a period needs correction: true',
  security: bearer,
  parameters: [idempotencyKey],
  request: { params: programIdParams, body: jsonBody(progressReportBody.meta({ id: 'ProgressReport' })) },
  responses: {
    201: {
      ...jsonAnswer(
        'the report, received',
        z.strictObject({
          result: z.looseObject({ programId: z.string(), period: z.string(), version: z.number().int(), receivedAt: z.string(), completed: z.boolean() }),
          report: reportSchema.nullable(),
        }),
      ),
      headers: { Location: { schema: { type: 'string' } } },
    },
    ...problems(400, 401, 403, 404, 409, 415, 422, 503),
  },
});

const scheduleRoute = createRoute({
  method: 'get',
  path: '/{id}/progress-reports',
  summary: 'Reporting periods (status, lateness in working days), every report version, the next due report',
  security: bearer,
  request: { params: programIdParams },
  responses: {
    200: jsonAnswer('the reporting schedule', progressOverviewSchema.extend({ programId: z.string(), stage: stageSchema, cadence: z.enum(reportingCadences) })),
    ...problems(401, 403, 404),
  },
});

export function reportRoutes(deps: AppDeps) {
  const { store } = deps;

  const loadProgram = (id: string) => loadProgramOf(store, id);

  // Scoped to this resource: mounted beside programRoutes at /v1/programs, a '*' middleware would run for its routes too.
  const authenticated = signedIn(deps);

  const routes = apiRoutes();
  routes.use('/:id/progress-reports', authenticated);

  return routes
    .openapi(
      // The KPIs a report may name are the programme's: checked here with the shape, so every problem comes in one answer.
      {
        ...reportRoute,
        middleware: validatedWith('json', async (c) => progressReportBodyFor((await loadProgram(c.req.param('id') ?? '')).proposal.kpis)),
      },
      async (c) => {
        const person = c.get('person');
        const body = c.req.valid('json');
        const program = await loadProgram(c.req.param('id'));
        const why = refusal(person, 'report', await loadProgramScope(store, program));
        if (why) throw new ProblemError(403, 'Not allowed', why);
        if (program.stage !== 'implementation') {
          throw new ProblemError(409, 'Not possible in this stage', `programme is in stage ${program.stage}; progress is reported during implementation`);
        }
        const { startDate, endDate, reportingCadence } = program.proposal;
        if (!reportingPeriodOf(startDate, endDate, reportingCadence, body.period)) {
          throw new ProblemError(422, 'Request cannot be carried out', `period ${body.period} is not a reporting period of this programme`, [
            { path: 'period', message: `one of ${periodIdOf(startDate, reportingCadence)} … ${periodIdOf(endDate, reportingCadence)} (${reportingCadence})` },
          ]);
        }

        const requestId = requestIdOf(c.req.header('idempotency-key'), 'report', person.id);
        const result = await updateProgram(deps, program.id, reportProgress, {
          args: [
            {
              requestId,
              period: body.period,
              percentComplete: body.percentComplete,
              narrative: body.narrative,
              kpiValues: body.kpiValues,
              evidenceLinks: body.evidenceLinks,
              ...reportExtras(body),
              correction: body.correction,
              actor: actorOf(person),
              channel: 'api',
            },
          ],
          updateId: requestId,
        });
        const report = await store.reports.getReport(program.id, result.period, result.version);
        c.header('Location', `/v1/programs/${program.id}/progress-reports`);
        return c.json({ result, report }, 201);
      },
    )

    .openapi(scheduleRoute, async (c) => {
      const person = c.get('person');
      const items = await loadProgramItems(store, c.req.param('id'));
      const { program } = items;
      const why = refusal(person, 'view', { opdId: program.proposal.opdId, stage: program.stage });
      if (why) throw new ProblemError(403, 'Not allowed', why);
      const overview = await loadProgressOverview(deps, items);
      return c.json({ programId: program.id, stage: program.stage, cadence: program.proposal.reportingCadence, ...overview }, 200);
    });
}
