/**
 * /v1/people: the roster as the secretariat keeps it (docs/product.md §10). Everyone here is
 * the secretariat: people carry NIPs and addresses, which other staff have no need to list.
 * Every change is kept with who made it, when, before and after (`GET /v1/people/:id`).
 */
import { createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { isActivePerson, newPersonSchema, personPatchSchema, rosterRefusal } from '../../domain/people.js';
import { roles, type Person } from '../../domain/roles.js';
import { signedIn, type AppDeps } from '../context.js';
import { answerLines, createRosterOperations, type ImportLine } from '../people-roster.js';
import { InvalidCursorError } from '../../store/index.js';
import { ProblemError, problemHeaders } from '../problem.js';
import { apiRoutes, bearer, jsonAnswer, jsonBody, problemSchema, problems, queryOf } from '../documented.js';

const listQuery = z.strictObject({
  /** Part of a name, NIP or email. */
  q: z.string().trim().max(200).optional(),
  opdId: z.string().max(64).optional(),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

/** A page of people in the roster's order (name, then id), and the cursor of the next page (null: none). */
export function pageOfPeople(people: Person[], page: { limit: number; cursor?: string | undefined }): { items: Person[]; nextCursor: string | null } {
  const keyOf = (p: Person) => `${p.name}#${p.id}`;
  let after: string | null = null;
  if (page.cursor !== undefined) {
    try {
      const decoded = JSON.parse(Buffer.from(page.cursor, 'base64url').toString('utf8')) as unknown;
      if (typeof decoded !== 'object' || decoded === null || typeof (decoded as { after?: unknown }).after !== 'string') throw new Error('not a cursor');
      after = (decoded as { after: string }).after;
    } catch {
      throw new InvalidCursorError('the cursor is not one this list gave');
    }
  }
  const sorted = [...people].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  const rest = after === null ? sorted : sorted.filter((p) => keyOf(p) > after);
  const items = rest.slice(0, page.limit);
  const last = items.at(-1);
  const nextCursor = rest.length > page.limit && last ? Buffer.from(JSON.stringify({ after: keyOf(last) })).toString('base64url') : null;
  return { items, nextCursor };
}

const importQuery = z.strictObject({
  dryRun: z.enum(['0', '1']).optional(),
  partial: z.enum(['0', '1']).optional(),
});

/** A person as the API shows them: `active` always said. */
export const personView = (p: Person) => ({ ...p, nip: p.nip ?? null, active: isActivePerson(p) });

/** Whether a person matches a search typed by a person: name, NIP or email, any case. */
export function matchesSearch(p: Person, q: string): boolean {
  const needle = q.toLowerCase();
  return [p.name, p.nip ?? '', p.email].some((v) => v.toLowerCase().includes(needle));
}

function counts(lines: ImportLine[]) {
  const count = (o: ImportLine['outcome']) => lines.filter((l) => l.outcome === o).length;
  return { added: count('added'), changed: count('changed'), unchanged: count('unchanged'), refused: count('refused') };
}

const personSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  title: z.string().describe('official position, as on letters'),
  roles: z.array(z.enum(roles)),
  opdId: z.string().nullable().describe('null for the regional leadership'),
  nip: z.string().nullable(),
  active: z.boolean(),
});
const personIdParams = z.object({ id: z.string().describe('the person') });
const editorSchema = z.looseObject({ userId: z.string(), name: z.string(), via: z.string() });

const importLineSchema = z.looseObject({
  line: z.number().int(),
  nip: z.string(),
  outcome: z.enum(['added', 'changed', 'unchanged', 'refused']),
  problems: z.array(z.looseObject({ column: z.string(), message: z.string() })).optional(),
});
const importCounts = { added: z.number().int(), changed: z.number().int(), unchanged: z.number().int(), refused: z.number().int() };

const listRoute = createRoute({
  method: 'get',
  path: '/',
  summary: 'The roster (the secretariat): people with NIP, title, email, OPD, roles and whether active',
  security: bearer,
  request: { query: queryOf(listQuery) },
  responses: {
    200: jsonAnswer('one page', z.strictObject({ items: z.array(personSchema), nextCursor: z.string().nullable().describe('null on the last page') })),
    ...problems(400, 401, 403),
  },
});

const readRoute = createRoute({
  method: 'get',
  path: '/{id}',
  summary: 'A person with their history: every change with who made it, when, before and after',
  security: bearer,
  request: { params: personIdParams },
  responses: {
    200: jsonAnswer(
      'the person',
      personSchema.extend({
        version: z.number().int(),
        history: z.array(
          z.looseObject({
            version: z.number().int(),
            at: z.string(),
            by: editorSchema,
            before: z.looseObject({ id: z.string() }).nullable(),
            after: z.looseObject({ id: z.string() }),
          }),
        ),
      }),
    ),
    ...problems(401, 403, 404),
  },
});

const addRoute = createRoute({
  method: 'post',
  path: '/',
  summary: 'Add a person (the secretariat); one person per NIP and per email; the change is kept in their history',
  security: bearer,
  request: { body: jsonBody(newPersonSchema.meta({ id: 'NewPerson' })) },
  responses: {
    201: { ...jsonAnswer('added', personSchema), headers: { Location: { schema: { type: 'string' } } } },
    ...problems(400, 401, 403, 409, 415),
  },
});

const changeRoute = createRoute({
  method: 'patch',
  path: '/{id}',
  summary: 'Change a person (the secretariat); made inactive or moved to another OPD, they lose their web sessions',
  security: bearer,
  request: { params: personIdParams, body: jsonBody(personPatchSchema.meta({ id: 'PersonPatch' })) },
  responses: {
    200: jsonAnswer('changed', personSchema.extend({ changed: z.array(z.string()).describe('the fields that changed') })),
    ...problems(400, 401, 403, 404, 409, 415),
  },
});

const importRoute = createRoute({
  method: 'post',
  path: '/import',
  summary: 'Import a personnel spreadsheet (the secretariat): added, changed, unchanged and refused, line by line',
  description:
    'A CSV whose first line is `nip,nama,jabatan,surel,opd,peran` (opd: code or abbreviation, empty for the leadership; peran: roles separated by `;`). A line with a known NIP changes that person. With any refused line nothing is written (422) unless `partial=1`.',
  security: bearer,
  request: {
    query: queryOf(importQuery),
    body: { required: true, content: { 'text/csv': { schema: z.string() } } },
  },
  responses: {
    200: jsonAnswer(
      'what was (or, with dryRun=1, would be) done, line by line',
      z.strictObject({ dryRun: z.boolean(), written: z.boolean(), ...importCounts, lines: z.array(importLineSchema) }),
    ),
    422: {
      description: 'a line refused and nothing written: the problem, with every line',
      content: {
        'application/problem+json': { schema: problemSchema.extend({ written: z.literal(false), ...importCounts, lines: z.array(importLineSchema) }) },
      },
    },
    ...problems(400, 401, 403, 415),
  },
});

export function peopleRoutes(deps: AppDeps) {
  const { store } = deps;
  const roster = createRosterOperations(deps);
  const editorOf = (p: Person, via: 'api' | 'import') => ({ userId: p.id, name: p.name, via });

  const routes = apiRoutes();
  // The import takes CSV; every other change JSON.
  routes.use('*', signedIn(deps, { refusal: rosterRefusal, json: (path) => !path.endsWith('/import') }));

  return routes
    .openapi(listRoute, async (c) => {
      const { q, opdId, active, limit, cursor } = c.req.valid('query');
      const people = (await store.roster.listPeople()).filter(
        (p) => (q === undefined || matchesSearch(p, q)) && (opdId === undefined || p.opdId === opdId) && (active === undefined || isActivePerson(p) === active),
      );
      const page = pageOfPeople(people, { limit, cursor });
      return c.json({ items: page.items.map(personView), nextCursor: page.nextCursor }, 200);
    })

    .openapi(readRoute, async (c) => {
      const found = await store.people.read(c.req.param('id'));
      if (!found) throw new ProblemError(404, 'Not found', 'no such person');
      return c.json({ ...personView(found.person), version: found.version, history: await store.people.history(found.person.id) }, 200);
    })

    .openapi(addRoute, async (c) => {
      const person = await roster.createPerson(c.req.valid('json'), editorOf(c.get('person'), 'api'));
      c.header('Location', `/v1/people/${person.id}`);
      return c.json(personView(person), 201);
    })

    .openapi(changeRoute, async (c) => {
      const { person, changed } = await roster.changePerson(c.req.param('id'), c.req.valid('json'), editorOf(c.get('person'), 'api'));
      return c.json({ ...personView(person), changed }, 200);
    })

    .openapi(importRoute, async (c) => {
      if (!/^text\/csv\s*(;|$)/i.test(c.req.header('content-type') ?? '')) {
        throw new ProblemError(415, 'Unsupported media type', 'send the file as text/csv with the header nip,nama,jabatan,surel,opd,peran');
      }
      const { dryRun, partial } = c.req.valid('query');
      const plan = await roster.planImport(await c.req.text());
      const planned = answerLines(plan);
      if (dryRun === '1') return c.json({ dryRun: true, written: false, ...counts(planned), lines: planned }, 200);
      if (plan.refused > 0 && partial !== '1') {
        // Nothing is written: the whole file comes back with every refused line named.
        const errors = planned.flatMap((l) => (l.problems ?? []).map((p) => ({ path: `baris ${l.line}: ${p.column}`, message: p.message })));
        const body = {
          type: 'about:blank',
          title: 'Import refused',
          status: 422,
          detail: `${plan.refused} line(s) refused; nothing was written (send ?partial=1 to write the other lines)`,
          errors,
          written: false as const,
          ...counts(planned),
          lines: planned,
        };
        return c.json(body, 422, problemHeaders(422));
      }
      const lines = await roster.applyImport(plan, editorOf(c.get('person'), 'import'));
      return c.json({ dryRun: false, written: true, ...counts(lines), lines }, 200);
    });
}
