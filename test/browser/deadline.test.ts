/**
 * The secretariat extends a waiting stage's deadline from the programme page, in Chromium
 * against the real stack: the same Update as the API's deadline route, seen through the API.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, wibDate } from '../../domain/calendar.js';
import { as } from '../support/api.js';
import { checkPage, launchChromium, newContext } from '../support/browser.js';
import { propose } from '../support/flow.js';

let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchChromium();
  context = await newContext(browser);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

describe('extending a deadline on the programme page', () => {
  it('lets the secretariat move the review deadline, recorded as the API records it', async () => {
    const { id } = await propose('kadis-kesehatan');
    const dueDate = addDays(wibDate(new Date()), 60);
    const page = await context.newPage();
    await page.goto('/masuk');
    await page.getByRole('button', { name: 'Masuk sebagai Nurhayati, S.Sos.' }).click();
    await page.waitForURL('**/tugas');

    await page.goto(`/program/${id}`);
    await page.getByText('Perpanjang batas waktu', { exact: true }).first().click();
    await page.getByLabel('Batas waktu baru').fill(dueDate);
    await page.getByLabel('Alasan').first().fill('Tim peninjau sedang bertugas di luar daerah.');
    await page.getByRole('button', { name: 'Perpanjang batas waktu' }).click();
    await page.getByText('Batas waktu tahap ini telah diperpanjang.').waitFor();
    await checkPage(page, 'program-batas-diperpanjang');

    const events = await as<{ items: { type: string }[] }>('sekretariat-1', 'GET', `/v1/programs/${id}/events`);
    expect(events.body.items.map((e) => e.type)).toContain('deadline_extended');
  });
});
