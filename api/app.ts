/**
 * The HTTP API (docs/product.md §5). `createApp(deps)` builds it; api/server.ts serves it on
 * Node, api/lambda.ts on AWS Lambda. Routes are grouped by audience; errors all leave
 * through one handler as problem+json.
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import type { Env } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { secureHeaders } from 'hono/secure-headers';
import { WorkingCalendar, wibDate } from '../domain/calendar.js';
import type { AppDeps } from './context.js';
import { apiRoutes, jsonAnswer } from './documented.js';
import { openApiDocument } from './openapi.js';
import { ProblemError, problemResponse, toProblem } from './problem.js';
import { actRoutes } from './routes/act.js';
import { devRoutes } from './routes/dev.js';
import { exportRoutes } from './routes/exports.js';
import { masterplanRoutes } from './routes/masterplan.js';
import { holidayYearRoutes, workingDayRoutes } from './routes/holiday-years.js';
import { escalationPolicyRoutes, officeRoutes } from './routes/offices.js';
import { masterplanCommitmentRoutes } from './routes/masterplan-commitment.js';
import { opdRoutes } from './routes/opds.js';
import { peopleRoutes } from './routes/people.js';
import { programRoutes } from './routes/programs.js';
import { reportRoutes } from './routes/reports.js';
import { commitmentRoutes, delegationRoutes, signatureRoutes } from './routes/signing.js';
import { signingPolicyRoutes } from './routes/signing-policy.js';
import { webRoutes } from './web/index.js';

export const maxBodyBytes = 256 * 1024;

async function probe(check: () => Promise<unknown>, timeoutMs = 3000): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'up';
  } catch {
    return 'down';
  } finally {
    clearTimeout(timer);
  }
}

const up = z.enum(['up', 'down']);
const healthAnswer = z
  .looseObject({
    status: z.enum(['ok', 'degraded']),
    temporal: up,
    dynamodb: up,
    warnings: z.array(z.string()).describe('deadlines counted without holiday data, and where to upload it'),
  })
  .describe('each dependency the API uses, up or down');

const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  summary: 'Dependency health',
  responses: { 200: jsonAnswer('every dependency up', healthAnswer), 503: jsonAnswer('a dependency down', healthAnswer) },
});

const contractRoute = createRoute({
  method: 'get',
  path: '/openapi.json',
  summary: 'This document',
  responses: {
    200: jsonAnswer('the OpenAPI 3.1 document', z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }) })),
  },
});

export function createApp(deps: AppDeps) {
  /** Deadlines this year or next in a year without holiday data count weekends only: say so. */
  async function calendarWarnings(): Promise<string[]> {
    const calendar = new WorkingCalendar(await deps.store.roster.listHolidayYears());
    const year = Number(wibDate(new Date()).slice(0, 4));
    return calendar
      .missingYears(`${year}-01-01`, `${year + 1}-01-01`)
      .map((y) => `no holiday data for ${y}: working days there count weekends only (the secretariat uploads the year's SKB list at /admin/libur)`);
  }

  const app = apiRoutes<Env>();
  app
    // Pages are plain HTML with one inline <style> and a form posting back to us; nothing else may load.
    .use(
      '*',
      secureHeaders({
        referrerPolicy: 'no-referrer',
        contentSecurityPolicy: {
          defaultSrc: ["'none'"],
          styleSrc: ["'unsafe-inline'"],
          // "Masuk dengan SSO" is a form whose answer redirects to the OpenID provider.
          formAction: ["'self'", ...(deps.oidc ? [new URL(deps.oidc.issuer).origin] : [])],
          baseUri: ["'none'"],
          frameAncestors: ["'none'"],
        },
      }),
    )
    .use(
      '*',
      bodyLimit({
        maxSize: maxBodyBytes,
        onError: (c) => {
          // The rest of the body is left unread: the connection cannot carry another request.
          c.header('Connection', 'close');
          return problemResponse(c, new ProblemError(413, 'Payload too large', `request bodies are limited to ${maxBodyBytes} bytes`).toProblem());
        },
      }),
    )
    // Form posts to links must come from our own pages.
    .use('/act/*', csrf({ origin: new URL(deps.publicBaseUrl).origin }));

  // Every dependency the API itself uses, probed on each call (public and cheap: no logins).
  app.openapi(healthRoute, async (c) => {
    // One state per probe of deps.checks, so temporal and dynamodb are always there.
    const states = Object.fromEntries(await Promise.all(Object.entries(deps.checks).map(async ([name, check]) => [name, await probe(check)] as const))) as {
      [Dependency in keyof AppDeps['checks']]: 'up' | 'down';
    };
    const ok = Object.values(states).every((state) => state === 'up');
    const answer = { status: ok ? ('ok' as const) : ('degraded' as const), ...states, warnings: states.dynamodb === 'up' ? await calendarWarnings() : [] };
    return ok ? c.json(answer, 200) : c.json(answer, 503);
  });
  app.openapi(contractRoute, (c) => c.json(openApiDocument(app, deps.publicBaseUrl), 200));

  app
    .route('/v1/programs', programRoutes(deps))
    .route('/v1/programs', signatureRoutes(deps))
    .route('/v1/programs', reportRoutes(deps))
    .route('/v1/commitments', commitmentRoutes(deps))
    .route('/v1/delegations', delegationRoutes(deps))
    .route('/v1/masterplan/commitment', masterplanCommitmentRoutes(deps))
    .route('/v1/people', peopleRoutes(deps))
    .route('/v1/opds', opdRoutes(deps))
    .route('/v1/signing-policy', signingPolicyRoutes(deps))
    .route('/v1/masterplan', masterplanRoutes(deps))
    .route('/v1/offices', officeRoutes(deps))
    .route('/v1/escalation-policy', escalationPolicyRoutes(deps))
    .route('/v1/holiday-years', holidayYearRoutes(deps))
    .route('/v1/working-days', workingDayRoutes(deps))
    .route('/act', actRoutes(deps))
    // The portfolio as files: a bearer token or the web session (the dashboard's download links).
    .route('/ekspor', exportRoutes(deps))
    // The staff web application (docs/product.md §8): its own paths, sessions and CSRF checks.
    .route('/', webRoutes(deps));

  if (deps.devLogin) app.route('/dev', devRoutes(deps));

  app.notFound((c) => problemResponse(c, { type: 'about:blank', title: 'Not found', status: 404, detail: `no route for ${c.req.method} ${c.req.path}` }));
  app.onError((err, c) => {
    const problem = toProblem(err);
    // A link's path is its secret: logs name the route, never the token.
    if (problem.status >= 500) console.error(`${c.req.method} ${c.req.path.replace(/^\/act\/[^/]*/, '/act/<token>')} failed:`, err);
    return problemResponse(c, problem);
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
