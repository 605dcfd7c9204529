/**
 * Sign-in links are mailed by the worker (workflows/sign-in-link-workflow.ts): the API only
 * records the request. A retried activity mails the same link, once.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { createMailer } from '../../mail/mailer.js';
import { deriveSignInToken } from '../../security/link-tokens.js';
import type { Store } from '../../store/index.js';
import { listMail, settledMail, tokenOf, waitForMail, waitForMails } from '../support/mailbox.js';
import { stack } from '../support/stack.js';
import { openStore } from '../support/store.js';
import { signInRequestsPerWindow } from '../../api/web/sign-in.js';

const registered = 'rina.aptika@solselkab.example';
const signInLink = /https?:\/\/[^\s"'<>]+\/masuk\/[A-Za-z0-9_-]{43}/;
const requestIdIn = (messageId: string | null) => /alur\.signin\.([0-9a-f-]{36})\./.exec(messageId ?? '')?.[1];

async function askForLink(email: string): Promise<Response> {
  return fetch(new URL('/masuk', stack().api), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    body: new URLSearchParams({ email, ke: '/tugas' }),
    redirect: 'manual',
  });
}

let store: Store;
beforeAll(() => {
  store = openStore();
});
afterAll(() => store.close());

describe('sign-in link email', () => {
  it('arrives through the worker with a link that opens the sign-in page', async () => {
    expect((await askForLink(registered)).status).toBe(200);

    const mail = await waitForMail({ to: registered, messageId: /alur\.signin\./ });
    const link = signInLink.exec(mail.text)?.[0];

    expect(link).toBeDefined();
    expect((await fetch(link!)).status).toBe(200);
  });

  it('is not sent again, nor with another link, when its activity is retried', async () => {
    const signInMail = { to: registered, messageId: /alur\.signin\./ };
    const before = await listMail(signInMail);
    await askForLink(registered);
    const mail = (await waitForMails(signInMail, before.length + 1)).find((m) => !before.some((b) => b.id === m.id));
    const requestId = requestIdIn(mail!.messageId);
    const mailed = tokenOf(signInLink.exec(mail!.text)![0]);
    const mailer = createMailer({ smtpUrl: stack().smtpUrl, from: 'alur <alur@solselkab.example>' }, store.mailLog);
    const activities = createActivities({ store, mailer, linkSecret: stack().linkSecret, publicBaseUrl: stack().api, linkTtlDays: 30 });

    try {
      // Run as Temporal runs an activity attempt (with an activity context), against the real store and relay.
      expect(await new MockActivityEnvironment().run(() => activities.sendSignInLink({ requestId: requestId! }))).toBe('sent');
    } finally {
      mailer.close();
    }

    expect(deriveSignInToken(stack().linkSecret, requestId!)).toBe(mailed);
    expect(await settledMail({ to: registered, messageId: new RegExp(`alur\\.signin\\.${requestId!}\\.`) })).toHaveLength(1);
  });

  it('answers an address outside the roster exactly as a registered one, and mails nothing', async () => {
    const known = await (await askForLink(registered)).text();
    const unknown = await (await askForLink('tidak.terdaftar@solselkab.example')).text();

    expect(unknown.replaceAll('tidak.terdaftar@solselkab.example', registered)).toBe(known);
    expect(await settledMail({ to: 'tidak.terdaftar@solselkab.example' })).toHaveLength(0);
  });

  // Last in this file: it spends this client's allowance for the next 15 minutes.
  it('refuses a client that asks for more links than allowed in 15 minutes with a 429 page', async () => {
    for (let i = 0; i < signInRequestsPerWindow; i++) await askForLink(`batas.${i}@solselkab.example`);

    const refused = await askForLink(registered);

    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.text()).toContain('Terlalu banyak permintaan');
  });
});
