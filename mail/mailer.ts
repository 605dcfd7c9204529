/**
 * Sending email over SMTP with nodemailer. Each message has a deterministic Message-ID and
 * is recorded before it is sent, so an activity retry never sends what was already sent.
 * SMTP 5xx answers are permanent (PermanentMailError); everything else may be retried.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import nodemailer from 'nodemailer';
import type { MailLogStore } from '../store/mail-log.js';

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
  async function recordSent(messageId: string, giveUpAt: number): Promise<void> {
    const at = new Date();
    for (let delay = 200; ; delay = Math.min(delay * 2, 5_000)) {
      try {
        await mailLog.markSent(messageId, at);
        return;
      } catch (e) {
        if (Date.now() + delay > giveUpAt)
          throw new Error(`SMTP accepted ${messageId}, but recording that failed until giving up: ${(e as Error).message}`, { cause: e });
        await sleep(delay);
      }
    }
  }

  return {
    /** Domain for Message-IDs, taken from the sender address. */
    messageIdDomain: /@([^>\s]+)/.exec(settings.from)?.[1] ?? 'alur.local',

    /**
     * `recordBy` (ms since the epoch): when the caller must have finished (an activity's
     * deadline, so that its retry does not start while this attempt still waits).
     */
    async send(mail: OutgoingMail, opts: { recordBy?: number; owner?: string } = {}): Promise<'sent' | 'already_sent'> {
      const record = await mailLog.intend({
        messageId: mail.messageId,
        to: mail.to.address,
        subject: mail.subject,
        programId: mail.programId,
        createdAt: new Date().toISOString(),
        ...(opts.owner ? { owner: opts.owner } : {}),
      });
      // Sent, or another sender intended it first and sends it.
      if (record.sentAt || (opts.owner && record.owner !== opts.owner)) return 'already_sent';
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
      await recordSent(mail.messageId, Math.min(Date.now() + recordSentForMs, opts.recordBy ?? Infinity));
      return 'sent';
    },

    async verify(): Promise<void> {
      await transport.verify();
    },

    close(): void {
      transport.close();
    },
  };
}

export type Mailer = ReturnType<typeof createMailer>;
