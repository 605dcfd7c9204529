/**
 * The machine-readable contract (OpenAPI 3.1), served at /openapi.json, generated from the
 * routes as they declare themselves (api/documented.ts): a route cannot be served undocumented,
 * and what the document says it answers is the schema its handler is typed against.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from 'hono';
import { z } from 'zod';
import { proposalSchema, revisionSchema } from '../domain/proposal.js';
import { decisions, stages } from '../domain/stages.js';

const info = { title: 'alur', version: '1.0.0', description: 'Workflow and approval engine for the Smart City programme of Kabupaten Solok Selatan.' };

/** The document for the app as its routes declare themselves. */
export function openApiDocument(app: OpenAPIHono<Env>, publicBaseUrl: string) {
  const generated = app.getOpenAPI31Document({ openapi: '3.1.0', info, servers: [{ url: publicBaseUrl }] });
  const byHand = pathsByHand();
  const components = generated.components ?? {};
  return {
    ...generated,
    components: {
      ...components,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { ...byHand.components.schemas, ...components.schemas },
    },
    paths: { ...byHand.paths, ...generated.paths },
  };
}

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

const problem = { $ref: '#/components/schemas/Problem' };
const retryAfter = { 'Retry-After': { description: 'seconds to wait before sending the same request again', schema: { type: 'integer' } } };
/** Problem answers; a 503 (Temporal unreachable or slow to confirm) says when to try again. */
const problemResponses = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((code) => [
      String(code),
      {
        description:
          code === 503 ? 'not confirmed in time or a backing service is down; send the same request again (same Idempotency-Key) after Retry-After' : 'problem',
        content: { 'application/problem+json': { schema: problem } },
        ...(code === 503 ? { headers: retryAfter } : {}),
      },
    ]),
  );
const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const bearerByHand = [{ bearer: [] }];

/** Routes not yet declared with `createRoute`, described by hand. */
function pathsByHand() {
  return {
    components: {
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
        Proposal: jsonSchema(proposalSchema),
        Revision: jsonSchema(revisionSchema),
        Stage: { type: 'string', enum: [...stages] },
        Decision: {
          type: 'object',
          required: ['decision'],
          properties: {
            decision: { type: 'string', enum: [...decisions] },
            comment: { type: 'string', maxLength: 2000 },
            stageSeq: { type: 'integer', minimum: 1 },
          },
        },
        Reason: { type: 'object', required: ['reason'], properties: { reason: { type: 'string', minLength: 1, maxLength: 2000 } } },
        Program: { type: 'object', description: 'A programme: proposal, stage, who must act next and by when (next), stage occurrences, timeline.' },
      },
    },
    paths: {
      ...Object.fromEntries(
        (['csv', 'xlsx'] as const).map((format) => [
          `/ekspor/program.${format}`,
          {
            get: {
              summary: `The portfolio as ${format.toUpperCase()} (the leadership, the secretariat, Diskominfo, viewers): one row per programme and per indicator`,
              description:
                'Columns in Bahasa Indonesia: programme, OPD, dimension, sub-dimension, quick win, RPJMD and Renstra references, stage, dates, budget, percent complete, indicator (type, unit, baseline, final target) and per year its target, realisation, achievement, budget and budget realised. A bearer token or a web session.' +
                (format === 'csv' ? ' RFC 4180 with a UTF-8 byte order mark (so Excel reads it as UTF-8).' : ''),
              security: [...bearerByHand, {}],
              parameters: [
                {
                  name: 'tahun',
                  in: 'query',
                  required: false,
                  schema: { type: 'string', pattern: '^(20\\d\\d)?$' },
                  description: 'programmes running in this year, and only its columns',
                },
                { name: 'opd', in: 'query', required: false, schema: { type: 'string' } },
                { name: 'dimensi', in: 'query', required: false, schema: { type: 'string' } },
              ],
              responses: {
                200: {
                  description: 'the file, as an attachment',
                  content: {
                    [format === 'csv' ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']: {
                      schema: { type: 'string', format: 'binary' },
                    },
                  },
                },
                ...problemResponses(400, 401, 403),
              },
            },
          },
        ]),
      ),
      '/act/{token}': {
        get: {
          summary: 'Confirmation page for an emailed link; changes nothing',
          parameters: [{ name: 'token', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            200: { description: 'HTML page (JSON with Accept: application/json)' },
            404: { description: 'unknown link' },
            410: { description: 'expired or revoked link' },
            429: { description: 'too many unknown links from this client; see Retry-After' },
          },
        },
        post: {
          summary: 'Perform the decision once',
          parameters: [{ name: 'token', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: {
            required: true,
            content: {
              'application/x-www-form-urlencoded': { schema: { $ref: '#/components/schemas/Decision' } },
              'application/json': { schema: { $ref: '#/components/schemas/Decision' } },
            },
          },
          responses: {
            200: { description: 'done' },
            409: { description: 'already decided (says by whom) or being processed' },
            410: { description: 'expired or revoked' },
            422: {
              description: 'decision not possible, or one that must say why came without a comment (a browser gets the form back with the problem marked)',
            },
            429: { description: 'too many unknown links from this client; see Retry-After' },
          },
        },
      },
      '/dev/roster': { get: { summary: 'Seeded people and OPDs (only with ALUR_DEV_LOGIN=1)', responses: { 200: json({ type: 'object' }) } } },
      '/dev/session': {
        post: {
          summary: 'A bearer token for a roster user (only with ALUR_DEV_LOGIN=1)',
          requestBody: { required: true, ...json({ type: 'object', required: ['userId'], properties: { userId: { type: 'string' } } }) },
          responses: { 200: json({ type: 'object' }), ...problemResponses(400, 404) },
        },
      },
    },
  };
}
