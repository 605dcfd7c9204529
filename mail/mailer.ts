/**
 * Sending email over SMTP with nodemailer. Each message has a deterministic Message-ID and
 * is recorded before it is sent, so an activity retry never sends what was already sent.
 * SMTP 5xx answers are permanent (PermanentMailError); everything else may be retried.
 */
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
  smtpUrl: string;
  from: string;
}

export function createMailer(settings: MailerSettings, mailLog: MailLogStore) {
  const transport = nodemailer.createTransport(settings.smtpUrl);

  return {
    /** Domain for Message-IDs, taken from the sender address. */
    messageIdDomain: /@([^>\s]+)/.exec(settings.from)?.[1] ?? 'alur.local',

    async send(mail: OutgoingMail): Promise<'sent' | 'already_sent'> {
      const record = await mailLog.intend({
        messageId: mail.messageId,
        to: mail.to.address,
        subject: mail.subject,
        programId: mail.programId,
        createdAt: new Date().toISOString(),
      });
      if (record.sentAt) return 'already_sent';
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
      await mailLog.markSent(mail.messageId, new Date());
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
