/** /dev: the seeded roster and a sign-in for local use and tests. Mounted only with ALUR_DEV_LOGIN=1. */
import { createRoute } from '@hono/zod-openapi';
import type { Env } from 'hono';
import { z } from 'zod';
import { roles } from '../../domain/roles.js';
import type { AppDeps } from '../context.js';
import { apiRoutes, jsonAnswer, jsonBody, problems } from '../documented.js';
import { ProblemError } from '../problem.js';
import { requireJson } from '../validation.js';

const sessionBody = z.strictObject({ userId: z.string().regex(/^[\w.-]{1,64}$/, 'a roster id') });

const rosterPerson = z.strictObject({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  title: z.string(),
  roles: z.array(z.enum(roles)),
  opdId: z.string().nullable(),
});

const rosterRoute = createRoute({
  method: 'get',
  path: '/roster',
  summary: 'Seeded people and OPDs (only with ALUR_DEV_LOGIN=1)',
  responses: {
    200: jsonAnswer(
      'the roster',
      z.strictObject({ people: z.array(rosterPerson), opds: z.array(z.looseObject({ id: z.string(), abbr: z.string(), name: z.string() })) }),
    ),
  },
});

const sessionRoute = createRoute({
  method: 'post',
  path: '/session',
  summary: 'A bearer token for a roster user (only with ALUR_DEV_LOGIN=1)',
  middleware: async (c, next) => {
    requireJson(c.req.header('content-type'));
    await next();
  },
  request: { body: jsonBody(sessionBody) },
  responses: {
    200: jsonAnswer('signed in', z.strictObject({ token: z.string(), tokenType: z.literal('Bearer'), person: z.looseObject({ id: z.string() }) })),
    ...problems(400, 404, 415),
  },
});

export function devRoutes(deps: AppDeps) {
  return apiRoutes<Env>()
    .openapi(rosterRoute, async (c) => {
      const [people, opds] = await Promise.all([deps.store.roster.listPeople(), deps.store.roster.listOpds()]);
      return c.json(
        {
          people: people.map((p) => ({ id: p.id, name: p.name, email: p.email, title: p.title, roles: p.roles, opdId: p.opdId })),
          opds,
        },
        200,
      );
    })
    .openapi(sessionRoute, async (c) => {
      const { userId } = c.req.valid('json');
      const person = await deps.store.roster.getPerson(userId);
      if (!person) throw new ProblemError(404, 'Not found', `nobody with id ${userId} in the roster`, [{ path: 'userId', message: 'unknown user' }]);
      return c.json({ token: await deps.auth.issueDevToken(person.id), tokenType: 'Bearer' as const, person }, 200);
    });
}
