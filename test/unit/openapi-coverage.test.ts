/**
 * The OpenAPI document against the routes the app really registers (Hono's route table), so
 * a route added without documenting it, or a documented path that no longer exists, fails here.
 * Building the app registers its routes without touching any dependency.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../api/app.js';
import { webRoutes } from '../../api/web/index.js';
import { declarationDeps, documentedSchema } from '../support/documented.js';

const deps = declarationDeps;

/**
 * "GET /v1/programs/{id}" for each method and path of a route table (middleware, registered for
 * every method, excluded). A parameter whose pattern ends in a file extension
 * (`:hash{[a-f0-9]{64}\\.pdf}`) is documented as `{hash}.pdf`.
 */
function operationsOf(routes: readonly { method: string; path: string }[]): string[] {
  const templated = (path: string) =>
    path
      .replace(/\/$/, '')
      .replace(/:([A-Za-z]+)\{[^/]*\\\.([a-z]+)\}/g, '{$1}.$2')
      .replace(/:([A-Za-z]+)/g, '{$1}');
  const operations = routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${templated(r.path) || '/'}`);
  return [...new Set(operations)].sort();
}

/**
 * Routes the document leaves out on purpose: the staff web application's pages (docs/product.md
 * §8) are HTML forms for people, posted from its own pages with a session and a CSRF token; the
 * machine contract is the JSON API beside them. The emailed-link pages stay documented as HTML answers.
 */
const undocumented = new Set(operationsOf(webRoutes(deps).routes));

function routed(): string[] {
  return operationsOf(createApp(deps).routes);
}

/** The operations of the document the app serves at /openapi.json. */
async function documented(): Promise<string[]> {
  const doc = (await (await createApp(deps).request('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths)
    .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

describe('the OpenAPI document', () => {
  it('lists every route the app serves, but those left out on purpose', async () => {
    const inDocument = await documented();

    const missing = routed().filter((op) => !inDocument.includes(op) && !undocumented.has(op));

    expect(missing).toEqual([]);
  });

  it('lists no operation the app does not serve', async () => {
    const served = new Set(routed());

    expect((await documented()).filter((op) => !served.has(op))).toEqual([]);
  });
});

describe('a documented answer', () => {
  const dueDay = { from: '2027-01-04', workingDays: 5, dueDate: '2027-01-11', yearsWithoutHolidayData: [2027] };

  it('matches the schema its route declares', () => {
    const schema = documentedSchema('GET /v1/working-days', 200, 'application/json');

    expect(schema?.safeParse(dueDay).success).toBe(true);
  });

  it('with a field the document does not name, does not', () => {
    const schema = documentedSchema('GET /v1/working-days', 200, 'application/json');

    expect(schema?.safeParse({ ...dueDay, holidays: [] }).success).toBe(false);
  });
});
