/**
 * The web application's sessions against the real stack: the cookie's attributes, cross-site
 * and token-less form posts refused without changing anything, sign-out ending the session on
 * the server, a person removed from the roster losing their session, and a signed-out visit to
 * a programme passing through sign-in and landing back on it (in Chromium).
 */
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../../domain/roles.js';
import { itemKeys } from '../../store/table.js';
import { url } from '../support/api.js';
import { launchChromium, newContext } from '../support/browser.js';
import { program, propose } from '../support/flow.js';
import { apiOrigin, stack } from '../support/stack.js';
import { openDocClient, openStore } from '../support/store.js';

/** Signs in through the development form as a same-origin browser would; returns the session cookie. */
async function devSession(personId: string): Promise<string> {
  const res = await fetch(url('/masuk/dev'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: apiOrigin() },
    body: new URLSearchParams({ orang: personId, ke: '/tugas' }),
    redirect: 'manual',
  });
  expect(res.status).toBe(303);
  const cookie = res.headers.get('set-cookie') ?? '';
  expect(cookie).toMatch(/^alur_sesi=/);
  return cookie;
}

const cookieHeader = (setCookie: string) => setCookie.split(';')[0]!;

async function page(path: string, setCookie: string): Promise<{ status: number; location: string | null; html: string }> {
  const res = await fetch(url(path), { headers: { Cookie: cookieHeader(setCookie) }, redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location'), html: await res.text() };
}

/** The hidden fields of the programme page's decision form. */
function formFields(html: string): { _csrf: string; permintaan: string; tahap: string } {
  const value = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1] ?? '';
  return { _csrf: value('_csrf'), permintaan: value('permintaan'), tahap: value('tahap') };
}

async function approve(programId: string, setCookie: string, headers: Record<string, string>, fields: Record<string, string>) {
  return fetch(url(`/program/${programId}/tindakan`), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookieHeader(setCookie), ...headers },
    body: new URLSearchParams({ ...fields, aksi: 'approve', komentar: '' }),
    redirect: 'manual',
  });
}

describe('session cookie', () => {
  it('is HttpOnly and SameSite=Lax, and not Secure on a localhost address only', async () => {
    const cookie = await devSession('pemantau');
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(new URL(stack().api).hostname).toBe('127.0.0.1');
    expect(cookie).not.toMatch(/Secure/i);
  });
});

describe('form posts', () => {
  let programId: string;
  let reviewer: string;
  let fields: ReturnType<typeof formFields>;

  beforeAll(async () => {
    programId = (await propose()).id;
    reviewer = await devSession('reviewer-kominfo-1');
    fields = formFields((await page(`/program/${programId}`, reviewer)).html);
    expect(fields._csrf).not.toBe('');
  });

  it('refuses a post from another site (Origin) and changes nothing', async () => {
    const res = await approve(programId, reviewer, { Origin: 'https://evil.example' }, fields);
    expect(res.status).toBe(403);
    expect((await program(programId)).stage).toBe('diskominfo_review');
  });

  it('refuses a post a browser marks cross-site, whatever its Origin says', async () => {
    const res = await approve(programId, reviewer, { Origin: apiOrigin(), 'Sec-Fetch-Site': 'cross-site' }, fields);
    expect(res.status).toBe(403);
    expect((await program(programId)).stage).toBe('diskominfo_review');
  });

  it("refuses a same-origin post without the session's token", async () => {
    const res = await approve(programId, reviewer, { Origin: apiOrigin() }, { ...fields, _csrf: 'x'.repeat(43) });
    expect(res.status).toBe(403);
    expect((await program(programId)).stage).toBe('diskominfo_review');
  });

  it('accepts a same-origin post with Origin: null, as a no-referrer page makes browsers send', async () => {
    const res = await approve(programId, reviewer, { Origin: 'null', 'Sec-Fetch-Site': 'same-origin' }, fields);
    expect(res.status).toBe(303);
    expect((await program(programId)).stage).toBe('sekda_approval');
  });

  it('acts once when the same form is sent twice', async () => {
    const again = await approve(programId, reviewer, { Origin: apiOrigin() }, fields);
    expect(again.status).toBe(303);
    const decided = (await program(programId)).timeline.filter((e) => e.type === 'decided');
    expect(decided).toHaveLength(1);
  });
});

describe('ending sessions', () => {
  it('sign-out deletes the session: the old cookie opens nothing', async () => {
    const cookie = await devSession('pemantau');
    const { html } = await page('/tugas', cookie);
    const res = await fetch(url('/keluar'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookieHeader(cookie), Origin: apiOrigin() },
      body: new URLSearchParams({ _csrf: formFields(html)._csrf }),
      redirect: 'manual',
    });
    expect(res.status).toBe(303);
    const after = await page('/tugas', cookie);
    expect(after.status).toBe(303);
    expect(after.location).toBe('/masuk?ke=%2Ftugas');
  });

  it('a person removed from the roster loses their session at once', async () => {
    const store = openStore();
    const { doc, close } = openDocClient();
    try {
      const person: Person = {
        id: `sementara-${Date.now()}`,
        name: 'Pegawai Sementara',
        email: 'sementara@solselkab.example',
        title: 'Staf',
        roles: ['viewer'],
        opdId: null,
      };
      await store.roster.putPerson(person);
      const cookie = await devSession(person.id);
      expect((await page('/tugas', cookie)).status).toBe(200);
      await doc.send(new DeleteCommand({ TableName: stack().tableName, Key: itemKeys.person(person.id) }));
      expect((await page('/tugas', cookie)).location).toBe('/masuk?ke=%2Ftugas');
      expect(await store.sessions.deleteAllOf(person.id)).toBe(0);
    } finally {
      close();
      store.close();
    }
  });
});

describe('signed out', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("a programme's address passes through sign-in and lands back on the programme", async () => {
    const { id } = await propose();
    const context = await newContext(browser);
    const tab = await context.newPage();
    await tab.goto(`/program/${id}`);
    await tab.waitForURL('**/masuk?ke=*');
    await tab.getByRole('button', { name: 'Masuk sebagai Hendra Gunawan, S.H.' }).click();
    await tab.waitForURL(`**/program/${id}`);
    expect(await tab.getByRole('heading', { level: 1 }).count()).toBe(1);
    await context.close();
  });
});
