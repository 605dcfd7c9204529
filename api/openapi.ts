/**
 * The machine-readable contract (OpenAPI 3.1), served at /openapi.json. Request bodies are
 * generated from the same zod schemas the routes validate with, so they cannot drift.
 */
import { z } from 'zod';
import { newPersonSchema, personPatchSchema } from '../domain/people.js';
import { proposalSchema, revisionSchema } from '../domain/proposal.js';
import { delegationKinds, signerOffices } from '../domain/signing.js';
import { decisions, stages } from '../domain/stages.js';
import { progressReportBody } from './routes/reports.js';

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
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-f0-9]{20}$' } };
const idempotencyHeader = { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 } };
const bearer = [{ bearer: [] }];

export function openApiDocument(publicBaseUrl: string) {
  return {
    openapi: '3.1.0',
    info: { title: 'alur', version: '1.0.0', description: 'Workflow and approval engine for the Smart City programme of Kabupaten Solok Selatan.' },
    servers: [{ url: publicBaseUrl }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
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
        NewPerson: jsonSchema(newPersonSchema),
        PersonPatch: jsonSchema(personPatchSchema),
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
        ProgressReport: jsonSchema(progressReportBody),
        Reason: { type: 'object', required: ['reason'], properties: { reason: { type: 'string', minLength: 1, maxLength: 2000 } } },
        Program: { type: 'object', description: 'A programme: proposal, stage, who must act next and by when (next), stage occurrences, timeline.' },
      },
    },
    paths: {
      '/health': { get: { summary: 'Dependency health', responses: { 200: json({ type: 'object' }), 503: json({ type: 'object' }) } } },
      '/openapi.json': { get: { summary: 'This document', responses: { 200: json({ type: 'object' }) } } },
      '/v1/programs': {
        post: {
          summary: 'Propose a programme (the OPD head of that OPD, or the Plt./Plh. acting for them; OPD staff are refused)',
          security: bearer,
          parameters: [idempotencyHeader],
          requestBody: { required: true, ...json({ $ref: '#/components/schemas/Proposal' }) },
          responses: {
            201: json({ $ref: '#/components/schemas/Program' }),
            200: { description: 'Idempotency-Key replay: the programme already proposed', ...json({ $ref: '#/components/schemas/Program' }) },
            202: {
              description:
                'The programme was created but the workflow service did not confirm in time that it is recorded: it will be. GET the Location shortly (Retry-After); do not propose again.',
              headers: { Location: { schema: { type: 'string' } }, 'Retry-After': { schema: { type: 'integer' } } },
              ...json({
                type: 'object',
                required: ['id', 'status', 'location'],
                properties: { id: { type: 'string' }, status: { const: 'pending' }, location: { type: 'string' }, detail: { type: 'string' } },
              }),
            },
            ...problemResponses(400, 401, 403, 413, 415, 422, 503),
          },
        },
        get: {
          summary: 'List programmes',
          description:
            'Newest first; with stage, soonest due first. With overdue=true, the programmes past their due time in any waiting stage (or the stage given), most overdue first. nextCursor pages on; a cursor works only with the query it came from.',
          security: bearer,
          parameters: ['opdId', 'stage', 'dimension', 'quickWin', 'overdue', 'limit', 'cursor'].map((name) => ({
            name,
            in: 'query',
            required: false,
            schema: { type: 'string' },
          })),
          responses: {
            200: json({ type: 'object', properties: { items: { type: 'array', items: { type: 'object' } }, nextCursor: { type: ['string', 'null'] } } }),
            ...problemResponses(400, 401),
          },
        },
      },
      '/v1/programs/{id}': {
        get: {
          summary: 'One programme',
          security: bearer,
          parameters: [idParam],
          responses: { 200: json({ $ref: '#/components/schemas/Program' }), ...problemResponses(401, 404) },
        },
      },
      '/v1/programs/{id}/events': {
        get: {
          summary:
            'The audit trail, oldest first; whether its hash chain (each event names the SHA-256 of the one before) is intact, and whether it is as long as the programme workflow says it wrote',
          security: bearer,
          parameters: [idParam],
          responses: {
            200: json({
              type: 'object',
              required: ['programId', 'items', 'chain'],
              properties: {
                programId: { type: 'string' },
                items: { type: 'array', items: { type: 'object', required: ['seq', 'type', 'at', 'prevHash', 'hash'] } },
                chain: {
                  type: 'object',
                  required: ['valid', 'brokenAt'],
                  properties: {
                    valid: { type: 'boolean' },
                    brokenAt: { type: ['integer', 'null'], description: 'seq of the first event that is not as written' },
                  },
                },
                anchored: {
                  type: ['object', 'null'],
                  description:
                    "The chain checked against the workflow's count of events (the newest events removed show here); null when the workflow did not answer in time. A step being recorded at that moment can leave the store one event short: ask again.",
                  required: ['valid', 'brokenAt', 'reason', 'eventCount'],
                  properties: {
                    valid: { type: 'boolean' },
                    brokenAt: { type: ['integer', 'null'], description: 'seq of the first event that is not as written, or the first one missing' },
                    reason: { type: ['string', 'null'], enum: ['changed', 'expiring', 'unsealed', 'missing', 'extra', null] },
                    eventCount: { type: 'integer', description: 'how many events the workflow wrote' },
                  },
                },
              },
            }),
            ...problemResponses(401, 403, 404),
          },
        },
      },
      '/v1/programs/{id}/decisions': {
        post: {
          summary: 'Decide the current review stage',
          description: 'Sent again with the same Idempotency-Key after it went through, it answers 200 with the first result and Idempotent-Replayed: true.',
          security: bearer,
          parameters: [idParam, idempotencyHeader],
          requestBody: { required: true, ...json({ $ref: '#/components/schemas/Decision' }) },
          responses: { 200: json({ type: 'object' }), ...problemResponses(400, 401, 403, 404, 409, 415, 422, 503) },
        },
      },
      '/v1/programs/{id}/revisions': {
        post: {
          summary: 'Resubmit after request_changes or return',
          security: bearer,
          parameters: [idParam, idempotencyHeader],
          requestBody: { required: true, ...json({ $ref: '#/components/schemas/Revision' }) },
          responses: { 200: json({ type: 'object' }), ...problemResponses(400, 401, 403, 404, 409, 415, 422, 503) },
        },
      },
      '/v1/programs/{id}/deadline': {
        post: {
          summary: 'Extend the deadline of the waiting stage (the secretariat); reminders are planned anew from it',
          security: bearer,
          parameters: [idParam, idempotencyHeader],
          requestBody: {
            required: true,
            ...json({
              type: 'object',
              required: ['dueDate', 'reason'],
              properties: {
                dueDate: { type: 'string', format: 'date' },
                reason: { type: 'string', minLength: 1, maxLength: 2000 },
                stageSeq: { type: 'integer', minimum: 1 },
              },
            }),
          },
          responses: { 200: json({ type: 'object' }), ...problemResponses(400, 401, 403, 404, 409, 415, 422, 503) },
        },
      },
      '/v1/programs/{id}/withdraw': {
        post: {
          summary: 'Withdraw (the proposing OPD, until signing ends)',
          security: bearer,
          parameters: [idParam, idempotencyHeader],
          requestBody: { required: true, ...json({ $ref: '#/components/schemas/Reason' }) },
          responses: { 200: json({ type: 'object' }), ...problemResponses(400, 401, 403, 404, 409, 415, 503) },
        },
      },
      '/v1/programs/{id}/cancel': {
        post: {
          summary: 'Cancel (the secretariat, any stage not ended)',
          security: bearer,
          parameters: [idParam, idempotencyHeader],
          requestBody: { required: true, ...json({ $ref: '#/components/schemas/Reason' }) },
          responses: { 200: json({ type: 'object' }), ...problemResponses(400, 401, 403, 404, 409, 415, 503) },
        },
      },
      '/v1/programs/{id}/signatures': {
        post: {
          summary: "Sign the commitment (a required signer, or their Plt./Plh.); office defaults to the caller's only unsigned one",
          description: 'Sent again with the same Idempotency-Key after it went through, it answers 200 with the first result and Idempotent-Replayed: true.',
          security: bearer,
          parameters: [idParam, idempotencyHeader],
          requestBody: {
            required: true,
            ...json({ type: 'object', additionalProperties: false, properties: { office: { type: 'string', enum: [...signerOffices] } } }),
          },
          responses: { 200: json({ type: 'object' }), ...problemResponses(400, 401, 403, 404, 409, 415, 422, 503) },
        },
        get: {
          summary: 'Who must sign, who signed (as whom), who is missing and since when',
          security: bearer,
          parameters: [idParam],
          responses: { 200: json({ type: 'object' }), ...problemResponses(401, 404, 503) },
        },
      },
      '/v1/programs/{id}/progress-reports': {
        post: {
          summary: 'Report progress for a period (the proposing OPD, in implementation); a second report for a period needs correction: true',
          security: bearer,
          parameters: [idParam, idempotencyHeader],
          requestBody: { required: true, ...json({ $ref: '#/components/schemas/ProgressReport' }) },
          responses: {
            201: json({ type: 'object', properties: { result: { type: 'object' }, report: { type: 'object' } } }),
            ...problemResponses(400, 401, 403, 404, 409, 415, 422, 503),
          },
        },
        get: {
          summary: 'Reporting periods (status, lateness in working days), every report version, the next due report',
          security: bearer,
          parameters: [idParam],
          responses: { 200: json({ type: 'object' }), ...problemResponses(401, 403, 404) },
        },
      },
      '/v1/commitments/{hash}': {
        get: {
          summary: 'Public: verify a signed commitment (hash recomputed); HTML for browsers',
          parameters: [{ name: 'hash', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-fA-F]{64}$' } }],
          responses: { 200: json({ type: 'object' }), ...problemResponses(404) },
        },
      },
      '/v1/delegations': {
        get: {
          summary: 'Acting officials (Plt./Plh.), with whether each is in force today',
          security: bearer,
          responses: { 200: json({ type: 'object' }), ...problemResponses(401, 403) },
        },
        post: {
          summary: 'Record an acting official (the secretariat); pending signature requests are re-routed',
          security: bearer,
          requestBody: {
            required: true,
            ...json({
              type: 'object',
              additionalProperties: false,
              required: ['officialId', 'delegateId', 'kind', 'from', 'until', 'basis'],
              properties: {
                officialId: { type: 'string' },
                delegateId: { type: 'string', description: 'eligible for every signing office of the official, and not the person recording it' },
                kind: { type: 'string', enum: [...delegationKinds] },
                from: { type: 'string', format: 'date', description: 'today (WIB) or later' },
                until: { type: 'string', format: 'date', description: 'at most 92 days after from' },
                basis: { type: 'string', minLength: 1, maxLength: 300, description: 'the decree (SK), one line' },
                exclusive: {
                  type: 'boolean',
                  default: false,
                  description: "when true and confirmed by a second person, the official's own link stops working during the delegation",
                },
              },
            }),
          },
          responses: { 201: json({ type: 'object' }), ...problemResponses(400, 401, 403, 409, 415) },
        },
      },
      '/v1/delegations/{id}/exclusive-confirmation': {
        post: {
          summary:
            "Confirm an exclusive acting official (a second person: another member of the secretariat, or the official); the official's own link then stops working",
          security: bearer,
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{32}$' } }],
          requestBody: { required: true, ...json({ type: 'object', additionalProperties: false, properties: {} }) },
          responses: { 200: json({ type: 'object' }), ...problemResponses(400, 401, 403, 404, 409, 415) },
        },
      },
      '/v1/delegations/{id}': {
        delete: {
          summary: 'Revoke an acting official (the secretariat); pending signature requests are re-routed',
          security: bearer,
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{32}$' } }],
          responses: { 200: json({ type: 'object' }), ...problemResponses(401, 403, 404, 409) },
        },
      },
      '/v1/people': {
        get: {
          summary: 'The roster (the secretariat): people with NIP, title, email, OPD, roles and whether active',
          security: bearer,
          parameters: [
            { name: 'q', in: 'query', required: false, schema: { type: 'string', maxLength: 200 }, description: 'part of a name, NIP or email' },
            { name: 'opdId', in: 'query', required: false, schema: { type: 'string' } },
            { name: 'active', in: 'query', required: false, schema: { type: 'string', enum: ['true', 'false'] } },
          ],
          responses: { 200: json({ type: 'object' }), ...problemResponses(400, 401, 403) },
        },
        post: {
          summary: 'Add a person (the secretariat); one person per NIP and per email; the change is kept in their history',
          security: bearer,
          requestBody: { required: true, ...json({ $ref: '#/components/schemas/NewPerson' }) },
          responses: { 201: json({ type: 'object' }), ...problemResponses(400, 401, 403, 409, 415) },
        },
      },
      '/v1/people/{id}': {
        get: {
          summary: 'A person with their history: every change with who made it, when, before and after',
          security: bearer,
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { 200: json({ type: 'object' }), ...problemResponses(401, 403, 404) },
        },
        patch: {
          summary: 'Change a person (the secretariat); made inactive or moved to another OPD, they lose their web sessions',
          security: bearer,
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { required: true, ...json({ $ref: '#/components/schemas/PersonPatch' }) },
          responses: { 200: json({ type: 'object' }), ...problemResponses(400, 401, 403, 404, 409, 415) },
        },
      },
      '/v1/people/import': {
        post: {
          summary: 'Import a personnel spreadsheet (the secretariat): added, changed, unchanged and refused, line by line',
          description:
            'A CSV whose first line is `nip,nama,jabatan,surel,opd,peran` (opd: code or abbreviation, empty for the leadership; peran: roles separated by `;`). A line with a known NIP changes that person. With any refused line nothing is written (422) unless `partial=1`.',
          security: bearer,
          parameters: [
            { name: 'dryRun', in: 'query', required: false, schema: { type: 'string', enum: ['0', '1'] }, description: '1: only say what would happen' },
            {
              name: 'partial',
              in: 'query',
              required: false,
              schema: { type: 'string', enum: ['0', '1'] },
              description: '1: write the good lines of a file with refused ones',
            },
          ],
          requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string' } } } },
          responses: { 200: json({ type: 'object' }), ...problemResponses(400, 401, 403, 415, 422) },
        },
      },
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
