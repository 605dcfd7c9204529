/**
 * The machine-readable contract (OpenAPI 3.1), served at /openapi.json. Request bodies are
 * generated from the same zod schemas the routes validate with, so they cannot drift.
 */
import { z } from 'zod';
import { escalationPolicySchema } from '../domain/escalation.js';
import { handoverSchema } from '../domain/offices.js';
import { newOpdSchema, opdMergeSchema, opdPatchSchema } from '../domain/opds.js';
import { newPersonSchema, personPatchSchema } from '../domain/people.js';
import { quickWinsBody } from './masterplan-editing.js';
import { proposalSchema, revisionSchema } from '../domain/proposal.js';
import { delegationKinds, signerOffices } from '../domain/signing.js';
import { decisions, stages } from '../domain/stages.js';
import { masterplanSignBody } from './routes/masterplan-commitment.js';
import { signingPolicyBody } from './signing-policy.js';
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
const yearParam = { name: 'year', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9]{4}$' } };
const officeParam = {
  name: 'office',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^(bupati|wakil_bupati|sekda|kepala:[a-z0-9-]+)$' },
  description: '`bupati`, `wakil_bupati`, `sekda`, or `kepala:<OPD id>` for the head of an OPD',
};

const opdParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' }, description: 'the OPD code' };

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
        QuickWins: jsonSchema(quickWinsBody),
        NewPerson: jsonSchema(newPersonSchema),
        PersonPatch: jsonSchema(personPatchSchema),
        Handover: jsonSchema(handoverSchema),
        EscalationPolicy: jsonSchema(escalationPolicySchema),
        NewOpd: jsonSchema(newOpdSchema),
        OpdPatch: jsonSchema(opdPatchSchema),
        OpdMerge: jsonSchema(opdMergeSchema),
        SigningPolicyEdit: jsonSchema(signingPolicyBody),
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
      '/v1/commitments/{hash}.pdf': {
        get: {
          summary:
            "Public: the signed commitment (a programme's or the masterplan's) as an official document, with a QR code to its verification page; not a TTE",
          parameters: [{ name: 'hash', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-fA-F]{64}$' } }],
          responses: {
            200: { description: 'the document', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } },
            ...problemResponses(404),
          },
        },
      },
      '/v1/masterplan/commitment': {
        get: {
          summary: 'The masterplan commitment\'s newest signing round: "k dari N telah menandatangani", each seat with its signature or who is awaited',
          security: bearer,
          responses: { 200: json({ type: 'object' }), ...problemResponses(401) },
        },
        post: {
          summary: 'Open a signing round of the masterplan commitment (the secretariat): the Bupati, Wakil Bupati, Sekda and every OPD head are asked to sign',
          security: bearer,
          requestBody: { required: true, ...json({ type: 'object', additionalProperties: false, properties: {} }) },
          responses: { 201: json({ type: 'object' }), ...problemResponses(400, 401, 403, 409, 415) },
        },
      },
      '/v1/masterplan/commitment/signatures': {
        post: {
          summary: "Sign this person's seat of the open round, as official or acting official (Plt./Plh.); optional Idempotency-Key",
          security: bearer,
          requestBody: { required: true, ...json(jsonSchema(masterplanSignBody)) },
          responses: { 200: json({ type: 'object' }), ...problemResponses(400, 401, 403, 409, 415) },
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
      '/v1/delegations/history': {
        get: {
          summary:
            'Every recording, exclusive confirmation and revocation of an acting official, oldest first: who, when, the delegation before and after (an audit event each)',
          security: bearer,
          responses: { 200: json({ type: 'object' }), ...problemResponses(401, 403) },
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
      '/v1/masterplan': {
        get: {
          summary: 'The masterplan: period, version, dimensions with their sub-dimensions (the ids a proposal names), and quick wins',
          security: bearer,
          responses: { 200: json({ type: 'object' }), ...problemResponses(401) },
        },
      },
      '/v1/masterplan/changes': {
        get: {
          summary: 'Every change of the masterplan: who, when, the masterplan before and after',
          security: bearer,
          responses: { 200: json({ type: 'object' }), ...problemResponses(401) },
        },
      },
      '/v1/masterplan/quick-wins': {
        put: {
          summary: 'Replace the quick wins (the secretariat): add one without id, rename one by its id, remove one by leaving it out',
          description:
            'Made from `version` as `GET /v1/masterplan` gave it (409 when it changed meanwhile). A quick win a programme delivers cannot be removed (409, naming the programmes). Answers with the masterplan as changed; the change is kept in `/v1/masterplan/changes`.',
          security: bearer,
          requestBody: { required: true, ...json({ $ref: '#/components/schemas/QuickWins' }) },
          responses: { 200: json({ type: 'object' }), ...problemResponses(400, 401, 403, 409, 415, 422) },
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
            { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
            { name: 'cursor', in: 'query', required: false, schema: { type: 'string' }, description: '`nextCursor` of the previous page' },
          ],
          responses: {
            200: json({ type: 'object', description: '`{items, nextCursor}`; nextCursor null on the last page' }),
            ...problemResponses(400, 401, 403),
          },
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
      '/v1/offices': {
        get: {
          summary: 'Every office (Bupati, Wakil Bupati, Sekda, each OPD head) with its holder today, the handovers ahead and every record',
          security: bearer,
          responses: { 200: json({ type: 'object' }), ...problemResponses(401, 403) },
        },
      },
      '/v1/offices/{office}': {
        get: {
          summary: 'One office: its holder today (recorded, or derived from the roles while nothing is recorded), handovers ahead, history',
          security: bearer,
          parameters: [officeParam],
          responses: { 200: json({ type: 'object' }), ...problemResponses(401, 403, 404) },
        },
        put: {
          summary: 'Record that a person holds the office from a WIB day (the secretariat); work for the office goes to them from that day',
          description:
            'The person must be active and have the office role (and, for an OPD head, belong to that OPD). The record keeps who made it, when, and who held the office that day before; a second record for the same day corrects the first.',
          security: bearer,
          parameters: [officeParam],
          requestBody: { required: true, ...json({ $ref: '#/components/schemas/Handover' }) },
          responses: { 200: json({ type: 'object' }), ...problemResponses(400, 401, 403, 404, 415) },
        },
      },
      '/v1/opds': {
        get: {
          summary: 'The OPDs, merged ones included: id, name, abbreviation, active, mergedInto and mergedOn, version',
          security: bearer,
          responses: { 200: json({ type: 'object', description: '`{items}`, active OPDs first, then by name' }), ...problemResponses(401) },
        },
        post: {
          summary: 'Add an OPD (the secretariat): a code (lower-case letters and digits joined by hyphens), its formal name and abbreviation',
          description:
            'Code, name and abbreviation each name one OPD, merged ones included (422 naming the field that clashes). The change is kept in `/v1/opds/{id}/changes`.',
          security: bearer,
          requestBody: { required: true, ...json({ $ref: '#/components/schemas/NewOpd' }) },
          responses: { 201: json({ type: 'object' }), ...problemResponses(400, 401, 403, 415, 422) },
        },
      },
      '/v1/opds/{id}': {
        get: {
          summary: 'One OPD with the version a change is made from',
          security: bearer,
          parameters: [opdParam],
          responses: { 200: json({ type: 'object' }), ...problemResponses(401, 404) },
        },
        patch: {
          summary: 'Rename an OPD or change its abbreviation (the secretariat), made from `version`',
          description:
            '409 when the OPD changed since `version` was read (two secretaries never overwrite each other), or when it was merged (a merged OPD keeps the name its programmes were proposed under).',
          security: bearer,
          parameters: [opdParam],
          requestBody: { required: true, ...json({ $ref: '#/components/schemas/OpdPatch' }) },
          responses: { 200: json({ type: 'object', description: '`{opd, changed}`' }), ...problemResponses(400, 401, 403, 404, 409, 415, 422) },
        },
      },
      '/v1/opds/{id}/merge': {
        post: {
          summary: 'Merge an OPD into another (the secretariat), made from `version`',
          description:
            "The OPD becomes inactive, merged into `into` from today (WIB): it can no longer be chosen for proposals or people, and the office of its head ends. Its people move to `into` (each move kept in the person's history; its head becomes staff there). Its programmes keep their history under its name; their new work (the OPD head's signature, reminders) goes to the head of `into`, and the portfolio counts them under `into`. Repeating the merge into the same OPD moves whoever is left. The Sekretariat Daerah and Diskominfo cannot be merged (422).",
          security: bearer,
          parameters: [opdParam],
          requestBody: { required: true, ...json({ $ref: '#/components/schemas/OpdMerge' }) },
          responses: {
            200: json({ type: 'object', description: '`{opd, moved}`: the merged OPD and the ids of the people moved' }),
            ...problemResponses(400, 401, 403, 404, 409, 415, 422),
          },
        },
      },
      '/v1/opds/{id}/changes': {
        get: {
          summary: 'Every change of an OPD: who, when, the OPD before and after',
          security: bearer,
          parameters: [opdParam],
          responses: { 200: json({ type: 'object' }), ...problemResponses(401, 404) },
        },
      },
      '/v1/signing-policy': {
        get: {
          summary: "Which offices sign a programme's commitment: `default`, `quickWin` (null: as the default), `version`",
          security: bearer,
          responses: { 200: json({ type: 'object' }), ...problemResponses(401) },
        },
        put: {
          summary: 'Replace the signing policy (the secretariat), made from `version`',
          description:
            'Offices: bupati, wakil_bupati, sekda, opd_head (the head of the proposing OPD), diskominfo_head. Applies to commitments whose signing starts after the change; a commitment being signed keeps the offices it opened with. 409 when the policy changed since `version` was read. Every change is kept in `/v1/signing-policy/changes`.',
          security: bearer,
          requestBody: { required: true, ...json({ $ref: '#/components/schemas/SigningPolicyEdit' }) },
          responses: { 200: json({ type: 'object', description: 'the policy as stored, with `changed`' }), ...problemResponses(400, 401, 403, 409, 415) },
        },
      },
      '/v1/signing-policy/changes': {
        get: {
          summary: 'Every change of the signing policy: who, when, before and after',
          security: bearer,
          responses: { 200: json({ type: 'object' }), ...problemResponses(401) },
        },
      },
      '/v1/escalation-policy': {
        get: {
          summary:
            'Who hears of overdue work: per kind of work, ordered steps, each with the working days after the due day (first step) or the step before, and the offices whose holder on the day is told, or the secretariat',
          security: bearer,
          responses: { 200: json({ $ref: '#/components/schemas/EscalationPolicy' }), ...problemResponses(401, 403) },
        },
        put: {
          summary: 'Replace the escalation policy (the secretariat); used from the next escalation on',
          security: bearer,
          requestBody: { required: true, ...json({ $ref: '#/components/schemas/EscalationPolicy' }) },
          responses: { 200: json({ $ref: '#/components/schemas/EscalationPolicy' }), ...problemResponses(400, 401, 403, 415) },
        },
      },
      '/v1/escalation-policy/history': {
        get: {
          summary: 'Every change of the escalation policy: who, when, before and after',
          security: bearer,
          responses: { 200: json({ type: 'object' }), ...problemResponses(401, 403) },
        },
      },
      '/v1/holiday-years': {
        get: {
          summary: 'The holiday years deadlines count (national holidays and cuti bersama per SKB), the secretariat',
          security: bearer,
          responses: { 200: json({ type: 'object' }), ...problemResponses(401, 403) },
        },
      },
      '/v1/holiday-years/{year}': {
        get: {
          summary: 'One holiday year with every upload of it: who, when, the list before and after',
          security: bearer,
          parameters: [yearParam],
          responses: { 200: json({ type: 'object' }), ...problemResponses(401, 403, 404) },
        },
        put: {
          summary: "Upload a year's SKB list (the secretariat): checked against the calendar, then saved; deadlines count it within a minute",
          description:
            'Body: JSON `{source, holidays: [{date, kind, name}]}` (kind `libur` or `cuti_bersama`) or `text/csv` with the header `tanggal,jenis,keterangan` and `?source=`. Every date must be a real day of the year and appear once; dates on a weekend are listed in `weekends`. With `dryRun=1` nothing is saved. 400 names every problem and saves nothing.',
          security: bearer,
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
          security: bearer,
          parameters: [
            { name: 'from', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
            { name: 'days', in: 'query', required: true, schema: { type: 'integer', minimum: 0, maximum: 365 } },
          ],
          responses: { 200: json({ type: 'object' }), ...problemResponses(400, 401, 403) },
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
      ...Object.fromEntries(
        (['csv', 'xlsx'] as const).map((format) => [
          `/ekspor/program.${format}`,
          {
            get: {
              summary: `The portfolio as ${format.toUpperCase()} (the leadership, the secretariat, Diskominfo, viewers): one row per programme and per indicator`,
              description:
                'Columns in Bahasa Indonesia: programme, OPD, dimension, sub-dimension, quick win, RPJMD and Renstra references, stage, dates, budget, percent complete, indicator (type, unit, baseline, final target) and per year its target, realisation, achievement, budget and budget realised. A bearer token or a web session.' +
                (format === 'csv' ? ' RFC 4180 with a UTF-8 byte order mark (so Excel reads it as UTF-8).' : ''),
              security: [...bearer, {}],
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
