/**
 * The routes as they declare themselves (the declarations the OpenAPI document is generated
 * from), read from an app built without dependencies: building it registers every route and
 * touches nothing. Answers are checked against the schema their route declares for them.
 */
import type { RouteConfig } from '@hono/zod-openapi';
import { expect } from 'vitest';
import type { ZodType } from 'zod';
import { createApp } from '../../api/app.js';
import type { AppDeps } from '../../api/context.js';

const unused = new Proxy({}, { get: () => () => Promise.reject(new Error('not used while routes are registered')) });
export const declarationDeps = {
  store: unused,
  temporal: unused,
  auth: unused,
  taskQueue: 'alur',
  publicBaseUrl: 'https://alur.example.go.id',
  devLogin: true,
  checks: unused,
} as unknown as AppDeps;

const declared: RouteConfig[] = createApp(declarationDeps).openAPIRegistry.definitions.flatMap((d) => (d.type === 'route' ? [d.route] : []));

/** The schema `operation` ("GET /v1/programs/{id}") declares for an answer of this status and content type; undefined when it declares none. */
export function documentedSchema(operation: string, status: number, contentType: string): ZodType | undefined {
  const [method, path] = operation.split(' ');
  const route = declared.find((r) => r.method === method?.toLowerCase() && r.path === path);
  const answer = route?.responses[status] as { content?: Record<string, { schema?: unknown }> } | undefined;
  return answer?.content?.[contentType]?.schema as ZodType | undefined;
}

/** The answer is one `operation` documents: its status and content type are declared, and its body matches their schema. */
export function expectAsDocumented(operation: string, res: { status: number; headers: Headers; body: unknown; text: string }): void {
  const contentType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
  const schema = documentedSchema(operation, res.status, contentType);
  expect(schema, `${operation} documents ${res.status} ${contentType}: ${res.text.slice(0, 300)}`).toBeDefined();
  const parsed = schema!.safeParse(res.body);
  expect(parsed.success ? [] : parsed.error.issues, `${operation} ${res.status} as documented`).toEqual([]);
}
