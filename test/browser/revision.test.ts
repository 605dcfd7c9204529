/**
 * "Minta perbaikan" and what follows, in Chromium against the real stack: a request for changes
 * needs a note; the OPD sees the note, revises in the same form prefilled, resubmits ("Ajukan
 * ulang"), the page shows what changed between the versions, and the OPD withdraws it.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, launchChromium, newContext } from '../support/browser.js';
import { program, propose } from '../support/flow.js';

let browser: Browser;
const contexts: BrowserContext[] = [];
let programId: string;
let title: string;

beforeAll(async () => {
  browser = await launchChromium();
  const proposed = await propose('kadis-kesehatan');
  programId = proposed.id;
  title = proposed.proposal.title;
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
});

async function signedIn(name: string): Promise<Page> {
  const context = await newContext(browser);
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`/masuk?ke=${encodeURIComponent(`/program/${programId}`)}`);
  await page.getByRole('button', { name: `Masuk sebagai ${name}` }).click();
  await page.waitForURL(`**/program/${programId}`);
  return page;
}

const note = 'Lengkapi target per tahun dan perjelas judulnya.';

describe('revising a proposal after "Minta perbaikan"', () => {
  it('refuses a request for changes without a note, then records it with one', async () => {
    const page = await signedIn('Andi Saputra, S.Kom.');
    await page.getByRole('button', { name: 'Minta perbaikan' }).click();
    await page.getByText('Tuliskan catatan').waitFor();
    expect((await program(programId)).stage).toBe('diskominfo_review');
    await checkPage(page, 'program-catatan-kosong');

    await page.getByLabel('Catatan').fill(note);
    await page.getByRole('button', { name: 'Minta perbaikan' }).click();
    await page.getByText('Permintaan perbaikan Anda telah tercatat').waitFor();
    expect((await program(programId)).stage).toBe('revision');
  });

  it("shows the OPD the reviewer's note and the same form prefilled, and resubmits", async () => {
    const page = await signedIn('dr. Novi Hendrawati, M.K.M.');
    expect(await page.getByText(note).count()).toBeGreaterThan(0);
    await page.getByRole('link', { name: 'Perbaiki usulan' }).click();
    await page.waitForURL('**/perbaikan');
    expect(await page.getByLabel('Judul program').inputValue()).toBe(title);
    expect(await page.getByText(note).count()).toBe(1);
    await checkPage(page, 'perbaikan');

    await page.getByLabel('Judul program').fill(`${title} (perbaikan)`);
    await page.getByRole('button', { name: 'Ajukan ulang' }).click();
    await page.getByText('Usulan perbaikan telah diajukan ulang.').waitFor();
    expect((await program(programId)).stage).toBe('diskominfo_review');
    expect(await page.getByText('Yang berubah: Judul program.').count()).toBe(1);
  });

  it('lets the OPD withdraw the proposal with a reason', async () => {
    const page = await signedIn('dr. Novi Hendrawati, M.K.M.');
    await page.getByText('Tarik usulan', { exact: true }).first().click();
    await page.getByLabel('Alasan').fill('Anggaran dialihkan ke program lain.');
    await page.getByRole('button', { name: 'Tarik usulan' }).click();
    await page.getByText('Usulan telah ditarik.').waitFor();
    expect((await program(programId)).stage).toBe('withdrawn');
    expect(await page.getByRole('button', { name: 'Tarik usulan' }).count()).toBe(0);
  });
});
