/**
 * Many programmes in a given state, quickly: a template programme is taken to that state the
 * normal way, then copied. A copy is the template's store items under a new id, and a
 * workflow started with the template's state as `carried` input — exactly what a programme's
 * run hands to the next when it continues as new (workflows/messages.ts: CarriedState), so the
 * copy runs the production code path of a long-lived programme from then on.
 *
 * Used where the benches need thousands of programmes waiting, or reminders falling due for
 * thousands at one moment (start the copies while the worker is stopped, then start it).
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Client } from '@temporalio/client';
import type { Proposal } from '../../domain/proposal.js';
import { connectDynamo, type Dynamo } from '../../store/client.js';
import { withoutKeys } from '../../store/items.js';
import { eventHash, eventSeal, genesisHash, type StoredEvent } from '../../store/programs.js';
import type { programWorkflow } from '../../workflows/program-workflow.js';
import { programState, workflowIdOf, type ProgramView, type ProgramWorkflowInput } from '../../workflows/messages.js';
import { tableName, taskQueue } from '../harness.js';
import { actor, newProgramId } from './alur.js';

export interface Template {
  id: string;
  items: Record<string, unknown>[];
  input: Omit<ProgramWorkflowInput, 'programId'>;
}

export function dynamoFor(endpoint: string): Dynamo {
  return connectDynamo({ endpoint, region: 'ap-southeast-3', tableName });
}

export async function itemsOf(db: Dynamo, programId: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `PROGRAM#${programId}` },
        ExclusiveStartKey,
      }),
    );
    items.push(...(out.Items ?? []));
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/**
 * Captures a programme that is waiting (quiet) as a template. With `freshImplementation`, the
 * template is taken back to the moment it entered implementation: periods not yet closed, no
 * reminder sent (events after the implementation stage opened, and period items, are left out).
 */
export async function captureTemplate(
  client: Client,
  db: Dynamo,
  programId: string,
  options: { freshImplementation?: boolean; implementationOpenedAt?: string } = {},
): Promise<Template> {
  const view = await client.workflow.getHandle(workflowIdOf(programId)).query(programState);
  let items = await itemsOf(db, programId);
  const program = items.find((i) => i['sk'] === 'PROGRAM');
  if (!program) throw new Error(`programme ${programId} has no item in the store`);
  const events = items.filter((i) => String(i['sk']).startsWith('EVENT#'));
  let eventSeq = Math.max(...events.map((e) => Number(e['seq'])));
  const carriedView: ProgramView = structuredClone(view);
  if (options.freshImplementation) {
    if (view.stage !== 'implementation' || !carriedView.implementation) throw new Error(`template ${programId} is in ${view.stage}, not implementation`);
    const opened = events.find((e) => e['type'] === 'stage_opened' && e['toStage'] === 'implementation');
    if (!opened) throw new Error(`template ${programId}: no stage_opened event for implementation`);
    eventSeq = Number(opened['seq']);
    items = items.filter((i) => {
      const sk = String(i['sk']);
      if (sk.startsWith('PERIOD#') || sk.startsWith('REPORT#')) return false;
      return !sk.startsWith('EVENT#') || Number(i['seq']) <= eventSeq;
    });
    carriedView.dueAt = null;
    carriedView.dueDate = null;
    // Every field a period gains after it is created starts out empty (0 for counts), as enterStage creates it.
    const keep = new Set(['id', 'start', 'end', 'last']);
    for (const p of carriedView.implementation.periods) {
      const fields = p as unknown as Record<string, unknown>;
      for (const k of Object.keys(fields)) if (!keep.has(k)) fields[k] = typeof fields[k] === 'number' ? 0 : null;
    }
    // A programme that has been in implementation for a while: its periods close and fall due as they would have.
    if (options.implementationOpenedAt) carriedView.stageOpenedAt = options.implementationOpenedAt;
  }
  const proposerId = (program['proposer'] as { userId: string }).userId;
  return {
    id: programId,
    items,
    input: {
      proposal: program['proposal'] as Proposal,
      proposer: actor(proposerId),
      requestHash: String(program['requestHash']),
      carried: { view: carriedView, eventSeq, revisionRounds: 0, answers: [] },
    },
  };
}

const replaceId = <T>(value: T, from: string, to: string): T => JSON.parse(JSON.stringify(value).replaceAll(from, to)) as T;

/**
 * The copy's audit events chained and sealed anew, as the worker would have written them for
 * this programme (the template's hashes cover the template's id): a copy's trail verifies like
 * any other, so the drills' audit check covers copies too.
 */
function rechained(items: Record<string, unknown>[], auditKey: string): Record<string, unknown>[] {
  const events = items.filter((i) => String(i['sk']).startsWith('EVENT#')).sort((a, b) => Number(a['seq']) - Number(b['seq']));
  const rewritten = new Map<Record<string, unknown>, Record<string, unknown>>();
  let prevHash = genesisHash;
  for (const item of events) {
    const event = { ...withoutKeys<StoredEvent>(item), prevHash };
    const hash = eventHash(event);
    rewritten.set(item, { ...item, prevHash, hash, seal: eventSeal(auditKey, hash) });
    prevHash = hash;
  }
  return items.map((i) => rewritten.get(i) ?? i);
}

/** Writes the copy's items and starts its workflow; returns the new programme id. */
export async function cloneProgram(h: { client: Client; secrets: { AUDIT_HMAC_SECRET: string } }, db: Dynamo, t: Template): Promise<string> {
  const id = newProgramId();
  const items = rechained(
    t.items.map((item) => replaceId(item, t.id, id)),
    h.secrets.AUDIT_HMAC_SECRET,
  );
  for (const item of items) await db.doc.send(new PutCommand({ TableName: db.tableName, Item: item }));
  const input: ProgramWorkflowInput = { programId: id, ...replaceId(t.input, t.id, id) };
  await h.client.workflow.start<typeof programWorkflow>('programWorkflow', {
    workflowId: workflowIdOf(id),
    taskQueue,
    args: [input],
    workflowIdReusePolicy: 'REJECT_DUPLICATE',
  });
  return id;
}
