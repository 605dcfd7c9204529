/**
 * The secretariat records an acting official (Plh.) on its page, in Chromium against the real
 * stack: a refused form names its problems and keeps what was typed; a good one is recorded
 * (the API lists it) and can be revoked, each change shown with who made it; other people may
 * not open the page.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wibDate, addDays } from '../../domain/calendar.js';
import { as } from '../support/api.js';
import { checkPage, launchChromium, signedInByDevButton } from '../support/browser.js';

let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
});

const signedIn = (name: string): Promise<Page> => signedInByDevButton(browser, contexts, name);

const basis = `SK Bupati Nomor ${Date.now()}/KPTS/2026`;

describe('acting officials page', () => {
  it('refuses an incomplete form, then records a Plh. for the secretariat', async () => {
    const page = await signedIn('Nurhayati, S.Sos.');
    await page.getByRole('link', { name: 'Plt./Plh.' }).click();
    await page.waitForURL('**/delegasi');
    await page.getByLabel('Nomor SK').fill(basis);
    await page.getByRole('button', { name: 'Catat penunjukan' }).click();
    await page.getByRole('heading', { name: 'Terdapat masalah' }).waitFor();
    expect(await page.getByLabel('Nomor SK').inputValue()).toBe(basis);
    await checkPage(page, 'delegasi-ditolak');

    const today = wibDate(new Date());
    await page.getByLabel('Pejabat').selectOption('kadis-pariwisata');
    await page.getByLabel('Pelaksana').selectOption('staf-pariwisata');
    await page.getByLabel('Tanggal mulai').fill(today);
    await page.getByLabel('Tanggal selesai').fill(addDays(today, 5));
    await page.getByRole('button', { name: 'Catat penunjukan' }).click();
    await page.getByText('Penunjukan telah dicatat').waitFor();
    await checkPage(page, 'delegasi-dicatat');

    const listed = await as<{ items: { basis: string; kind: string; delegateId: string }[] }>('sekretariat-1', 'GET', '/v1/delegations');
    expect(listed.body.items.find((d) => d.basis === basis)).toMatchObject({ kind: 'plh', delegateId: 'staf-pariwisata' });
  });

  it('lets the secretariat revoke the Plh. it recorded, as the API would', async () => {
    const page = await signedIn('Nurhayati, S.Sos.');
    await page.goto('/delegasi');

    await page.getByRole('button', { name: 'Cabut penunjukan Melati Putri, S.Par.' }).click();
    await page.getByText('Penunjukan telah dicabut').waitFor();
    await checkPage(page, 'delegasi-dicabut');

    const listed = await as<{ items: { basis: string; revokedAt: string | null; active: boolean }[] }>('sekretariat-1', 'GET', '/v1/delegations');
    expect(listed.body.items.find((d) => d.basis === basis)).toMatchObject({ active: false, revokedAt: expect.any(String) as string });
    expect(await page.getByRole('button', { name: 'Cabut penunjukan Melati Putri, S.Par.' }).count()).toBe(0);
  });

  it('shows the recording and the revocation in the change history: who, and the standing before and after', async () => {
    const page = await signedIn('Nurhayati, S.Sos.');
    await page.goto('/delegasi');
    const rows = page.getByRole('table', { name: 'Riwayat perubahan penunjukan' }).getByRole('row').filter({ hasText: basis });
    const cells = async (i: number) => (await rows.nth(i).getByRole('cell').allInnerTexts()).slice(1);
    expect(await rows.count()).toBe(2);
    // Newest first.
    expect(await cells(0)).toEqual(['Nurhayati, S.Sos.', expect.stringMatching(/: dicabut \(sebelumnya tercatat; sesudahnya dicabut\)$/) as string]);
    expect(await cells(1)).toEqual(['Nurhayati, S.Sos.', expect.stringMatching(/: dicatat \(sebelumnya belum ada; sesudahnya tercatat\)$/) as string]);
  });

  it('is the secretariat’s only', async () => {
    const page = await signedIn('Hendra Gunawan, S.H.');
    expect(await page.getByRole('link', { name: 'Plt./Plh.' }).count()).toBe(0);
    const res = await page.goto('/delegasi');
    expect(res?.status()).toBe(403);
  });
});
