/**
 * /v1/signing-policy (docs/product.md §10): which offices sign a programme's commitment, read by
 * everyone signed in and changed by the secretariat over the version it read. A change applies
 * to commitments whose signing starts after it; every change is kept (`/v1/signing-policy/changes`).
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { signerOffices } from '../../domain/signing.js';
import { signedIn, type AppDeps } from '../context.js';
import { apiRoutes, bearer, changeHistoryAnswer, jsonAnswer, jsonBody, problems } from '../documented.js';
import { changeSigningPolicy, readSigningPolicy, signingPolicyBody, signingPolicyChanges } from '../signing-policy.js';

const offices = z.array(z.enum(signerOffices));

/** What `signingPolicyView` answers. */
const policySchema = z.strictObject({
  default: offices,
  quickWin: offices.nullable().describe('null: quick wins are signed as the default'),
  version: z.number().int().describe('send it back with a change: a change made meanwhile is refused (409)'),
});
const policyRecord = z.looseObject({ default: offices, quickWin: offices.optional() });

const readRoute = createRoute({
  method: 'get',
  path: '/',
  summary: "Which offices sign a programme's commitment: `default`, `quickWin` (null: as the default), `version`",
  security: bearer,
  responses: { 200: jsonAnswer('the policy', policySchema), ...problems(401, 503) },
});

const changesRoute = createRoute({
  method: 'get',
  path: '/changes',
  summary: 'Every change of the signing policy: who, when, before and after',
  security: bearer,
  responses: {
    200: changeHistoryAnswer({ version: z.number().int(), before: policyRecord, after: policyRecord }),
    ...problems(401, 503),
  },
});

const changeRoute = createRoute({
  method: 'put',
  path: '/',
  summary: 'Replace the signing policy (the secretariat), made from `version`',
  description:
    'Offices: bupati, wakil_bupati, sekda, opd_head (the head of the proposing OPD), diskominfo_head. Applies to commitments whose signing starts after the change; a commitment being signed keeps the offices it opened with. 409 when the policy changed since `version` was read. Every change is kept in `/v1/signing-policy/changes`.',
  security: bearer,
  request: { body: jsonBody(signingPolicyBody.meta({ id: 'SigningPolicyEdit' })) },
  responses: {
    200: jsonAnswer('the policy as stored, and whether it changed', policySchema.extend({ changed: z.boolean() })),
    ...problems(400, 401, 403, 409, 415, 503),
  },
});

export function signingPolicyRoutes(deps: AppDeps) {
  const routes = apiRoutes();
  routes.use('*', signedIn(deps));

  return routes
    .openapi(readRoute, async (c) => c.json(await readSigningPolicy(deps), 200))
    .openapi(changesRoute, async (c) => c.json({ items: await signingPolicyChanges(deps) }, 200))
    .openapi(changeRoute, async (c) => c.json(await changeSigningPolicy(deps, c.get('person'), c.req.valid('json'), 'api'), 200));
}
