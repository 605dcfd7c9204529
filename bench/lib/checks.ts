/** What the drills check after a fault: the audit trail of a programme, and every email intended against every email delivered. */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Dynamo } from '../../store/client.js';
import type { Harness } from '../harness.js';
import { cloneProgram, itemsOf, type Template } from './clone.js';
import { sleep } from './util.js';

export interface Trail {
  id: string;
  events: { seq: number; type: string; stageSeq: number; toStage: string | null; at: string; actor: string | null; office?: string }[];
  problems: string[];
}

/** The audit trail from the store, with what is wrong with it: seq must run 1..n without a gap, and time must not go backwards. */
export async function trailOf(db: Dynamo, id: string): Promise<Trail> {
  const events = (await itemsOf(db, id))
    .filter((i) => String(i['sk']).startsWith('EVENT#'))
    .map((e) => {
      const sig = (e['details'] as { signature?: { office?: string } } | undefined)?.signature;
      return {
        seq: Number(e['seq']),
        type: String(e['type']),
        stageSeq: Number(e['stageSeq']),
        toStage: (e['toStage'] as string | null) ?? null,
        at: String(e['at']),
        actor: (e['actor'] as { userId?: string } | null)?.userId ?? null,
        ...(sig?.office ? { office: sig.office } : {}),
      };
    })
    .sort((a, b) => a.seq - b.seq);
  const problems: string[] = [];
  events.forEach((e, i) => {
    if (e.seq !== i + 1) problems.push(`event #${i + 1} has seq ${e.seq}`);
    if (i > 0 && e.at < events[i - 1]!.at) problems.push(`event ${e.seq} (${e.at}) is earlier than event ${e.seq - 1}`);
  });
  return { id, events, problems };
}

export interface MailRecord {
  messageId: string;
  to: string;
  sentAt?: string;
  programId: string | null;
}

