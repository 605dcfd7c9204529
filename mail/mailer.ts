/**
 * Sending email over SMTP with nodemailer. Each message has a deterministic Message-ID and
 * is recorded before it is sent, so an activity retry never sends what was already sent.
 * SMTP 5xx answers are permanent (PermanentMailError); everything else may be retried.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import nodemailer from 'nodemailer';
import type { MailLogStore, MailRecord } from '../store/mail-log.js';

export interface OutgoingMail {
  /** Without angle brackets; deterministic for one intended message. */
  messageId: string;
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  programId: string | null;
}

export class PermanentMailError extends Error {
  override name = 'PermanentMailError';
}

export interface MailerSettings {
  /** `?pool=false` in the URL turns pooling off; other pool options (`maxConnections`) may be set there too. */
  smtpUrl: string;
  from: string;
  /** How long to keep trying to record a message the SMTP server accepted (default 60 s, or the caller's `recordBy`). */
  recordSentForMs?: number;
}

/**
 * Pooled: a connection is reused for up to 100 messages instead of one handshake (and, at the
 * dev sink, a 100 ms greeting delay) per email. A connection the server dropped (a restart) is
 * removed from the pool, and the next message opens a new one.
 */
const poolDefaults = { pool: true, maxConnections: 5 } as const;

export function createMailer(settings: MailerSettings, mailLog: MailLogStore) {
  // Options in the URL win over these defaults.
  const transport = nodemailer.createTransport({ ...poolDefaults, url: settings.smtpUrl });
  const recordSentForMs = settings.recordSentForMs ?? 60_000;

  /**
   * Once the server has said 250, failing would make the activity's retry send the message again
   * (nothing says it went out): so a failed record (DynamoDB briefly away) is retried here, with
   * backoff, until `giveUpAt`.
   */
  async function recordSent(record: (at: Date) => Promise<void>, what: string, giveUpAt: number): Promise<void> {
    const at = new Date();
    for (let delay = 200; ; delay = Math.min(delay * 2, 5_000)) {
      try {
        await record(at);
        return;
      } catch (e) {
        if (Date.now() + delay > giveUpAt)
          throw new Error(`SMTP accepted ${what}, but recording that failed until giving up: ${(e as Error).message}`, { cause: e });
        await sleep(delay);
      }
    }
  }

  /** Hands one message to the SMTP server; a 5xx answer becomes a PermanentMailError. */
  async function transmit(mail: OutgoingMail): Promise<void> {
    try {
      await transport.sendMail({
        from: settings.from,
        to: { name: mail.to.name, address: mail.to.address },
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: `<${mail.messageId}>`,
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
      });
    } catch (e) {
      const code = (e as { responseCode?: number }).responseCode;
      if (code !== undefined && code >= 500) throw new PermanentMailError(`SMTP refused the message (${code}): ${(e as Error).message}`);
      throw e;
    }
  }

  const recordOf = (mail: OutgoingMail, owner?: string): MailRecord => ({
    messageId: mail.messageId,
    to: mail.to.address,
    subject: mail.subject,
    programId: mail.programId,
    createdAt: new Date().toISOString(),
    ...(owner ? { owner } : {}),
  });

  const giveUpAt = (recordBy: number | undefined) => Math.min(Date.now() + recordSentForMs, recordBy ?? Infinity);

  const mailer = {
    /** Domain for Message-IDs, taken from the sender address. */
    messageIdDomain: /@([^>\s]+)/.exec(settings.from)?.[1] ?? 'alur.local',

    /**
     * `recordBy` (ms since the epoch): when the caller must have finished (an activity's
     * deadline, so that its retry does not start while this attempt still waits).
     */
    async send(mail: OutgoingMail, opts: { recordBy?: number; owner?: string } = {}): Promise<'sent' | 'already_sent'> {
      const record = await mailLog.intend(recordOf(mail, opts.owner));
      // Sent, or another sender intended it first and sends it.
      if (record.sentAt || (opts.owner && record.owner !== opts.owner)) return 'already_sent';
      await transmit(mail);
      await recordSent((at) => mailLog.markSent(mail.messageId, at), mail.messageId, giveUpAt(opts.recordBy));
      return 'sent';
    },

    /**
     * Sends the messages of one activity step, each once: their intents are recorded together
     * before any is sent, the messages go to the pool at once, and what went out is recorded
     * together after the last (also when one failed retryably, whose error is then thrown, so the
     * retry sends only the rest). A message refused for good is answered with its
     * PermanentMailError and the others still go out. The window in which a
     * crash makes a retry send again (same Message-ID) is this step's sending, not one message's.
     */
    async sendAll(mails: readonly OutgoingMail[], opts: { recordBy?: number } = {}): Promise<('sent' | 'already_sent' | PermanentMailError)[]> {
      // The same message twice in one step is one message (a batch write refuses duplicate keys).
      const first = new Map<string, number>();
      mails.forEach((m, i) => first.set(m.messageId, first.get(m.messageId) ?? i));
      if (first.size < mails.length) {
        const results = await mailer.sendAll(
          [...first.values()].map((i) => mails[i]!),
          opts,
        );
        const byId = new Map([...first.keys()].map((id, k) => [id, results[k]!]));
        return mails.map((m, i) => (first.get(m.messageId) === i ? byId.get(m.messageId)! : 'already_sent'));
      }
      if (mails.length === 0) return [];
      if (mails.length === 1) {
        const result = await mailer.send(mails[0]!, opts).catch((e: unknown) => {
          if (e instanceof PermanentMailError) return e;
          throw e;
        });
        return [result];
      }
      const stored = await mailLog.intendAll(mails.map((m) => recordOf(m)));
      // Handed to the pool at once; each settles on its own.
      const outcomes = await Promise.allSettled(
        mails.map((mail, i) => (stored[i]!.sentAt ? Promise.resolve('already_sent' as const) : transmit(mail).then(() => 'sent' as const))),
      );
      const sent = stored.filter((_, i) => outcomes[i]!.status === 'fulfilled' && (outcomes[i] as PromiseFulfilledResult<string>).value === 'sent');
      if (sent.length > 0) await recordSent((at) => mailLog.markAllSent(sent, at), sent.map((r) => r.messageId).join(', '), giveUpAt(opts.recordBy));
      const retryable = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected' && !(o.reason instanceof PermanentMailError));
      if (retryable) throw retryable.reason;
      return outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as PermanentMailError)));
    },

    async verify(): Promise<void> {
      await transport.verify();
    },

    close(): void {
      transport.close();
    },
  };
  return mailer;
}

export type Mailer = ReturnType<typeof createMailer>;
