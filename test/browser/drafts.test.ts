/**
 * OPD staff prepare, the Kepala OPD submits (docs/product.md §8), in Chromium against the real
 * stack: the staff member's form saves a draft and cannot submit; the Kepala OPD finds the
 * draft in "Tugas saya", opens it prefilled and submits it as the proposer.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, fillIndicator, launchChromium, signedInByDevButton } from '../support/browser.js';
import { program } from '../support/flow.js';

let browser: Browser;
const contexts: BrowserContext[] = [];
const title = `Sistem antrean puskesmas ${Date.now()}`;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
});

const signedIn = (name: string): Promise<Page> => signedInByDevButton(browser, contexts, name);

describe('drafts by OPD staff', () => {
  it('lets a staff member save an incomplete draft but not submit it', async () => {
    const page = await signedIn('Ilham Pratama, S.K.M.');
    await page.goto('/program/baru');
    expect(await page.getByRole('button', { name: 'Ajukan usulan' }).count()).toBe(0);
    await page.getByLabel('Judul program').fill(title);
    await page.getByLabel('Nama indikator').fill('Waktu tunggu rata-rata');
    await page.getByRole('button', { name: 'Simpan draf' }).click();
    await page.getByText('Draf tersimpan.').waitFor();
    expect(await page.getByLabel('Judul program').inputValue()).toBe(title);
    expect(await page.getByLabel('Nama indikator').inputValue()).toBe('Waktu tunggu rata-rata');
    await checkPage(page, 'draf-tersimpan');
  });

  it('shows the draft to the Kepala OPD, who completes and submits it', async () => {
    const page = await signedIn('dr. Novi Hendrawati, M.K.M.');
    await page.getByRole('link', { name: title }).click();
    await page.waitForURL('**/program/draf/*');
    expect(await page.getByText('Disiapkan oleh Ilham Pratama, S.K.M.').count()).toBe(1);
    await page.getByLabel('Ringkasan').fill('Antrean daring untuk puskesmas agar pasien tidak menunggu lama.');
    await page.getByLabel(/^Dimensi/).selectOption('living');
    await page.getByLabel('Sub-dimensi').selectOption('living.kesehatan');
    await page.getByLabel('Anggaran (Rp)').fill('80000000');
    await page.getByLabel('Tanggal mulai').fill('2027-01-04');
    await page.getByLabel('Tanggal selesai').fill('2027-12-31');
    await fillIndicator(page.getByRole('group', { name: 'Indikator 1', exact: true }), { unit: 'menit', target: '15', baseline: ['45', '2026'] });
    await page.getByRole('button', { name: 'Ajukan usulan' }).click();
    await page.waitForURL(/\/program\/[a-f0-9]{20}\?/);

    const id = /\/program\/([a-f0-9]{20})/.exec(page.url())![1]!;
    const proposed = await program(id);
    expect(proposed.proposer.userId).toBe('kadis-kesehatan');
    await page.goto('/tugas');
    expect(await page.getByRole('link', { name: title }).count()).toBe(0);
  });
});
