/**
 * How a route of the JSON API is declared: once, with `createRoute` (path, parameters, body,
 * each answer with its schema), and registered with `.openapi(route, handler)` on an
 * `apiRoutes()` app. The OpenAPI document (api/openapi.ts) is generated from these
 * declarations, the same schemas validate the request, and the handler is typed against the
 * answers declared.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { Env } from 'hono';
import type { AppEnv } from './context.js';
import { plainTextOf, refuseInvalid } from './validation.js';

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });

type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 503;

const problemAnswer = (status: ProblemStatus) => ({
  description:
    status === 503 ? 'not confirmed in time or a backing service is down; send the same request again (same Idempotency-Key) after Retry-After' : 'problem',
  content: { 'application/problem+json': { schema: problemSchema } },
  ...(status === 503 || status === 429
    ? { headers: { 'Retry-After': { description: 'seconds to wait before sending the same request again', schema: { type: 'integer' as const } } } }
    : {}),
});

/** The problem answers (application/problem+json) a route can give. */
export function problems<const Statuses extends ProblemStatus[]>(...statuses: Statuses) {
  return Object.fromEntries(statuses.map((status) => [status, problemAnswer(status)])) as { [S in Statuses[number]]: ReturnType<typeof problemAnswer> };
}

/** An answer with a JSON body of this schema. */
export const jsonAnswer = <Schema extends z.ZodType>(description: string, schema: Schema) => ({
  description,
  content: { 'application/json': { schema } },
});

/**
 * The answer of a change history (the masterplan, an OPD, the signing policy, the delegations):
 * every change, oldest first, with who made it and when, and `change`'s fields (the record
 * before and after, and what names the change).
 */
export const changeHistoryAnswer = <Shape extends z.ZodRawShape>(change: Shape) =>
  jsonAnswer(
    'every change, oldest first',
    z.strictObject({ items: z.array(z.looseObject({ ...change, at: z.string(), by: z.looseObject({ userId: z.string(), name: z.string() }) })) }),
  );

/** A required JSON request body of this schema, its strings checked as `plainText` does. */
export const jsonBody = <Schema extends z.ZodType>(schema: Schema) => ({
  required: true,
  content: { 'application/json': { schema: plainTextOf(schema) } },
});

/**
 * Query parameters of this schema, their strings checked as `plainText` does. Typed as the
 * plain pipe the route declarations accept for parameters (a preprocess step is one).
 */
export const queryOf = <Schema extends z.ZodObject>(schema: Schema) => plainTextOf(schema) as unknown as z.ZodPipe<z.ZodType<unknown, unknown>, Schema>;

/** Operations that need a bearer token (docs/product.md §5). */
export const bearer: { bearer: string[] }[] = [{ bearer: [] }];

/** Documented, not validated here: the routes that take it check it themselves (api/updates.ts). */
export const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header' as const,
  required: false,
  schema: { type: 'string' as const, maxLength: 200 },
  description: 'the same key sends the same request again without applying it twice',
};

/** An app whose `.openapi(route, handler)` routes are documented and refuse invalid requests as one 400 problem. */
export function apiRoutes<E extends Env = AppEnv>() {
  return new OpenAPIHono<E>({ defaultHook: refuseInvalid });
}