/** Every item of the table that `filter` keeps, read straight from it, page after page. */
export async function scanWhere(db: Dynamo, filter: string, values: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const r = await db.doc.send(new ScanCommand({ TableName: db.tableName, FilterExpression: filter, ExpressionAttributeValues: values, ExclusiveStartKey }));
    items.push(...(r.Items ?? []));
    ExclusiveStartKey = r.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** Every programme stored in the table (its programme item), read straight from it. */
export async function programIdsOf(db: Dynamo): Promise<string[]> {
  return (await scanWhere(db, 'sk = :p', { ':p': 'PROGRAM' })).map((i) => String(i['id']));
}

/** Every email the engine meant to send (the mail log, written before sending). */
export async function mailLogOf(db: Dynamo): Promise<MailRecord[]> {
  return (await scanWhere(db, 'begins_with(pk, :p)', { ':p': 'MAIL#' })).map((i) => ({
    messageId: String(i['messageId']),
    to: String(i['to']),
    programId: (i['programId'] as string | null) ?? null,
    ...(typeof i['sentAt'] === 'string' && i['sentAt'] ? { sentAt: i['sentAt'] } : {}),
  }));
}

/**
 * Intended emails against delivered ones: none unsent, none missing from the sink, none twice.
 * Email to an address the sink refuses for good (`refused`) is expected never to be sent.
 */
export async function mailAccounting(h: Harness, db: Dynamo, refused: readonly string[] = []) {
  const log = (await mailLogOf(db)).filter((r) => !refused.includes(r.to));
  const delivered = await h.mailList({});
  const counts = new Map<string, number>();
  const arrivals = new Map<string, string[]>();
  for (const m of delivered) {
    const id = (m.messageId ?? '').replace(/^<|>$/g, '');
    counts.set(id, (counts.get(id) ?? 0) + 1);
    arrivals.set(id, [...(arrivals.get(id) ?? []), m.receivedAt.slice(11, 23)]);
  }
  const unsent = log.filter((r) => !r.sentAt).map((r) => r.messageId);
  const missing = log.filter((r) => !counts.has(r.messageId)).map((r) => r.messageId);
  const firstAt = new Map<string, string>();
  for (const m of delivered) {
    const id = (m.messageId ?? '').replace(/^<|>$/g, '');
    if (!firstAt.has(id) || m.receivedAt < firstAt.get(id)!) firstAt.set(id, m.receivedAt);
  }
  const sentAt = new Map(log.map((r) => [r.messageId, r.sentAt]));
  const twice = [...counts.entries()]
    .filter(([, n]) => n > 1)
    .map(([id, n]) => ({ id, n, receivedAt: arrivals.get(id), firstAt: firstAt.get(id)!, sentAt: sentAt.get(id) ?? null }));
  return { intended: log.length, delivered: delivered.length, distinct: counts.size, unsent, missing, twice };
}

/**
 * Waits until the engine is idle: for `quietSeconds` in a row no new email has arrived and the
 * worker and Temporal together used under 0.15 CPU-seconds a second (a backlog of tasks that
 * send no mail keeps them busy without changing the mailbox).
 */
export async function untilQuiet(h: Harness, quietSeconds = 5, maxSeconds = 900): Promise<void> {
  let last = -1;
  let cpuBefore = h.temporal.cpuSeconds() + h.worker.cpuSeconds();
  const deadline = Date.now() + maxSeconds * 1000;
  for (let quiet = 0; quiet < quietSeconds && Date.now() < deadline;) {
    await sleep(1000);
    const c = (await h.mailStats()).count;
    const cpu = h.temporal.cpuSeconds() + h.worker.cpuSeconds();
    quiet = c === last && cpu - cpuBefore < 0.15 ? quiet + 1 : 0;
    last = c;
    cpuBefore = cpu;
  }
}

/** The personal /act/ link in each programme's mail to `to` whose Message-ID contains `contains`. */
export async function linksByProgramme(h: Harness, to: string, contains: string): Promise<Map<string, string>> {
  const mails = await h.mailList({ to, contains, withText: true });
  const links = new Map<string, string>();
  for (const m of mails) {
    const programId = /^<?alur\.([a-f0-9]{20})\./.exec(m.messageId ?? '')?.[1];
    const link = /https?:\/\/[^\s"'<>]+\/act\/[A-Za-z0-9_-]+/.exec(m.text ?? '')?.[0];
    if (programId && link) links.set(programId, link);
  }
  return links;
}

/** The report reminders and escalations a programme got, once they have all arrived (the count is above zero and stable for 3 s). */
export async function reportMailsOf(h: Harness, programId: string, maxSeconds = 120): Promise<number> {
  let last = -1;
  const deadline = Date.now() + maxSeconds * 1000;
  for (let quiet = 0; quiet < 3;) {
    if (Date.now() > deadline) throw new Error(`the report emails of ${programId} did not arrive within ${maxSeconds} s`);
    const n = (await h.mailList({ contains: `alur.${programId}.` })).filter((m) => (m.messageId ?? '').includes('.report-')).length;
    quiet = n === last && n > 0 ? quiet + 1 : 0;
    last = n;
    await sleep(1000);
  }
  return last;
}

/** Distinct report emails per programme (from the Message-IDs in the sink). */
export async function reportMailsByProgramme(h: Harness): Promise<Map<string, number>> {
  const byProgramme = new Map<string, Set<string>>();
  for (const m of await h.mailList({ contains: '.report-' })) {
    const id = /^<?alur\.([a-f0-9]{20})\./.exec(m.messageId ?? '')?.[1];
    if (!id) continue;
    const set = byProgramme.get(id) ?? new Set<string>();
    set.add(m.messageId ?? '');
    byProgramme.set(id, set);
  }
  return new Map([...byProgramme.entries()].map(([id, s]) => [id, s.size]));
}

/** One copy made with the worker running: how many report emails and escalation events each copy should get. */
export async function probeClone(h: Harness, db: Dynamo, t: Template): Promise<{ id: string; perProgramme: number; escalations: number }> {
  const id = await cloneProgram(h, db, t);
  const perProgramme = await reportMailsOf(h, id);
  const escalations = (await trailOf(db, id)).events.filter((e) => e.type === 'escalated').length;
  return { id, perProgramme, escalations };
}
