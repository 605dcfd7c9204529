/**
 * /v1/masterplan: the regency's Smart City masterplan (docs/product.md §9). Everyone signed in
 * reads it (period, dimensions and sub-dimensions with their ids, quick wins) and its change
 * history; the secretariat edits its quick wins.
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { signedIn, type AppDeps } from '../context.js';
import { apiRoutes, bearer, changeHistoryAnswer, jsonAnswer, jsonBody, problems } from '../documented.js';
import { changeQuickWins, masterplanView, quickWinsBody } from '../masterplan-editing.js';
import { ProblemError } from '../problem.js';

const quickWinSchema = z.looseObject({ id: z.string(), name: z.string() });

/** What `masterplanView` answers. */
const masterplanSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  startYear: z.number().int(),
  endYear: z.number().int(),
  version: z.number().int().describe('send it back with a change: a change made meanwhile is refused (409)'),
  dimensions: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      subDimensions: z.array(z.strictObject({ id: z.string().describe('the id a proposal names'), name: z.string() })),
    }),
  ),
  quickWins: z.array(quickWinSchema),
});

const readRoute = createRoute({
  method: 'get',
  path: '/',
  summary: 'The masterplan: period, version, dimensions with their sub-dimensions (the ids a proposal names), and quick wins',
  security: bearer,
  responses: { 200: jsonAnswer('the masterplan', masterplanSchema), ...problems(401, 503) },
});

const changesRoute = createRoute({
  method: 'get',
  path: '/changes',
  summary: 'Every change of the masterplan: who, when, the masterplan before and after',
  security: bearer,
  responses: {
    200: changeHistoryAnswer({
      version: z.number().int(),
      before: z.looseObject({ quickWins: z.array(quickWinSchema) }),
      after: z.looseObject({ quickWins: z.array(quickWinSchema) }),
    }),
    ...problems(401, 503),
  },
});

const quickWinsRoute = createRoute({
  method: 'put',
  path: '/quick-wins',
  summary: 'Replace the quick wins (the secretariat): add one without id, rename one by its id, remove one by leaving it out',
  description:
    'Made from `version` as `GET /v1/masterplan` gave it (409 when it changed meanwhile). A quick win a programme delivers cannot be removed (409, naming the programmes). Answers with the masterplan as changed; the change is kept in `/v1/masterplan/changes`.',
  security: bearer,
  request: { body: jsonBody(quickWinsBody.meta({ id: 'QuickWins' })) },
  responses: { 200: jsonAnswer('the masterplan as changed', masterplanSchema), ...problems(400, 401, 403, 409, 415, 422) },
});

export function masterplanRoutes(deps: AppDeps) {
  // Per path, not '*': other routes are mounted under /v1/masterplan too (the commitment's) and keep their own.
  const authenticated = signedIn(deps);

  const routes = apiRoutes();
  routes.use('/', authenticated).use('/changes', authenticated).use('/quick-wins', authenticated);

  return routes
    .openapi(readRoute, async (c) => c.json(await masterplanView(deps), 200))

    .openapi(changesRoute, async (c) => {
      const current = await deps.store.masterplan.current();
      if (!current) throw new ProblemError(503, 'Not ready', 'the masterplan has not been seeded yet');
      return c.json({ items: await deps.store.masterplan.history(current.masterplan.id) }, 200);
    })

    .openapi(quickWinsRoute, async (c) => {
      await changeQuickWins(deps, c.get('person'), c.req.valid('json'), 'api');
      return c.json(await masterplanView(deps), 200);
    });
}
