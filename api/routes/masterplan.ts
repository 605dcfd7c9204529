/**
 * /v1/masterplan: the regency's Smart City masterplan (docs/product.md §9). Everyone signed in
 * reads it (period, dimensions and sub-dimensions with their ids, quick wins) and its change
 * history; the secretariat edits its quick wins.
 */
import { Hono, type Context, type Next } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { changeQuickWins, masterplanView, quickWinsBody } from '../masterplan-editing.js';
import { ProblemError } from '../problem.js';
import { requireJson, validated } from '../validation.js';

export function masterplanRoutes(deps: AppDeps) {
  // Per path, not '*': other routes are mounted under /v1/masterplan too (the commitment's) and keep their own.
  const authenticated = async (c: Context<AppEnv>, next: Next) => {
    c.set('person', await deps.auth.personOf(c.req.header('authorization')));
    if (c.req.method !== 'GET') requireJson(c.req.header('content-type'));
    await next();
  };

  return new Hono<AppEnv>()
    .use('/', authenticated)
    .use('/changes', authenticated)
    .use('/quick-wins', authenticated)

    .get('/', async (c) => c.json(await masterplanView(deps)))

    .get('/changes', async (c) => {
      const current = await deps.store.masterplan.current();
      if (!current) throw new ProblemError(503, 'Not ready', 'the masterplan has not been seeded yet');
      return c.json({ items: await deps.store.masterplan.history(current.masterplan.id) });
    })

    .put('/quick-wins', validated('json', quickWinsBody), async (c) => {
      await changeQuickWins(deps, c.get('person'), c.req.valid('json'), 'api');
      return c.json(await masterplanView(deps));
    });
}
