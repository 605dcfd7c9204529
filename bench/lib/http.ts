/**
 * A lean HTTP/1.1 client for load on loopback: keep-alive sockets, no fetch overhead, and the
 * time of every request measured from the first byte written to the last byte read.
 */
import http from 'node:http';

export const agent = new http.Agent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 512 });

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** Milliseconds from sending to the end of the body. */
  ms: number;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

export function request(method: string, url: string, options: RequestOptions = {}): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const u = new URL(url);
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
    const req = http.request(
      { method, hostname: u.hostname, port: u.port, path: `${u.pathname}${u.search}`, headers, agent, timeout: options.timeoutMs ?? 120_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`request timed out after ${options.timeoutMs ?? 120_000} ms`)));
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

export function jsonOf<T = Record<string, unknown>>(r: HttpResponse): T {
  try {
    return JSON.parse(r.text) as T;
  } catch {
    throw new Error(`expected JSON, got ${r.status}: ${r.text.slice(0, 200)}`);
  }
}

/** A client of the alur API as roster users (dev sign-in, cached tokens). */
export class ApiClient {
  private readonly tokens = new Map<string, Promise<string>>();

  constructor(public base: string) {}

  url(path: string): string {
    return `${this.base}${path}`;
  }

  session(userId: string): Promise<string> {
    let t = this.tokens.get(userId);
    if (!t) {
      t = request('POST', this.url('/dev/session'), { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId }) }).then((r) => {
        if (r.status !== 200) throw new Error(`POST /dev/session ${userId}: ${r.status} ${r.text.slice(0, 200)}`);
        return jsonOf<{ token: string }>(r).token;
      });
      this.tokens.set(userId, t);
      t.catch(() => this.tokens.delete(userId));
    }
    return t;
  }

  async as(userId: string, method: string, path: string, json?: unknown, headers: Record<string, string> = {}): Promise<HttpResponse> {
    const token = await this.session(userId);
    return request(method, this.url(path), {
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${token}`,
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
  }

  /** POST /act/<token> as the link's form would send it (form-encoded, the API's own Origin), asking for JSON. */
  act(link: string, form: Record<string, string>): Promise<HttpResponse> {
    const u = new URL(link);
    return request('POST', this.url(u.pathname), {
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', origin: new URL(this.base).origin },
      body: new URLSearchParams(form).toString(),
    });
  }
}
