/**
 * The machine-readable contract (OpenAPI 3.1), served at /openapi.json, generated from the
 * routes as they declare themselves (api/documented.ts): a route cannot be served undocumented,
 * and what the document says it answers is the schema its handler is typed against.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from 'hono';
import { z } from 'zod';
import { escalationPolicySchema } from '../domain/escalation.js';
import { handoverSchema } from '../domain/offices.js';
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
const yearParam = { name: 'year', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9]{4}$' } };
const officeParam = {
  name: 'office',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^(bupati|wakil_bupati|sekda|kepala:[a-z0-9-]+)$' },
  description: '`bupati`, `wakil_bupati`, `sekda`, or `kepala:<OPD id>` for the head of an OPD',
};

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
        Handover: jsonSchema(handoverSchema),
        EscalationPolicy: jsonSchema(escalationPolicySchema),
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
      '/v1/offices': {
        get: {
          summary: 'Every office (Bupati, Wakil Bupati, Sekda, each OPD head) with its holder today, the handovers ahead and every record',
          security: bearerByHand,
          responses: { 200: json({ type: 'object' }), ...problemResponses(401, 403) },
        },
      },
      '/v1/offices/{office}': {
        get: {
          summary: 'One office: its holder today (recorded, or derived from the roles while nothing is recorded), handovers ahead, history',
          security: bearerByHand,
          parameters: [officeParam],
          responses: { 200: json({ type: 'object' }), ...problemResponses(401, 403, 404) },
        },
        put: {
          summary: 'Record that a person holds the office from a WIB day (the secretariat); work for the office goes to them from that day',
          description:
            'The person must be active and have the office role (and, for an OPD head, belong to that OPD). The record keeps who made it, when, and who held the office that day before; a second record for the same day corrects the first.',
          security: bearerByHand,
          parameters: [officeParam],
          requestBody: { required: true, ...json({ $ref: '#/components/schemas/Handover' }) },
          responses: { 200: json({ type: 'object' }), ...problemResponses(400, 401, 403, 404, 415) },
        },
      },
      '/v1/escalation-policy': {
        get: {
          summary: 'Who hears of overdue work: per kind of work, offices whose holder on the day is told, or the secretariat',
          security: bearerByHand,
          responses: { 200: json({ $ref: '#/components/schemas/EscalationPolicy' }), ...problemResponses(401, 403) },
        },
        put: {
          summary: 'Replace the escalation policy (the secretariat); used from the next escalation on',
          security: bearerByHand,
          requestBody: { required: true, ...json({ $ref: '#/components/schemas/EscalationPolicy' }) },
          responses: { 200: json({ $ref: '#/components/schemas/EscalationPolicy' }), ...problemResponses(400, 401, 403, 415) },
        },
      },
      '/v1/escalation-policy/history': {
        get: {
          summary: 'Every change of the escalation policy: who, when, before and after',
          security: bearerByHand,
          responses: { 200: json({ type: 'object' }), ...problemResponses(401, 403) },
        },
      },
      '/v1/holiday-years': {
        get: {
          summary: 'The holiday years deadlines count (national holidays and cuti bersama per SKB), the secretariat',
          security: bearerByHand,
          responses: { 200: json({ type: 'object' }), ...problemResponses(401, 403) },
        },
      },
      '/v1/holiday-years/{year}': {
        get: {
          summary: 'One holiday year with every upload of it: who, when, the list before and after',
          security: bearerByHand,
          parameters: [yearParam],
          responses: { 200: json({ type: 'object' }), ...problemResponses(401, 403, 404) },
        },
        put: {
          summary: "Upload a year's SKB list (the secretariat): checked against the calendar, then saved; deadlines count it within a minute",
          description:
            'Body: JSON `{source, holidays: [{date, kind, name}]}` (kind `libur` or `cuti_bersama`) or `text/csv` with the header `tanggal,jenis,keterangan` and `?source=`. Every date must be a real day of the year and appear once; dates on a weekend are listed in `weekends`. With `dryRun=1` nothing is saved. 400 names every problem and saves nothing.',
          security: bearerByHand,
          parameters: [
            yearParam,
            { name: 'dryRun', in: 'query', required: false, schema: { type: 'string', enum: ['0', '1'] }, description: '1: only check' },
            { name: 'source', in: 'query', required: false, schema: { type: 'string', maxLength: 500 }, description: 'the decree (SKB) the list comes from' },
          ],
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } }, 'text/csv': { schema: { type: 'string' } } } },
          responses: { 200: json({ type: 'object' }), ...problemResponses(400, 401, 403, 404, 415) },
        },
      },
      '/v1/working-days': {
        get: {
          summary: 'The due day n working days (WIB, with the stored holiday years) after a date, as deadlines are computed',
          security: bearerByHand,
          parameters: [
            { name: 'from', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
            { name: 'days', in: 'query', required: true, schema: { type: 'integer', minimum: 0, maximum: 365 } },
          ],
          responses: { 200: json({ type: 'object' }), ...problemResponses(400, 401, 403) },
        },
      },
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
