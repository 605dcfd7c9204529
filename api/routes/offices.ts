/**
 * /v1/offices and /v1/escalation-policy (docs/product.md §10): who holds each office from which
 * day, and who hears of overdue work. Only the secretariat reads and changes them here.
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { escalationPolicySchema } from '../../domain/escalation-schema.js';
import { handoverSchema } from '../../domain/offices.js';
import { rosterRefusal } from '../../domain/people.js';
import { signedIn, type AppDeps } from '../context.js';
import { apiRoutes, bearer, jsonAnswer, jsonBody, problems } from '../documented.js';
import { createOfficeOperations } from '../offices.js';

function secretariatOnly(deps: AppDeps) {
  const routes = apiRoutes();
  routes.use('*', signedIn(deps, { refusal: rosterRefusal }));
  return routes;
}

const policySchema = escalationPolicySchema.meta({ id: 'EscalationPolicy' });

const officeParams = z.object({
  office: z.string().describe('`bupati`, `wakil_bupati`, `sekda`, or `kepala:<OPD id>` for the head of an OPD'),
});

const termSchema = z.looseObject({
  office: z.string(),
  personId: z.string(),
  from: z.string().describe('first WIB day of the term'),
  basis: z.string(),
  recordedAt: z.string(),
  recordedBy: z.looseObject({ userId: z.string(), name: z.string() }),
});

/** What the office operations (api/offices.ts) answer for one office. */
const officeSchema = z.strictObject({
  office: z.string(),
  label: z.string(),
  holder: z
    .strictObject({
      personId: z.string(),
      name: z.string(),
      title: z.string(),
      source: z.string().describe('a record, or the roles while nothing is recorded'),
    })
    .nullable()
    .describe('who holds it today (WIB); null when vacant'),
  upcoming: z.array(termSchema).describe('handovers recorded for a later day, soonest first'),
  history: z.array(termSchema).describe('every record, newest day first'),
});

const officesRoute = createRoute({
  method: 'get',
  path: '/',
  summary: 'Every office (Bupati, Wakil Bupati, Sekda, each OPD head) with its holder today, the handovers ahead and every record',
  security: bearer,
  responses: { 200: jsonAnswer('every office', z.strictObject({ items: z.array(officeSchema) })), ...problems(401, 403) },
});

const officeRoute = createRoute({
  method: 'get',
  path: '/{office}',
  summary: 'One office: its holder today (recorded, or derived from the roles while nothing is recorded), handovers ahead, history',
  security: bearer,
  request: { params: officeParams },
  responses: { 200: jsonAnswer('the office', officeSchema), ...problems(401, 403, 404) },
});

const handoverRoute = createRoute({
  method: 'put',
  path: '/{office}',
  summary: 'Record that a person holds the office from a WIB day (the secretariat); work for the office goes to them from that day',
  description:
    'The person must be active and have the office role (and, for an OPD head, belong to that OPD). The record keeps who made it, when, and who held the office that day before; a second record for the same day corrects the first.',
  security: bearer,
  request: { params: officeParams, body: jsonBody(handoverSchema.meta({ id: 'Handover' })) },
  responses: {
    200: jsonAnswer('recorded', z.strictObject({ term: termSchema, office: officeSchema })),
    ...problems(400, 401, 403, 404, 415),
  },
});

export function officeRoutes(deps: AppDeps) {
  const offices = createOfficeOperations(deps);
  return secretariatOnly(deps)
    .openapi(officesRoute, async (c) => c.json({ items: await offices.listOffices() }, 200))
    .openapi(officeRoute, async (c) => c.json(await offices.getOffice(c.req.param('office')), 200))
    .openapi(handoverRoute, async (c) => {
      const term = await offices.recordHandover(c.req.param('office'), c.req.valid('json'), c.get('person'));
      return c.json({ term, office: await offices.getOffice(term.office) }, 200);
    });
}

const policyRoute = createRoute({
  method: 'get',
  path: '/',
  summary: 'Who hears of overdue work: per kind of work, offices whose holder on the day is told, or the secretariat',
  security: bearer,
  responses: { 200: jsonAnswer('the policy in force', policySchema), ...problems(401, 403) },
});

const policyHistoryRoute = createRoute({
  method: 'get',
  path: '/history',
  summary: 'Every change of the escalation policy: who, when, before and after',
  security: bearer,
  responses: {
    200: jsonAnswer(
      'every change',
      z.strictObject({
        items: z.array(
          z.looseObject({ at: z.string(), by: z.looseObject({ userId: z.string(), name: z.string() }), before: policySchema.nullable(), after: policySchema }),
        ),
      }),
    ),
    ...problems(401, 403),
  },
});

const replacePolicyRoute = createRoute({
  method: 'put',
  path: '/',
  summary: 'Replace the escalation policy (the secretariat); used from the next escalation on',
  security: bearer,
  request: { body: jsonBody(policySchema) },
  responses: { 200: jsonAnswer('the policy as stored', policySchema), ...problems(400, 401, 403, 415) },
});

export function escalationPolicyRoutes(deps: AppDeps) {
  return secretariatOnly(deps)
    .openapi(policyRoute, async (c) => c.json(await deps.store.roster.getEscalationPolicy(), 200))
    .openapi(policyHistoryRoute, async (c) => c.json({ items: await deps.store.roster.escalationPolicyChanges() }, 200))
    .openapi(replacePolicyRoute, async (c) => {
      const policy = c.req.valid('json');
      const by = c.get('person');
      await deps.store.roster.putEscalationPolicy(policy, { userId: by.id, name: by.name }, new Date());
      return c.json(policy, 200);
    });
}
