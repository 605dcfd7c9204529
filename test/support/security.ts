/**
 * For the security tests: programmes brought to any stage over the API, everything stored
 * about a programme read straight from DynamoDB, and the workflow's history length from
 * Temporal, so a test can prove that a refused or read-only request changed nothing.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { Client, Connection } from '@temporalio/client';
import { expect } from 'vitest';
import type { Stage } from '../../domain/stages.js';
import { workflowIdOf } from '../../workflows/messages.js';
import { as, type ApiResponse } from './api.js';
import { decideByApi, propose } from './flow.js';
import { validProposal, type ProposalBody } from './proposal.js';
import { stack } from './stack.js';
import { openDocClient } from './store.js';

/** A refusal: one of these statuses, as application/problem+json naming it. */
export function expectRefused(res: ApiResponse<unknown>, ...statuses: number[]): void {
  expect(statuses, `${res.status} ${res.text}`).toContain(res.status);
  expect(res.headers.get('content-type'), res.text).toMatch(/^application\/problem\+json/);
  expect((res.body as { status?: unknown }).status).toBe(res.status);
}

// ---- a programme in any stage ----

/** The first day of the current month in WIB: reports for this month may be sent, none is due yet. */
export function thisMonth(): { start: string; period: string } {
  const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  return { start: `${today.slice(0, 7)}-01`, period: today.slice(0, 7) };
}

/** A proposal of Dinas Kesehatan that starts this month and runs for a year (monthly reports). */
export function currentProposal(overrides: Partial<ProposalBody> = {}): ProposalBody {
  const { start } = thisMonth();
  return validProposal({ startDate: start, endDate: `${Number(start.slice(0, 4)) + 1}-${start.slice(5, 7)}-01`, ...overrides });
}

/** Every office of the programme's commitment signed through the API by whoever may sign it now. */
export async function signAll(programId: string): Promise<void> {
  for (;;) {
    const view = await as<{ stage: Stage; missing: { office: string; signers: { signer: { userId: string } }[] }[] }>(
      'pemantau',
      'GET',
      `/v1/programs/${programId}/signatures`,
    );
    expect(view.status, view.text).toBe(200);
    const next = view.body.stage === 'signing' ? view.body.missing[0] : undefined;
    if (!next) return;
    const res = await as(next.signers[0]!.signer.userId, 'POST', `/v1/programs/${programId}/signatures`, { json: { office: next.office } });
    expect(res.status, res.text).toBe(200);
  }
}

/** A new programme of Dinas Kesehatan (proposed by its head), brought to `stage` over the API. */
export async function programIn(stage: Stage, overrides: Partial<ProposalBody> = {}): Promise<{ id: string; proposal: ProposalBody }> {
  const { id, proposal } = await propose('kadis-kesehatan', { ...currentProposal(), ...overrides });
  switch (stage) {
    case 'diskominfo_review':
      break;
    case 'revision':
      await decideByApi('reviewer-kominfo-1', id, 'request_changes', 'Lengkapi kerangka acuan kerja.');
      break;
    case 'rejected':
      await decideByApi('reviewer-kominfo-1', id, 'reject', 'Tidak sesuai masterplan.');
      break;
    case 'withdrawn':
    case 'cancelled': {
      const [who, action] = stage === 'withdrawn' ? ['kadis-kesehatan', 'withdraw'] : ['sekretariat-1', 'cancel'];
      const res = await as(who, 'POST', `/v1/programs/${id}/${action}`, { json: { reason: 'Uji' } });
      expect(res.status, res.text).toBe(200);
      break;
    }
    default:
      await decideByApi('reviewer-kominfo-1', id, 'approve', 'Sesuai arsitektur SPBE.');
      if (stage === 'sekda_approval') break;
      await decideByApi('sekda', id, 'approve', 'Disetujui.');
      if (stage === 'signing') break;
      await signAll(id);
      if (stage !== 'implementation') throw new Error(`no way to bring a programme to ${stage} here`);
  }
  const now = await as<{ stage: Stage }>('pemantau', 'GET', `/v1/programs/${id}`);
  expect(now.body.stage).toBe(stage);
  return { id, proposal };
}

// ---- what is stored ----

/** Every item of the table, in key order. */
export async function scanTable(): Promise<Record<string, unknown>[]> {
  const { doc, close } = openDocClient();
  try {
    const items: Record<string, unknown>[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const out = await doc.send(new ScanCommand({ TableName: stack().tableName, ExclusiveStartKey, ConsistentRead: true }));
      items.push(...(out.Items ?? []));
      ExclusiveStartKey = out.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items.sort((a, b) => `${String(a['pk'])} ${String(a['sk'])}`.localeCompare(`${String(b['pk'])} ${String(b['sk'])}`));
  } finally {
    close();
  }
}

/**
 * Everything stored about these programmes: their items (programme, stages, proposals, events,
 * signatures, reports) and every item that names one of them (link tokens, mail records).
 */
export async function storedAbout(...programIds: string[]): Promise<Record<string, unknown>[]> {
  const ids = new Set(programIds);
  return (await scanTable()).filter((item) => programIds.some((id) => String(item['pk']).includes(id)) || ids.has(String(item['programId'])));
}

// ---- Temporal ----

let client: Promise<Client> | undefined;

/** A Temporal client on the stack's server (one per test file; closed with the process). */
export function temporal(): Promise<Client> {
  client ??= Connection.connect({ address: stack().temporalAddress }).then((connection) => new Client({ connection }));
  return client;
}

/**
 * How many events the programme's workflow history holds once it is idle: an Update answers
 * before the workflow has finished what follows it (planning the next reminder), so wait until
 * no activity or workflow task is pending and the length holds still.
 */
export async function historyLength(programId: string): Promise<number> {
  const handle = (await temporal()).workflow.getHandle(workflowIdOf(programId));
  let last = -1;
  for (let i = 0; i < 100; i++) {
    const { historyLength: length, raw } = await handle.describe();
    // A run that has just continued as new holds only its start until its first workflow task is recorded.
    if (length > 1 && length === last && (raw.pendingActivities?.length ?? 0) === 0 && !raw.pendingWorkflowTask) return length;
    last = length;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the workflow of programme ${programId} did not settle`);
}
