/**
 * Reading real SMTP deliveries from the dev mail sink (dev/mail-sink.ts) over its JSON API,
 * and the personal /act/<token> links inside them.
 */
import { stack } from './stack.js';

export interface SinkMessage {
  id: string;
  messageId: string | null;
  from: string;
  to: string[];
  subject: string;
  date: string;
  receivedAt: string;
  text: string;
  html: string | null;
  headers: Record<string, string>;
  size: number;
}

export interface MailQuery {
  /** Envelope recipient address. */
  to?: string;
  subjectIncludes?: string;
  /** Only mail about this programme (its id is in the Message-ID). */
  programId?: string;
  /** Only mail sent for this stage occurrence of the programme (needs programId). */
  stageSeq?: number;
  /** Only mail whose Message-ID matches (Message-IDs name programme, stage occurrence, purpose and recipient). */
  messageId?: RegExp;
}

export async function listMail(query: MailQuery = {}): Promise<SinkMessage[]> {
  const url = new URL('api/messages', stack().mailbox);
  if (query.to) url.searchParams.set('to', query.to);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url.toString()}: ${res.status}`);
  const all = (await res.json()) as SinkMessage[];
  return all.filter((m) => matches(m, query));
}

function matches(m: SinkMessage, q: MailQuery): boolean {
  if (q.subjectIncludes !== undefined && !m.subject.includes(q.subjectIncludes)) return false;
  if (q.messageId !== undefined && !q.messageId.test(m.messageId ?? '')) return false;
  if (q.programId !== undefined) {
    const id = m.messageId ?? '';
    const prefix = q.stageSeq === undefined ? `alur.${q.programId}.` : `alur.${q.programId}.${q.stageSeq}.`;
    if (!id.includes(prefix)) return false;
  }
  return true;
}

function describeQuery(q: MailQuery): string {
  return JSON.stringify(q, (_key, value: unknown) => (value instanceof RegExp ? String(value) : value));
}

/** Waits until at least `count` messages match, and returns them (oldest first). */
export async function waitForMails(query: MailQuery, count: number, timeoutMs = 15_000): Promise<SinkMessage[]> {
  const deadline = Date.now() + timeoutMs;
  let found: SinkMessage[] = [];
  for (;;) {
    found = await listMail(query);
    if (found.length >= count) return found;
    if (Date.now() > deadline) {
      throw new Error(
        `expected ${count} mail(s) matching ${describeQuery(query)} within ${timeoutMs} ms; found ${found.length}: ${found.map((m) => m.subject).join(' | ')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits for one message matching the query and returns it (the first, if more match). */
export async function waitForMail(query: MailQuery, timeoutMs = 15_000): Promise<SinkMessage> {
  const [first] = await waitForMails(query, 1, timeoutMs);
  return first!;
}

/** Gives the system a moment, then returns what matches: for asserting that nothing more was sent. */
export async function settledMail(query: MailQuery, quietMs = 750): Promise<SinkMessage[]> {
  await new Promise((r) => setTimeout(r, quietMs));
  return listMail(query);
}

const actLink = /https?:\/\/[^\s"'<>]+\/act\/[A-Za-z0-9_-]+/g;

/** The personal /act/<token> link in a message's text part (the HTML part must carry the same one). */
export function linkIn(message: Pick<SinkMessage, 'text' | 'html'>): string {
  const links = [...new Set(message.text.match(actLink) ?? [])];
  if (links.length !== 1) throw new Error(`expected exactly one /act/ link in the text part, found ${links.length}`);
  return links[0]!;
}

/** All /act/ links of the HTML part (href and visible text), decoded from HTML entities. */
export function htmlLinksIn(message: Pick<SinkMessage, 'html'>): string[] {
  const html = (message.html ?? '').replace(/&amp;/g, '&');
  return [...new Set(html.match(actLink) ?? [])];
}

/** The token part of an /act/ link. */
export function tokenOf(link: string): string {
  const token = new URL(link).pathname.split('/').pop();
  if (!token) throw new Error(`no token in ${link}`);
  return token;
}
