/**
 * /v1/signing-policy (docs/product.md §10): which offices sign a programme's commitment, read by
 * everyone signed in and changed by the secretariat over the version it read. A change applies
 * to commitments whose signing starts after it; every change is kept (`/v1/signing-policy/changes`).
 */
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { changeSigningPolicy, readSigningPolicy, signingPolicyBody, signingPolicyChanges } from '../signing-policy.js';
import { requireJson, validated } from '../validation.js';

export function signingPolicyRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use('*', async (c, next) => {
      c.set('person', await deps.auth.personOf(c.req.header('authorization')));
      if (c.req.method !== 'GET') requireJson(c.req.header('content-type'));
      await next();
    })
    .get('/', async (c) => c.json(await readSigningPolicy(deps)))
    .get('/changes', async (c) => c.json({ items: await signingPolicyChanges(deps) }))
    .put('/', validated('json', signingPolicyBody), async (c) => c.json(await changeSigningPolicy(deps, c.get('person'), c.req.valid('json'), 'api')));
}
