/**
 * /v1/opds (docs/product.md §10): the OPDs, read by everyone signed in, added, renamed and merged
 * by the secretariat. Every change is kept with who, when, before and after
 * (`GET /v1/opds/:id/changes`).
 */
import { Hono } from 'hono';
import { newOpdSchema, opdMergeSchema, opdPatchSchema } from '../../domain/opds.js';
import type { AppDeps, AppEnv } from '../context.js';
import { createOpdOperations } from '../opds.js';
import { requireJson, validated } from '../validation.js';

export function opdRoutes(deps: AppDeps) {
  const opds = createOpdOperations(deps);
  return new Hono<AppEnv>()
    .use('*', async (c, next) => {
      c.set('person', await deps.auth.personOf(c.req.header('authorization')));
      if (c.req.method !== 'GET') requireJson(c.req.header('content-type'));
      await next();
    })

    .get('/', async (c) => c.json({ items: await opds.list() }))

    .get('/:id', async (c) => c.json(await opds.get(c.req.param('id'))))

    .get('/:id/changes', async (c) => {
      const opd = await opds.get(c.req.param('id'));
      return c.json({ items: await opds.history(opd.id) });
    })

    .post('/', validated('json', newOpdSchema), async (c) => {
      const opd = await opds.add(c.req.valid('json'), c.get('person'), 'api');
      c.header('Location', `/v1/opds/${opd.id}`);
      return c.json(opd, 201);
    })

    .patch('/:id', validated('json', opdPatchSchema), async (c) => c.json(await opds.change(c.req.param('id'), c.req.valid('json'), c.get('person'), 'api')))

    .post('/:id/merge', validated('json', opdMergeSchema), async (c) =>
      c.json(await opds.merge(c.req.param('id'), c.req.valid('json'), c.get('person'), 'api')),
    );
}
