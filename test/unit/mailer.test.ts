/**
 * Email exactly once where it can be, at least once where it cannot (mail/mailer.ts), over
 * real SMTP into the dev mail sink (dev/mail-sink.ts) with the mail log in a real dynalite:
 *  - the same intended message sent twice goes out once;
 *  - a mail log that fails after the SMTP server's 250 is retried in place: one copy, not two;
 *  - a crash after the 250 but before the log says "sent" (or a log down past the deadline)
 *    resends on retry, with the same Message-ID, so the receiver can deduplicate: two copies,
 *    one Message-ID, never two;
 *  - SMTP 5xx is permanent (PermanentMailError), 4xx is retried and then sent once;
 *  - the transport is pooled: one connection for several messages, a new one after a restart;
 *  - one step's messages (`sendAll`) are recorded together: one write of intents, one of sends;
 *    a retryable failure of one still records the others as sent, so the retry sends only it.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite, type Dynalite } from '../../dev/dynalite.js';
import { startMailSink, type MailSink } from '../../dev/mail-sink.js';
import { PermanentMailError, createMailer, type OutgoingMail } from '../../mail/mailer.js';
import { createStore, type Store } from '../../store/index.js';
import type { MailLogStore } from '../../store/mail-log.js';

const from = 'alur Pemkab Solok Selatan <alur@solselkab.example>';

let dynalite: Dynalite;
let store: Store;
let sink: MailSink;

beforeAll(async () => {
  dynalite = await startDynalite({ port: 0 });
  store = createStore({ endpoint: dynalite.endpoint, region: 'ap-southeast-3', tableName: 'alur-mailer-test' });
  await store.ensureTable();
  sink = await startMailSink({ smtpPort: 0, httpPort: 0 });
});

afterAll(async () => {
  await sink?.stop();
  store?.close();
  await dynalite?.stop();
});

function mail(over: Partial<OutgoingMail> = {}): OutgoingMail {
  const id = randomBytes(6).toString('hex');
  return {
    messageId: `alur.${id}.1.diskominfo_review.reviewer-kominfo-1@solselkab.example`,
    to: { name: 'Rina Marlina', address: `rina.${id}@solselkab.example` },
    subject: `Permintaan keputusan ${id}`,
    text: 'Mohon keputusan Anda.',
    html: '<p>Mohon keputusan Anda.</p>',
    programId: id,
    ...over,
  };
}

const copiesOf = (m: OutgoingMail) => sink.messages().filter((s) => s.to.includes(m.to.address));

/** An SMTP server that answers RCPT TO with the given replies in turn, then accepts. */
async function refusingServer(
  replies: { code: number; message: string }[],
  port = 0,
): Promise<{ url: string; accepted: () => number; connections: () => number; stop: () => Promise<void> }> {
  let rcpt = 0;
  let accepted = 0;
  let connections = 0;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 200, // a pooled client's idle connection would hold close() open for 30 s
    onConnect(_session, callback) {
      connections += 1;
      callback();
    },
    onRcptTo(_address, _session, callback) {
      const reply = replies[rcpt++];
      if (reply) callback(Object.assign(new Error(reply.message), { responseCode: reply.code }));
      else callback();
    },
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        accepted += 1;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${bound}`,
    accepted: () => accepted,
    connections: () => connections,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('mailer', () => {
  it('sends one intended message once, however often it is asked to', async () => {
    const mailer = createMailer({ smtpUrl: sink.smtpUrl, from }, store.mailLog);
    try {
      const m = mail();
      expect(await mailer.send(m)).toBe('sent');
      expect(await mailer.send(m)).toBe('already_sent');
      expect(await mailer.send({ ...m, subject: 'a retry with other words' })).toBe('already_sent');
      const copies = copiesOf(m);
      expect(copies).toHaveLength(1);
      expect(copies[0]!.messageId).toBe(`<${m.messageId}>`);
      expect(copies[0]!.headers['auto-submitted']).toBe('auto-generated');
    } finally {
      mailer.close();
    }
  });

  it('a mail log failing after the SMTP 250 is retried in place: sent once, recorded as sent', async () => {
    let failures = 2;
    let attempts = 0;
    const flakyLog: MailLogStore = {
      ...store.mailLog,
      markSent: async (messageId, at) => {
        attempts += 1;
        if (failures-- > 0) throw new Error('DynamoDB unavailable');
        await store.mailLog.markSent(messageId, at);
      },
    };
    const mailer = createMailer({ smtpUrl: sink.smtpUrl, from }, flakyLog);
    try {
      const m = mail();
      expect(await mailer.send(m)).toBe('sent');
      expect(attempts).toBe(3);
      expect(copiesOf(m)).toHaveLength(1);
      expect(await mailer.send(m)).toBe('already_sent'); // the activity's retry, had there been one
      expect(copiesOf(m)).toHaveLength(1);
    } finally {
      mailer.close();
    }
  });

  it('a crash between the SMTP 250 and the log resends with the same Message-ID, never another', async () => {
    // The log stays down past the caller's deadline: as for a worker killed at that moment, nothing says it went out.
    let down = true;
    const crashingLog: MailLogStore = {
      ...store.mailLog,
      markSent: async (messageId, at) => {
        if (down) throw new Error('worker died before recording the send');
        await store.mailLog.markSent(messageId, at);
      },
    };
    const mailer = createMailer({ smtpUrl: sink.smtpUrl, from }, crashingLog);
    try {
      const m = mail();
      await expect(mailer.send(m, { recordBy: Date.now() + 500 })).rejects.toThrow(/SMTP accepted .*worker died/);
      expect(copiesOf(m)).toHaveLength(1); // it did go out
      down = false;
      // The activity is retried: the log says "intended, not known to be sent", so it is sent again.
      expect(await mailer.send(m)).toBe('sent');
      expect(await mailer.send(m)).toBe('already_sent');
      const copies = copiesOf(m);
      expect(copies).toHaveLength(2);
      expect(new Set(copies.map((c) => c.messageId))).toEqual(new Set([`<${m.messageId}>`]));
    } finally {
      mailer.close();
    }
  });

  it('SMTP 5xx is a permanent failure: PermanentMailError, nothing recorded as sent', async () => {
    const server = await refusingServer([{ code: 550, message: 'mailbox unavailable' }]);
    const mailer = createMailer({ smtpUrl: server.url, from }, store.mailLog);
    try {
      const m = mail();
      const error = await mailer.send(m).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PermanentMailError);
      expect((error as Error).message).toMatch(/550/);
      expect(server.accepted()).toBe(0);
    } finally {
      mailer.close();
      await server.stop();
    }
  });

  it('SMTP 4xx is retryable: not permanent, and the retry sends the message once', async () => {
    const server = await refusingServer([{ code: 451, message: 'try again later' }]);
    const mailer = createMailer({ smtpUrl: server.url, from }, store.mailLog);
    try {
      const m = mail();
      const error = await mailer.send(m).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(PermanentMailError);
      expect((error as { responseCode?: number }).responseCode).toBe(451);
      expect(server.accepted()).toBe(0);

      expect(await mailer.send(m)).toBe('sent');
      expect(await mailer.send(m)).toBe('already_sent');
      expect(server.accepted()).toBe(1);
    } finally {
      mailer.close();
      await server.stop();
    }
  });

  it('reuses one pooled connection, and opens a new one when the server restarted', async () => {
    let server = await refusingServer([]);
    const mailer = createMailer({ smtpUrl: server.url, from }, store.mailLog);
    try {
      for (const m of [mail(), mail(), mail()]) expect(await mailer.send(m)).toBe('sent');
      expect(server.connections()).toBe(1);
      expect(server.accepted()).toBe(3);

      // The server goes away (the drill's "SMTP down"): a message fails retryably, none is lost to the pool.
      const port = new URL(server.url).port;
      await server.stop();
      const whileDown = mail();
      const error = await mailer.send(whileDown).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(PermanentMailError);

      // Back on the same port: the retry goes out on a new connection.
      server = await refusingServer([], Number(port));
      expect(await mailer.send(whileDown)).toBe('sent');
      expect(server.accepted()).toBe(1);
      expect(server.connections()).toBe(1);
    } finally {
      mailer.close();
      await server.stop();
    }
  });

  it("records one step's messages together: the intents in one write, what went out in another", async () => {
    const calls: string[] = [];
    const countingLog: MailLogStore = {
      ...store.mailLog,
      intend: (r) => (calls.push('intend'), store.mailLog.intend(r)),
      intendAll: (rs) => (calls.push('intendAll'), store.mailLog.intendAll(rs)),
      markSent: (id, at) => (calls.push('markSent'), store.mailLog.markSent(id, at)),
      markAllSent: (rs, at) => (calls.push('markAllSent'), store.mailLog.markAllSent(rs, at)),
    };
    const mailer = createMailer({ smtpUrl: sink.smtpUrl, from }, countingLog);
    try {
      const step = [mail(), mail(), mail()];
      expect(await mailer.sendAll(step)).toEqual(['sent', 'sent', 'sent']);
      expect(calls).toEqual(['intendAll', 'markAllSent']);
      expect(step.map((m) => copiesOf(m).length)).toEqual([1, 1, 1]);
    } finally {
      mailer.close();
    }
  });

  it('a step sent again sends none of its messages twice', async () => {
    const mailer = createMailer({ smtpUrl: sink.smtpUrl, from }, store.mailLog);
    try {
      const step = [mail(), mail()];
      await mailer.sendAll(step);
      expect(await mailer.sendAll(step)).toEqual(['already_sent', 'already_sent']);
      expect(step.map((m) => copiesOf(m).length)).toEqual([1, 1]);
    } finally {
      mailer.close();
    }
  });

  it('a message of a step failing retryably fails the step, and its retry sends only that message', async () => {
    const server = await refusingServer([{ code: 451, message: 'try again later' }]);
    const mailer = createMailer({ smtpUrl: `${server.url}?maxConnections=1`, from }, store.mailLog);
    try {
      const step = [mail(), mail(), mail()];
      const error = await mailer.sendAll(step).catch((e: unknown) => e);
      expect((error as { responseCode?: number }).responseCode).toBe(451);
      expect(server.accepted()).toBe(2);
      expect(await mailer.sendAll(step)).toEqual(['sent', 'already_sent', 'already_sent']);
      expect(server.accepted()).toBe(3);
    } finally {
      mailer.close();
      await server.stop();
    }
  });

  it('a message of a step refused for good is answered as such, and the others go out', async () => {
    const server = await refusingServer([{ code: 550, message: 'mailbox unavailable' }]);
    const mailer = createMailer({ smtpUrl: `${server.url}?maxConnections=1`, from }, store.mailLog);
    try {
      const [refused, ...others] = await mailer.sendAll([mail(), mail(), mail()]);
      expect(refused).toBeInstanceOf(PermanentMailError);
      expect(others).toEqual(['sent', 'sent']);
      expect(server.accepted()).toBe(2);
    } finally {
      mailer.close();
      await server.stop();
    }
  });
});
