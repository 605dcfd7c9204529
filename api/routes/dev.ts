/** /dev: the seeded roster and a sign-in for local use and tests. Mounted only with ALUR_DEV_LOGIN=1. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../context.js';
import { ProblemError } from '../problem.js';
import { requireJson, validated } from '../validation.js';

const sessionBody = z.strictObject({ userId: z.string().regex(/^[\w.-]{1,64}$/, 'a roster id') });

export function devRoutes(deps: AppDeps) {
  return new Hono()
    .get('/roster', async (c) => {
      const [people, opds] = await Promise.all([deps.store.roster.listPeople(), deps.store.roster.listOpds()]);
      return c.json({
        people: people.map((p) => ({ id: p.id, name: p.name, email: p.email, title: p.title, roles: p.roles, opdId: p.opdId })),
        opds,
      });
    })
    .post(
      '/session',
      async (c, next) => {
        requireJson(c.req.header('content-type'));
        await next();
      },
      validated('json', sessionBody),
      async (c) => {
        const { userId } = c.req.valid('json');
        const person = await deps.store.roster.getPerson(userId);
        if (!person) throw new ProblemError(404, 'Not found', `nobody with id ${userId} in the roster`, [{ path: 'userId', message: 'unknown user' }]);
        return c.json({ token: await deps.auth.issueDevToken(person.id), tokenType: 'Bearer', person });
      },
    );
}
