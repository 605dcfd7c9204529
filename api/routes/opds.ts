/**
 * /v1/opds (docs/product.md §10): the OPDs, read by everyone signed in, added, renamed and merged
 * by the secretariat. Every change is kept with who, when, before and after
 * (`GET /v1/opds/:id/changes`).
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { newOpdSchema, opdIdSchema, opdMergeSchema, opdPatchSchema } from '../../domain/opds.js';
import { signedIn, type AppDeps } from '../context.js';
import { apiRoutes, bearer, changeHistoryAnswer, jsonAnswer, jsonBody, problems } from '../documented.js';
import { createOpdOperations } from '../opds.js';

/** What `opdView` answers. */
const opdSchema = z.looseObject({
  id: z.string(),
  name: z.string(),
  abbr: z.string(),
  active: z.boolean(),
  mergedInto: z.string().nullable().describe('the OPD it was merged into, once merged'),
  mergedOn: z.string().nullable().describe('the WIB day of the merge'),
  version: z.number().int().describe('send it back with a change: a change made meanwhile is refused (409)'),
});
const opdParams = z.object({ id: opdIdSchema.describe('the OPD code') });

const listRoute = createRoute({
  method: 'get',
  path: '/',
  summary: 'The OPDs, merged ones included: id, name, abbreviation, active, mergedInto and mergedOn, version',
  security: bearer,
  responses: { 200: jsonAnswer('active OPDs first, then by name', z.strictObject({ items: z.array(opdSchema) })), ...problems(401, 503) },
});

const readRoute = createRoute({
  method: 'get',
  path: '/{id}',
  summary: 'One OPD with the version a change is made from',
  security: bearer,
  request: { params: opdParams },
  responses: { 200: jsonAnswer('the OPD', opdSchema), ...problems(400, 401, 404, 503) },
});

const changesRoute = createRoute({
  method: 'get',
  path: '/{id}/changes',
  summary: 'Every change of an OPD: who, when, the OPD before and after',
  security: bearer,
  request: { params: opdParams },
  responses: {
    200: changeHistoryAnswer({
      opdId: z.string(),
      version: z.number().int(),
      before: z.looseObject({ id: z.string() }).nullable(),
      after: z.looseObject({ id: z.string() }),
    }),
    ...problems(400, 401, 404, 503),
  },
});

const addRoute = createRoute({
  method: 'post',
  path: '/',
  summary: 'Add an OPD (the secretariat): a code (lower-case letters and digits joined by hyphens), its formal name and abbreviation',
  description:
    'Code, name and abbreviation each name one OPD, merged ones included (422 naming the field that clashes). The change is kept in `/v1/opds/{id}/changes`.',
  security: bearer,
  request: { body: jsonBody(newOpdSchema.meta({ id: 'NewOpd' })) },
  responses: {
    201: { ...jsonAnswer('added', opdSchema), headers: { Location: { schema: { type: 'string' } } } },
    ...problems(400, 401, 403, 415, 422, 503),
  },
});

const changeRoute = createRoute({
  method: 'patch',
  path: '/{id}',
  summary: 'Rename an OPD or change its abbreviation (the secretariat), made from `version`',
  description:
    '409 when the OPD changed since `version` was read (two secretaries never overwrite each other), or when it was merged (a merged OPD keeps the name its programmes were proposed under).',
  security: bearer,
  request: { params: opdParams, body: jsonBody(opdPatchSchema.meta({ id: 'OpdPatch' })) },
  responses: {
    200: jsonAnswer('the OPD as stored, and whether anything changed', z.strictObject({ opd: opdSchema, changed: z.boolean() })),
    ...problems(400, 401, 403, 404, 409, 415, 422, 503),
  },
});

const mergeRoute = createRoute({
  method: 'post',
  path: '/{id}/merge',
  summary: 'Merge an OPD into another (the secretariat), made from `version`',
  description:
    "The OPD becomes inactive, merged into `into` from today (WIB): it can no longer be chosen for proposals or people, and the office of its head ends. Its people move to `into` (each move kept in the person's history; its head becomes staff there). Its programmes keep their history under its name; their new work (the OPD head's signature, revisions, reports) goes to `into`, whose people act for them, and the portfolio counts them under `into`. Repeating the merge into the same OPD moves whoever is left. The Sekretariat Daerah and Diskominfo cannot be merged (422).",
  security: bearer,
  request: { params: opdParams, body: jsonBody(opdMergeSchema.meta({ id: 'OpdMerge' })) },
  responses: {
    200: jsonAnswer('the merged OPD and the ids of the people moved', z.strictObject({ opd: opdSchema, moved: z.array(z.string()) })),
    ...problems(400, 401, 403, 404, 409, 415, 422, 503),
  },
});

export function opdRoutes(deps: AppDeps) {
  const opds = createOpdOperations(deps);
  const routes = apiRoutes();
  routes.use('*', signedIn(deps));

  return routes
    .openapi(listRoute, async (c) => c.json({ items: await opds.list() }, 200))

    .openapi(readRoute, async (c) => c.json(await opds.get(c.req.valid('param').id), 200))

    .openapi(changesRoute, async (c) => {
      const opd = await opds.get(c.req.valid('param').id);
      return c.json({ items: await opds.history(opd.id) }, 200);
    })

    .openapi(addRoute, async (c) => {
      const opd = await opds.add(c.req.valid('json'), c.get('person'), 'api');
      c.header('Location', `/v1/opds/${opd.id}`);
      return c.json(opd, 201);
    })

    .openapi(changeRoute, async (c) => c.json(await opds.change(c.req.valid('param').id, c.req.valid('json'), c.get('person'), 'api'), 200))

    .openapi(mergeRoute, async (c) => c.json(await opds.merge(c.req.valid('param').id, c.req.valid('json'), c.get('person'), 'api'), 200));
}
