/**
 * /v1/offices and /v1/escalation-policy (docs/product.md §10): who holds each office from which
 * day, and who hears of overdue work. Only the secretariat reads and changes them here.
 */
import { Hono } from 'hono';
import { escalationPolicySchema } from '../../domain/escalation.js';
import { handoverSchema } from '../../domain/offices.js';
import { rosterRefusal } from '../../domain/people.js';
import type { AppDeps, AppEnv } from '../context.js';
import { createOfficeOperations } from '../offices.js';
import { ProblemError } from '../problem.js';
import { requireJson, validated } from '../validation.js';

function secretariatOnly(deps: AppDeps) {
  return new Hono<AppEnv>().use('*', async (c, next) => {
    const person = await deps.auth.personOf(c.req.header('authorization'));
    const why = rosterRefusal(person);
    if (why) throw new ProblemError(403, 'Not allowed', why);
    c.set('person', person);
    if (c.req.method !== 'GET') requireJson(c.req.header('content-type'));
    await next();
  });
}

export function officeRoutes(deps: AppDeps) {
  const offices = createOfficeOperations(deps);
  return secretariatOnly(deps)
    .get('/', async (c) => c.json({ items: await offices.listOffices() }))
    .get('/:office', async (c) => c.json(await offices.getOffice(c.req.param('office'))))
    .put('/:office', validated('json', handoverSchema), async (c) => {
      const term = await offices.recordHandover(c.req.param('office'), c.req.valid('json'), c.get('person'));
      return c.json({ term, office: await offices.getOffice(term.office) });
    });
}

export function escalationPolicyRoutes(deps: AppDeps) {
  return secretariatOnly(deps)
    .get('/', async (c) => c.json(await deps.store.roster.getEscalationPolicy()))
    .get('/history', async (c) => c.json({ items: await deps.store.roster.escalationPolicyChanges() }))
    .put('/', validated('json', escalationPolicySchema), async (c) => {
      const policy = c.req.valid('json');
      const by = c.get('person');
      await deps.store.roster.putEscalationPolicy(policy, { userId: by.id, name: by.name }, new Date());
      return c.json(policy);
    });
}
