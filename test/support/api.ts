/**
 * HTTP helpers for the end-to-end tier: everything goes through the API over real HTTP.
 * `sessionFor(userId)` signs in through POST /dev/session (cached per user), `call` sends a
 * JSON request and returns status, headers and the parsed body.
 */
import { apiOrigin, stack } from './stack.js';

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON when the answer is JSON (problem+json included), else the raw text. */
  body: T;
  text: string;
}

/** A JSON object whose shape the test does not declare: read fields and let assertions judge them. */
export type Json = Record<string, unknown>;

export function url(path: string): string {
  return new URL(path, stack().api).toString();
}

async function toResponse<T>(res: Response): Promise<ApiResponse<T>> {
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  let body: unknown = text;
  if (/json/.test(type) && text !== '') body = JSON.parse(text);
  return { status: res.status, headers: res.headers, body: body as T, text };
}

export interface CallOptions {
  token?: string | null;
  /** Sent as JSON unless `rawBody` is given. */
  json?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

/** A request to the API; JSON in, JSON out. */
export async function call<T = Json>(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  } else if (options.rawBody !== undefined) {
    body = options.rawBody;
  }
  return toResponse<T>(await fetch(url(path), { method, headers, body, redirect: 'manual' }));
}

const sessions = new Map<string, Promise<string>>();

/** A bearer token for a roster user, from POST /dev/session. */
export function sessionFor(userId: string): Promise<string> {
  let token = sessions.get(userId);
  if (!token) {
    token = call<Json>('POST', '/dev/session', { json: { userId } }).then((r) => {
      if (r.status !== 200 || typeof r.body['token'] !== 'string') throw new Error(`POST /dev/session for ${userId}: ${r.status} ${r.text}`);
      return r.body['token'];
    });
    sessions.set(userId, token);
    token.catch(() => sessions.delete(userId));
  }
  return token;
}

/** A JSON request as a roster user. */
export async function as<T = Json>(userId: string, method: string, path: string, options: Omit<CallOptions, 'token'> = {}): Promise<ApiResponse<T>> {
  return call<T>(method, path, { ...options, token: await sessionFor(userId) });
}

export interface RosterPerson {
  id: string;
  name: string;
  email: string;
  title: string;
  roles: string[];
  opdId: string | null;
}

let roster: Promise<RosterPerson[]> | undefined;

/** The seeded people, from GET /dev/roster. */
export function people(): Promise<RosterPerson[]> {
  roster ??= call<{ people: RosterPerson[] }>('GET', '/dev/roster').then((r) => {
    if (r.status !== 200) throw new Error(`GET /dev/roster: ${r.status} ${r.text}`);
    return r.body.people;
  });
  return roster;
}

export async function person(userId: string): Promise<RosterPerson> {
  const found = (await people()).find((p) => p.id === userId);
  if (!found) throw new Error(`nobody with id ${userId} in the roster`);
  return found;
}

export async function emailOf(userId: string): Promise<string> {
  return (await person(userId)).email;
}

// ---- emailed links ----

export interface LinkOptions {
  /** Ask for JSON (Accept: application/json) instead of the HTML page. */
  json?: boolean;
  /** Send the API's own origin (as its form would); false sends no Origin header. */
  origin?: string | false;
  headers?: Record<string, string>;
}

/** Opens an emailed link (GET). */
export async function openLink<T = Json>(link: string, options: LinkOptions = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { accept: options.json ? 'application/json' : 'text/html', ...options.headers };
  return toResponse<T>(await fetch(link, { headers, redirect: 'manual' }));
}

/** Submits the link's form, as a browser would: form-encoded, with the page's Origin. */
export async function submitLink<T = Json>(link: string, form: Record<string, string>, options: LinkOptions = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = {
    accept: options.json === false ? 'text/html' : 'application/json',
    'content-type': 'application/x-www-form-urlencoded',
    ...options.headers,
  };
  const origin = options.origin === undefined ? apiOrigin() : options.origin;
  if (origin !== false) headers['origin'] = origin;
  return toResponse<T>(await fetch(link, { method: 'POST', headers, body: new URLSearchParams(form).toString(), redirect: 'manual' }));
}
