/** Request validation at the edge: zod schemas, failures as 400 problems naming each field. */
import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { ZodType } from 'zod';
import { ProblemError } from './problem.js';

export function validated<Target extends keyof ValidationTargets, Schema extends ZodType>(target: Target, schema: Schema) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      const errors = result.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
      throw new ProblemError(400, 'Invalid request', `the ${target === 'json' ? 'request body' : target} has ${errors.length} problem(s)`, errors);
    }
  });
}

/** JSON endpoints take JSON only: anything else is a 415, not an empty object. */
export function requireJson(contentType: string | undefined): void {
  if (!/^application\/(.+\+)?json\s*(;|$)/i.test(contentType ?? '')) {
    throw new ProblemError(415, 'Unsupported media type', 'send the body as application/json');
  }
}
