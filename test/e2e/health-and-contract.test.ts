/** The stack is up, the dev roster is served, and the machine-readable contract matches the routes that exist. */
import { describe, expect, it } from 'vitest';
import rosterFile from '../../data/roster-dev.json' with { type: 'json' };
import { as, call, sessionFor, type Json, type RosterPerson } from '../support/api.js';

interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> } | undefined> };
}

/** The routes of docs/product.md §5 (and the signing and reporting routes that go with them). */
const implemented: [method: string, path: string][] = [
  ['get', '/health'],
  ['post', '/v1/programs'],
  ['get', '/v1/programs'],
  ['get', '/v1/programs/{id}'],
  ['get', '/v1/programs/{id}/events'],
  ['post', '/v1/programs/{id}/decisions'],
  ['post', '/v1/programs/{id}/revisions'],
  ['post', '/v1/programs/{id}/withdraw'],
  ['post', '/v1/programs/{id}/cancel'],
  ['get', '/act/{token}'],
  ['post', '/act/{token}'],
  ['get', '/dev/roster'],
  ['post', '/dev/session'],
  ['get', '/openapi.json'],
  ['post', '/v1/programs/{id}/signatures'],
  ['get', '/v1/programs/{id}/signatures'],
  ['post', '/v1/programs/{id}/progress-reports'],
  ['get', '/v1/programs/{id}/progress-reports'],
  ['get', '/v1/commitments/{hash}'],
  ['get', '/v1/delegations'],
  ['post', '/v1/delegations'],
  ['post', '/v1/delegations/{id}/exclusive-confirmation'],
  ['get', '/v1/people'],
  ['post', '/v1/people'],
  ['get', '/v1/people/{id}'],
  ['patch', '/v1/people/{id}'],
  ['post', '/v1/people/import'],
];

describe('health', () => {
  it('GET /health reports every dependency of the API up', async () => {
    const res = await call('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({ status: 'ok', temporal: 'up', dynamodb: 'up' });
  });

  it('GET /health does not check SMTP: the API sends no mail (the worker checks its relay)', async () => {
    const res = await call('GET', '/health');
    expect(res.body).not.toHaveProperty('smtp');
  });
});

describe('OpenAPI document', () => {
  it('lists every implemented route of the contract, and only routes that answer', async () => {
    const res = await call<OpenApi>('GET', '/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toMatch(/^3\.1\./);
    const paths = doc.paths;
    for (const [method, path] of implemented) {
      expect(paths[path], path).toBeDefined();
      expect(paths[path]![method], `${method.toUpperCase()} ${path}`).toBeDefined();
    }
    expect(doc.components.schemas['Proposal']?.properties).toHaveProperty('budgetIdr');

    // Every documented operation is routed: none falls through to the "no route" 404.
    const token = await sessionFor('pemantau');
    for (const [path, operations] of Object.entries(paths)) {
      for (const method of Object.keys(operations)) {
        const concrete = path.replace('{id}', 'abcdef0123456789abcd').replace('{token}', 'A'.repeat(43)).replace('{hash}', 'a'.repeat(64));
        const answer = await call(method.toUpperCase(), concrete, { token, json: method === 'get' ? undefined : {} });
        const detail = typeof answer.body === 'object' && typeof answer.body.detail === 'string' ? answer.body.detail : answer.text;
        expect(detail, `${method.toUpperCase()} ${path}`).not.toMatch(/^no route for/);
        expect(answer.status, `${method.toUpperCase()} ${path}`).toBeLessThan(500);
      }
    }
  });
});

describe('dev roster', () => {
  it('GET /dev/roster lists the seeded people with their roles, and the OPDs', async () => {
    const res = await call<{ people: RosterPerson[]; opds: { id: string; abbr: string; name: string }[] }>('GET', '/dev/roster');
    expect(res.status).toBe(200);
    const people = res.body.people;
    // Every seeded person; other tests of this stack add people through the roster API.
    expect(people.map((p) => p.id)).toEqual(expect.arrayContaining(rosterFile.people.map((p) => p.id)));
    for (const seeded of rosterFile.people) {
      expect(people.find((p) => p.id === seeded.id)).toEqual({
        id: seeded.id,
        name: seeded.name,
        email: seeded.email,
        title: seeded.title,
        roles: seeded.roles,
        opdId: seeded.opdId,
      });
    }
    expect(people.find((p) => p.id === 'sekda')?.roles).toEqual(['sekda']);
    const opdIds = res.body.opds.map((o) => o.id);
    expect(opdIds).toEqual(expect.arrayContaining(['setda', 'bappeda', 'diskominfo', 'dinkes']));

    const session = await call<Json>('POST', '/dev/session', { json: { userId: 'kadis-kesehatan' } });
    expect(session.status).toBe(200);
    expect(session.body.token).toEqual(expect.any(String));
    expect((await call('POST', '/dev/session', { json: { userId: 'nobody' } })).status).toBe(404);
    expect((await call('POST', '/dev/session', { json: {} })).status).toBe(400);
  });
});

describe('unknown routes', () => {
  it('are 404 problems', async () => {
    for (const [method, path] of [
      ['GET', '/nope'],
      ['GET', '/v1'],
      ['POST', '/v2/programs'],
      ['DELETE', '/health'],
    ] as const) {
      const res = await call(method, path);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 404, title: 'Not found' });
    }
    // Under /v1/programs a route that does not exist is a 404 too (after sign-in).
    const put = await as('pemantau', 'PUT', '/v1/programs/abcdef0123456789abcd');
    expect(put.status).toBe(404);
    expect(put.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
