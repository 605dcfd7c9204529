/** Request validation at the edge: zod schemas, failures as 400 problems naming each field. */
import { zValidator } from '@hono/zod-validator';
import type { Context, ValidationTargets } from 'hono';
import { z, type ZodType } from 'zod';
import { ProblemError } from './problem.js';

/** What a failed parse says: each problem with where it is. */
interface Failure {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}

/** Characters that hide or disguise what text says: bidirectional controls, zero-width characters, the BOM. */
const disguising = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
/** The one legitimate use among them: the joiner inside an emoji sequence (👩‍⚕️, 🏳️‍🌈). */
const emojiJoiner = /(?<=\p{Extended_Pictographic}(?:[\u{1F3FB}-\u{1F3FF}]|\uFE0F)?)\u200D(?=\p{Extended_Pictographic})/gu;

/** No request this API takes nests deeper than this; deeper ones are refused, not walked. */
const maxDepth = 16;

/**
 * Every string in a request, normalised to NFC (a name typed with decomposed accents is the
 * same name), with a problem for each string that carries a disguising character (a
 * right-to-left override that turns "fdp.exe" around, a zero-width space inside a title).
 * Objects are rebuilt with own properties only, so a `__proto__` key stays a plain (unknown)
 * key for the schema to refuse.
 */
export function plainText(value: unknown): { value: unknown; problems: { path: string[]; message: string }[] } {
  const problems: { path: string[]; message: string }[] = [];
  const walk = (v: unknown, at: string[]): unknown => {
    if (typeof v === 'string') {
      if (disguising.test(v.replace(emojiJoiner, ''))) problems.push({ path: at, message: 'must not contain invisible or text-direction control characters' });
      return v.normalize('NFC');
    }
    if (v === null || typeof v !== 'object') return v;
    if (at.length >= maxDepth) {
      problems.push({ path: at, message: `nested more than ${maxDepth} levels deep` });
      return null;
    }
    if (Array.isArray(v)) return v.map((item, i) => walk(item, [...at, String(i)]));
    return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item, [...at, k])]));
  };
  return { value: walk(value, []), problems };
}

/**
 * `schema` after `plainText`: strings normalised, disguising characters refused. A preprocess
 * step, so the OpenAPI document shows `schema` itself.
 */
export function plainTextOf<Schema extends ZodType>(schema: Schema) {
  return z.preprocess((value, ctx) => {
    const result = plainText(value);
    for (const p of result.problems) ctx.issues.push({ code: 'custom', message: p.message, path: p.path, input: value });
    return result.value;
  }, schema);
}

/** A request part that failed its schema: one 400 problem naming every field. */
export function invalidRequest(target: keyof ValidationTargets, error: Failure): ProblemError {
  const errors = error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
  return new ProblemError(400, 'Invalid request', `the ${target === 'json' ? 'request body' : target} has ${errors.length} problem(s)`, errors);
}

/** The validation hook of every documented route (`apiRoutes`): a failure is thrown as `invalidRequest`. */
export function refuseInvalid(result: { target: keyof ValidationTargets; success: boolean; error?: Failure }): void {
  if (!result.success && result.error) throw invalidRequest(result.target, result.error);
}

export function validated<Target extends keyof ValidationTargets, Schema extends ZodType>(target: Target, schema: Schema) {
  return zValidator(target, plainTextOf(schema), (result) => refuseInvalid({ ...result, target }));
}

/**
 * `validated` with a schema built per request, e.g. from reference data read from the store, so
 * that a request's problems with that data come in the same answer as every other problem.
 */
export function validatedWith<Target extends keyof ValidationTargets, Schema extends ZodType>(
  target: Target,
  schemaFor: (c: Context) => Promise<Schema>,
): ReturnType<typeof validated<Target, Schema>> {
  type Validator = ReturnType<typeof validated<Target, Schema>>;
  return async (c: Parameters<Validator>[0], next: Parameters<Validator>[1]) => validated(target, await schemaFor(c))(c, next);
}

/** JSON endpoints take JSON only: anything else is a 415, not an empty object. */
export function requireJson(contentType: string | undefined): void {
  if (!/^application\/(.+\+)?json\s*(;|$)/i.test(contentType ?? '')) {
    throw new ProblemError(415, 'Unsupported media type', 'send the body as application/json');
  }
}
