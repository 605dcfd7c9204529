/**
 * /v1/people: the roster as the secretariat keeps it (docs/product.md §10). Everyone here is
 * the secretariat: people carry NIPs and addresses, which other staff have no need to list.
 * Every change is kept with who made it, when, before and after (`GET /v1/people/:id`).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { isActivePerson, newPersonSchema, personPatchSchema, rosterRefusal } from '../../domain/people.js';
import type { Person } from '../../domain/roles.js';
import type { AppDeps, AppEnv } from '../context.js';
import { answerLines, createRosterOperations, type ImportLine } from '../people-roster.js';
import { InvalidCursorError } from '../../store/index.js';
import { ProblemError, problemHeaders } from '../problem.js';
import { requireJson, validated } from '../validation.js';

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

export function peopleRoutes(deps: AppDeps) {
  const { store } = deps;
  const roster = createRosterOperations(deps);
  const editorOf = (p: Person, via: 'api' | 'import') => ({ userId: p.id, name: p.name, via });

  return new Hono<AppEnv>()
    .use('*', async (c, next) => {
      const person = await deps.auth.personOf(c.req.header('authorization'));
      const why = rosterRefusal(person);
      if (why) throw new ProblemError(403, 'Not allowed', why);
      c.set('person', person);
      if (c.req.method !== 'GET' && !c.req.path.endsWith('/import')) requireJson(c.req.header('content-type'));
      await next();
    })

    .get('/', validated('query', listQuery), async (c) => {
      const { q, opdId, active, limit, cursor } = c.req.valid('query');
      const people = (await store.roster.listPeople()).filter(
        (p) => (q === undefined || matchesSearch(p, q)) && (opdId === undefined || p.opdId === opdId) && (active === undefined || isActivePerson(p) === active),
      );
      const page = pageOfPeople(people, { limit, cursor });
      return c.json({ items: page.items.map(personView), nextCursor: page.nextCursor });
    })

    .get('/:id', async (c) => {
      const found = await store.people.read(c.req.param('id'));
      if (!found) throw new ProblemError(404, 'Not found', 'no such person');
      return c.json({ ...personView(found.person), version: found.version, history: await store.people.history(found.person.id) });
    })

    .post('/', validated('json', newPersonSchema), async (c) => {
      const person = await roster.createPerson(c.req.valid('json'), editorOf(c.get('person'), 'api'));
      c.header('Location', `/v1/people/${person.id}`);
      return c.json(personView(person), 201);
    })

    .patch('/:id', validated('json', personPatchSchema), async (c) => {
      const { person, changed } = await roster.changePerson(c.req.param('id'), c.req.valid('json'), editorOf(c.get('person'), 'api'));
      return c.json({ ...personView(person), changed });
    })

    .post('/import', validated('query', importQuery), async (c) => {
      if (!/^text\/csv\s*(;|$)/i.test(c.req.header('content-type') ?? '')) {
        throw new ProblemError(415, 'Unsupported media type', 'send the file as text/csv with the header nip,nama,jabatan,surel,opd,peran');
      }
      const { dryRun, partial } = c.req.valid('query');
      const plan = await roster.planImport(await c.req.text());
      const planned = answerLines(plan);
      if (dryRun === '1') return c.json({ dryRun: true, written: false, ...counts(planned), lines: planned });
      if (plan.refused > 0 && partial !== '1') {
        // Nothing is written: the whole file comes back with every refused line named.
        const errors = planned.flatMap((l) => (l.problems ?? []).map((p) => ({ path: `baris ${l.line}: ${p.column}`, message: p.message })));
        const body = {
          type: 'about:blank',
          title: 'Import refused',
          status: 422,
          detail: `${plan.refused} line(s) refused; nothing was written (send ?partial=1 to write the other lines)`,
          errors,
          written: false,
          ...counts(planned),
          lines: planned,
        };
        return c.body(JSON.stringify(body), 422, problemHeaders(422));
      }
      const lines = await roster.applyImport(plan, editorOf(c.get('person'), 'import'));
      return c.json({ dryRun: false, written: true, ...counts(lines), lines });
    });
}
