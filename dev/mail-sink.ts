// Local email: the app sends real SMTP through nodemailer (exactly as in production), and this
// sink accepts everything, keeps it, and shows it on a small web page so a person can open the
// approval links, and as JSON so end-to-end tests can read (and count) what was sent.
import { readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import type { SMTPServerDataStream, SMTPServerSession } from 'smtp-server';

export interface StoredMessage {
  /** Sequence number as a string, in order of arrival; also the .eml file name. */
  id: string;
  messageId: string | null;
  /** The From header as written, falling back to the envelope sender. */
  from: string;
  /** Envelope recipients (RCPT TO): who the mail was delivered to, Bcc included. */
  to: string[];
  subject: string;
  /** Date header (ISO), or the time of arrival when the header is missing or invalid. */
  date: string;
  receivedAt: string;
  text: string;
  html: string | null;
  /** Raw (still encoded) header values by lower-case name; repeated headers joined by "\n". */
  headers: Record<string, string>;
  /** Size of the message as received, in bytes. */
  size: number;
}

export interface MailSink {
  /** Value for SMTP_URL. */
  smtpUrl: string;
  mailboxUrl: string;
  /** Oldest first. */
  messages(): StoredMessage[];
  stop(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;
// The envelope is not part of the message, so it is kept as one first line of the .eml file;
// the file stays a valid message that any mail client can open.
const ENVELOPE_HEADER = 'X-Alur-Envelope: ';

interface Envelope {
  from: string;
  to: string[];
  receivedAt: string;
}

export async function startMailSink(opts: {
  /** 0 picks a free port. */
  smtpPort: number;
  /** 0 picks a free port. */
  httpPort: number;
  /** Folder for <n>.eml copies that survive a restart; memory only when omitted. */
  dir?: string;
  /**
   * Addresses refused for good at RCPT TO (550), as a mail server refuses a mistyped or
   * unverified address: to see that one bad address in the roster stops nothing else.
   */
  refuseRecipients?: readonly string[];
}): Promise<MailSink> {
  const refused = new Set((opts.refuseRecipients ?? []).map((a) => a.toLowerCase()));
  const stored = new Map<number, StoredMessage>();
  let nextId = 1;

  if (opts.dir !== undefined) {
    await mkdir(opts.dir, { recursive: true });
    for (const name of await readdir(opts.dir)) {
      const match = /^(\d+)\.eml$/.exec(name);
      if (!match) continue;
      const id = Number(match[1]);
      const file = await readFile(join(opts.dir, name));
      const { envelope, raw } = splitEnvelope(file);
      stored.set(id, await toStoredMessage(String(id), envelope, raw));
      nextId = Math.max(nextId, id + 1);
    }
  }

  const receive = async (raw: Buffer, session: SMTPServerSession): Promise<void> => {
    const envelope: Envelope = {
      from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
      to: session.envelope.rcptTo.map((r) => r.address),
      receivedAt: new Date().toISOString(),
    };
    const message = await toStoredMessage('pending', envelope, raw);
    // Taken synchronously after the await so concurrent sessions never share a number.
    const id = nextId++;
    message.id = String(id);
    if (opts.dir !== undefined) {
      // JSON escapes control characters, and \u-escaping the rest keeps the header line ASCII.
      const line = ENVELOPE_HEADER + JSON.stringify(envelope).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      await writeFile(join(opts.dir, `${id}.eml`), Buffer.concat([Buffer.from(`${line}\r\n`), raw]));
    }
    // Only now is the message kept, and only then does the client get its 250: a duplicate in
    // the mailbox therefore really was sent twice, which is what tests look for.
    stored.set(id, message);
  };

  const smtp = new SMTPServer({
    // A local sink: plain TCP, and any (or no) credentials, so a production-shaped SMTP_URL with
    // user:password works against it too.
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'anonymous' }),
    size: MAX_MESSAGE_BYTES,
    logger: false,
    closeTimeout: 1000,
    onRcptTo(address, _session, callback) {
      if (refused.has(address.address.toLowerCase())) callback(Object.assign(new Error(`No such user here: ${address.address}`), { responseCode: 550 }));
      else callback();
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(Object.assign(new Error('Message exceeds the 10 MB limit'), { responseCode: 552 }));
          return;
        }
        receive(Buffer.concat(chunks), session).then(
          () => callback(),
          (err: unknown) => callback(Object.assign(new Error(`Could not store message: ${String(err)}`), { responseCode: 451 })),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.server.once('error', reject);
    smtp.listen(opts.smtpPort, '127.0.0.1', () => {
      smtp.server.off('error', reject);
      resolve();
    });
  });
  // Errors after start-up (a client resetting its connection) must not crash the app.
  smtp.on('error', () => {});

  const messages = (): StoredMessage[] => [...stored.entries()].sort(([a], [b]) => a - b).map(([, m]) => m);
  const app = mailboxApp(messages, async () => {
    const ids = [...stored.keys()];
    stored.clear();
    if (opts.dir !== undefined) {
      const dir = opts.dir;
      await Promise.all(ids.map((id) => rm(join(dir, `${id}.eml`), { force: true })));
    }
    return ids.length;
  });

  const http = serve({ fetch: app.fetch, port: opts.httpPort, hostname: '127.0.0.1' });
  try {
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.once('listening', () => {
        http.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    await new Promise<void>((resolve) => smtp.close(resolve));
    throw err;
  }

  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const httpPort = (http.address() as AddressInfo).port;
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    mailboxUrl: `http://127.0.0.1:${httpPort}/`,
    messages,
    stop: async () => {
      await Promise.all([
        new Promise<void>((resolve) => smtp.close(resolve)),
        new Promise<void>((resolve, reject) => {
          http.close((err) => (err ? reject(err) : resolve()));
          // A browser's keep-alive connection would otherwise hold close() open.
          if ('closeIdleConnections' in http) http.closeIdleConnections();
        }),
      ]);
    },
  };
}

function splitEnvelope(file: Buffer): { envelope: Envelope; raw: Buffer } {
  const end = file.indexOf('\r\n');
  const first = file.subarray(0, Math.max(end, 0)).toString('latin1');
  if (end < 0 || !first.startsWith(ENVELOPE_HEADER)) {
    // A message dropped into the folder by hand: no envelope, so no recipients.
    return { envelope: { from: '', to: [], receivedAt: new Date(0).toISOString() }, raw: file };
  }
  return { envelope: JSON.parse(first.slice(ENVELOPE_HEADER.length)) as Envelope, raw: file.subarray(end + 2) };
}

async function toStoredMessage(id: string, envelope: Envelope, raw: Buffer): Promise<StoredMessage> {
  const parsed = await simpleParser(raw, { skipImageLinks: true });
  const headers: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    const value = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    headers[key] = headers[key] === undefined ? value : `${headers[key]}\n${value}`;
  }
  return {
    id,
    messageId: parsed.messageId ?? null,
    from: parsed.from?.text || envelope.from,
    to: envelope.to,
    subject: parsed.subject ?? '',
    date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date.toISOString() : envelope.receivedAt,
    receivedAt: envelope.receivedAt,
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : null,
    headers,
    size: raw.length,
  };
}

function mailboxApp(messages: () => StoredMessage[], clear: () => Promise<number>): Hono {
  const app = new Hono();
  // The mailbox changes with every mail sent; a cached page would hide the newest one.
  app.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  app.get('/', (c) => {
    const rows = messages()
      .reverse()
      .map(
        (m) =>
          `<tr><td>${escapeHtml(formatDate(m.receivedAt))}</td><td>${escapeHtml(m.from)}</td>` +
          `<td>${escapeHtml(m.to.join(', '))}</td><td><a href="/messages/${encodeURIComponent(m.id)}">${escapeHtml(m.subject || '(tanpa perihal)')}</a></td></tr>`,
      )
      .join('\n');
    const body = rows
      ? `<table><thead><tr><th>Diterima</th><th>Dari</th><th>Kepada</th><th>Perihal</th></tr></thead><tbody>\n${rows}\n</tbody></table>`
      : '<p>Belum ada surat.</p>';
    return c.html(page('Kotak surat', `<h1>Kotak surat (pengembangan)</h1>\n${body}`));
  });

  app.get('/messages/:id', (c) => {
    const m = messages().find((x) => x.id === c.req.param('id'));
    if (!m) return c.html(page('Tidak ditemukan', '<p>Surat tidak ditemukan. <a href="/">Kembali</a></p>'), 404);
    const meta = [
      ['Dari', m.from],
      ['Kepada', m.to.join(', ')],
      ['Perihal', m.subject],
      ['Tanggal', formatDate(m.date)],
      ['Message-ID', m.messageId ?? '-'],
    ]
      .map(([k, v]) => `<tr><th>${escapeHtml(k ?? '')}</th><td>${escapeHtml(v ?? '')}</td></tr>`)
      .join('\n');
    // The HTML part runs with no scripts, forms or same-origin access; links open in a new tab
    // (allow-popups) so a reader can still follow an approval link, which only shows a page.
    const html =
      m.html === null
        ? ''
        : `<h2>HTML</h2>\n<iframe sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${escapeHtml(`<base target="_blank">${m.html}`)}"></iframe>`;
    return c.html(
      page(m.subject || 'Surat', `<p><a href="/">&larr; Kembali</a></p>\n<table>${meta}</table>\n<h2>Teks</h2>\n<pre>${linkify(m.text)}</pre>\n${html}`),
    );
  });

  app.get('/api/messages', (c) => {
    const to = c.req.query('to')?.toLowerCase();
    const all = messages();
    return c.json(to === undefined ? all : all.filter((m) => m.to.some((r) => r.toLowerCase() === to)));
  });

  app.delete('/api/messages', async (c) => c.json({ deleted: await clear() }));

  return app;
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; }
table { border-collapse: collapse; }
th, td { text-align: left; padding: .3rem .8rem; border-bottom: 1px solid #ddd; vertical-align: top; }
pre { white-space: pre-wrap; background: #f6f6f6; padding: 1rem; }
iframe { width: 100%; height: 70vh; border: 1px solid #ccc; }
</style>
</head>
<body>
${body}
</body>
</html>`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

// Approval mails carry their links in the text part too; make them clickable without ever
// putting unescaped text into the page.
function linkify(text: string): string {
  return text
    .split(/(https?:\/\/[^\s<>"']+)/)
    .map((part, i) => (i % 2 === 1 ? `<a href="${escapeHtml(part)}" target="_blank" rel="noreferrer">${escapeHtml(part)}</a>` : escapeHtml(part)))
    .join('');
}

function formatDate(iso: string): string {
  // Readers are in WIB (UTC+7, no daylight saving).
  return `${new Date(Date.parse(iso) + 7 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')} WIB`;
}
