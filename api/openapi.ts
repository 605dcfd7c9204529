/**
 * The machine-readable contract (OpenAPI 3.1), served at /openapi.json, generated from the
 * routes as they declare themselves (api/documented.ts): a route cannot be served undocumented,
 * and what the document says a route answers is the schema its handler is typed against.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from 'hono';

const info = { title: 'alur', version: '1.0.0', description: 'Workflow and approval engine for the Smart City programme of Kabupaten Solok Selatan.' };

/** The document for the app as its routes declare themselves. */
export function openApiDocument(app: OpenAPIHono<Env>, publicBaseUrl: string) {
  const document = app.getOpenAPI31Document({ openapi: '3.1.0', info, servers: [{ url: publicBaseUrl }] });
  return {
    ...document,
    components: { ...document.components, securitySchemes: { bearer: { type: 'http' as const, scheme: 'bearer', bearerFormat: 'JWT' } } },
  };
}
