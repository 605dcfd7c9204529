/**
 * The dev SMTP sink (dev/mail-sink.ts) in its own process, so a drill can take it down. The bench
 * asks it over IPC for counts and Message-IDs instead of downloading every message as JSON.
 */
import { startMailSink, type StoredMessage } from '../../dev/mail-sink.js';
import { answer, env, ready } from './common.js';

const dir = process.env['BENCH_SINK_DIR'];
const refuseRecipients = (process.env['BENCH_SINK_REFUSE'] ?? '').split(',').filter((a) => a !== '');
const sink = await startMailSink({
  smtpPort: Number(env('BENCH_SINK_SMTP_PORT')),
  httpPort: Number(env('BENCH_SINK_HTTP_PORT')),
  refuseRecipients,
  ...(dir ? { dir } : {}),
});

const matches = (m: StoredMessage, contains: unknown, to: unknown) =>
  (typeof contains !== 'string' || (m.messageId ?? '').includes(contains)) && (typeof to !== 'string' || m.to.includes(to));

/** Counts, duplicates by Message-ID, and the newest arrival, of the messages whose Message-ID contains `contains`. */
answer('stats', ({ contains, to }) => {
  const seen = new Map<string, number>();
  let count = 0;
  let bytes = 0;
  let lastReceivedAt = '';
  let firstReceivedAt = '';
  for (const m of sink.messages()) {
    if (!matches(m, contains, to)) continue;
    count++;
    bytes += m.size;
    const id = m.messageId ?? `(none ${m.id})`;
    seen.set(id, (seen.get(id) ?? 0) + 1);
    if (m.receivedAt > lastReceivedAt) lastReceivedAt = m.receivedAt;
    if (firstReceivedAt === '' || m.receivedAt < firstReceivedAt) firstReceivedAt = m.receivedAt;
  }
  const duplicates = [...seen.entries()].filter(([, n]) => n > 1).map(([id, n]) => ({ id, n }));
  return { count, distinct: seen.size, duplicates: duplicates.slice(0, 50), duplicateCount: duplicates.length, bytes, firstReceivedAt, lastReceivedAt };
});

/** Of the messages received after the first `skip`, the one of about their mean size, with its parts (what a like-for-like baseline sends). */
answer('sample', ({ skip }) => {
  const recent = sink.messages().slice(typeof skip === 'number' ? skip : 0);
  if (recent.length === 0) return null;
  const mean = recent.reduce((a, m) => a + m.size, 0) / recent.length;
  const m = recent.reduce((best, x) => (Math.abs(x.size - mean) < Math.abs(best.size - mean) ? x : best));
  return { subject: m.subject, text: m.text, html: m.html ?? '', size: m.size };
});

/** The messages themselves (optionally with their text part), filtered. */
answer('list', ({ contains, to, withText }) =>
  sink
    .messages()
    .filter((m) => matches(m, contains, to))
    .map((m) => ({ id: m.id, messageId: m.messageId, to: m.to, subject: m.subject, receivedAt: m.receivedAt, ...(withText ? { text: m.text } : {}) })),
);

ready({ smtpUrl: sink.smtpUrl, mailboxUrl: sink.mailboxUrl });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sink.stop().finally(() => process.exit(0));
  });
}
