/**
 * One programme from proposal to its first progress report, in Chromium against the real stack
 * (Temporal, dynalite, SMTP sink, worker, API): signing in by an emailed link read from the dev
 * mailbox, a refused proposal form then a good one, review and Sekda approval in the app,
 * signing by each signer, a report, signing out. Every page passes axe-core and does not
 * scroll sideways at 390 px. The steps run in order and share the programme.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, fillIndicator, launchChromium, newContext } from '../support/browser.js';
import { waitForMail } from '../support/mailbox.js';

let browser: Browser;
let proposer: BrowserContext;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

const signInLinkPattern = /https?:\/\/[^\s"'<>]+\/masuk\/[A-Za-z0-9_-]{43}/;

/** A new browser profile signed in through the development buttons (ALUR_DEV_LOGIN=1 in the test stack). */
async function signedIn(name: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto('/masuk');
  await page.getByRole('button', { name: `Masuk sebagai ${name}` }).click();
  await page.waitForURL('**/tugas');
  return { context, page };
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Keluar' }).click();
  await page.waitForURL('**/masuk');
}

/** Opens the programme from "Tugas saya", as its user would. */
async function openTask(page: Page): Promise<void> {
  await page.goto('/tugas');
  await page.getByRole('link', { name: title }).click();
  await page.waitForURL('**/program/*');
}

const stageCaption = (page: Page) => page.locator('.caption').first().textContent();

const title = `Telemedisin puskesmas ${Date.now()}`;

describe('a programme from proposal to a progress report, in the browser', () => {
  it('signs the Kepala Dinas Kesehatan in by an emailed link, whose page alone changes nothing', async () => {
    proposer = await newContext(browser);
    const page = await proposer.newPage();
    await page.goto('/');
    await page.waitForURL('**/masuk');
    await checkPage(page, 'masuk');
    await page.getByLabel('Alamat surel').fill('kadis.dinkes@solselkab.example');
    await page.getByRole('button', { name: 'Kirim tautan masuk' }).click();
    await page.getByRole('heading', { name: 'Periksa surel Anda' }).waitFor();
    await checkPage(page, 'masuk-terkirim');

    const mail = await waitForMail({ to: 'kadis.dinkes@solselkab.example', subjectIncludes: 'Tautan masuk' });
    const link = signInLinkPattern.exec(mail.text)?.[0];
    expect(link).toBeDefined();
    // A mail scanner opens the link first: its GET shows a page and signs nobody in.
    const scanned = await fetch(link!, { redirect: 'manual' });
    expect(scanned.status).toBe(200);
    expect(scanned.headers.get('set-cookie')).toBeNull();

    await page.goto(link!);
    await checkPage(page, 'masuk-tautan');
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await page.waitForURL('**/tugas');
    await checkPage(page, 'tugas');
    // The link was used: opening it again offers nothing.
    expect((await fetch(link!)).status).toBe(410);
  });

  it('refuses an incomplete proposal with every problem beside its field, keeping what was typed', async () => {
    const page = proposer.pages()[0]!;
    await page.goto('/program/baru');
    await checkPage(page, 'usulan-kosong');
    await page.getByLabel('Judul program').fill(title);
    await page.getByLabel('Anggaran (Rp)').fill('seratus juta');
    await page.getByRole('button', { name: 'Ajukan usulan' }).click();

    await page.getByRole('heading', { name: 'Terdapat masalah' }).waitFor();
    await checkPage(page, 'usulan-ditolak');
    expect(await page.getByLabel('Judul program').inputValue()).toBe(title);
    expect(await page.getByLabel('Anggaran (Rp)').inputValue()).toBe('seratus juta');
    for (const field of ['summary', 'dimension', 'budgetIdr', 'startDate', 'endDate', 'kpi-0-name']) {
      expect(await page.locator(`#${field}`).getAttribute('aria-describedby'), field).toContain(`${field}-error`);
    }
  });

  it('adds an indicator without scripts and proposes the programme', async () => {
    const page = proposer.pages()[0]!;
    await page.getByLabel('Ringkasan').fill('Layanan konsultasi dokter jarak jauh untuk puskesmas di kecamatan terpencil.');
    await page.getByLabel(/^Dimensi/).selectOption('living');
    await page.getByLabel('Sub-dimensi').selectOption('living.kesehatan');
    await page.getByLabel('Anggaran (Rp)').fill('150.000.000');
    await page.getByLabel('Tanggal mulai').fill('2026-11-02');
    await page.getByLabel('Tanggal selesai').fill('2027-06-30');
    await fillIndicator(page.getByRole('group', { name: 'Indikator 1', exact: true }), {
      name: 'Puskesmas terhubung',
      unit: 'unit',
      target: '12',
      baseline: ['0', '2026'],
    });
    await page.getByRole('button', { name: 'Tambah indikator' }).click();
    await fillIndicator(page.getByRole('group', { name: 'Indikator 2', exact: true }), {
      name: 'Konsultasi per bulan',
      unit: 'konsultasi',
      target: '300',
      baseline: ['20', '2025'],
    });
    expect(await page.getByLabel('Judul program').inputValue()).toBe(title);
    await page.getByRole('button', { name: 'Ajukan usulan' }).click();

    await page.waitForURL('**/program/*');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(title);
    expect(await stageCaption(page)).toBe('Reviu Diskominfo');
    expect(await page.getByRole('cell', { name: 'Konsultasi per bulan' }).count()).toBe(1);
    await checkPage(page, 'program-diajukan');
    await signOut(page);
    await proposer.close();
  });

  it('lets the Diskominfo reviewer approve from the programme page; a double click approves once', async () => {
    const { context, page } = await signedIn('Rina Marlina, S.T.');
    await checkPage(page, 'tugas-peninjau');
    await openTask(page);
    await checkPage(page, 'program-reviu');
    expect(await page.getByRole('button', { name: 'Minta perbaikan' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Setujui' }).dblclick();
    await page.getByText('Persetujuan Anda telah tercatat.').waitFor();
    expect(await stageCaption(page)).toBe('Persetujuan Sekda');
    expect(await page.locator('.timeline li', { hasText: 'disetujui' }).count()).toBe(1);
    await context.close();
  });

  it('lets the Sekda approve, with returning to the OPD offered', async () => {
    const { context, page } = await signedIn('Dr. Syafrizal Malin Marajo, M.Si.');
    await openTask(page);
    expect(await page.getByRole('button', { name: 'Kembalikan' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Setujui' }).click();
    await page.getByText('Persetujuan Anda telah tercatat.').waitFor();
    expect(await stageCaption(page)).toBe('Penandatanganan Komitmen');
    await checkPage(page, 'program-tanda-tangan');
    await context.close();
  });

  it('is signed by each signer from their own tasks', async () => {
    for (const name of ['H. Rahmat Hidayat', 'Yulia Sartika, S.E.', 'Dr. Syafrizal Malin Marajo, M.Si.', 'dr. Novi Hendrawati, M.K.M.']) {
      const { context, page } = await signedIn(name);
      await openTask(page);
      expect(await page.getByRole('button', { name: 'Setujui' }).count(), name).toBe(0);
      await page.getByRole('button', { name: 'Tanda tangani' }).click();
      await page.getByText('Tanda tangan Anda telah tercatat.').waitFor();
      await context.close();
    }
    const { context, page } = await signedIn('Hendra Gunawan, S.H.');
    await page.goto('/program');
    await page.getByRole('link', { name: title }).click();
    await expect.poll(() => stageCaption(page)).toBe('Pelaksanaan');
    await context.close();
  });

  it('takes a progress report from the OPD and signs out', async () => {
    const { context, page } = await signedIn('dr. Novi Hendrawati, M.K.M.');
    await openTask(page);
    await checkPage(page, 'program-laporan');
    await page.getByLabel('Persentase kemajuan').fill('10');
    await page.getByLabel('Uraian kemajuan').fill('Empat puskesmas telah terhubung.');
    await page.getByRole('button', { name: 'Kirim laporan' }).click();
    await page.getByText('Laporan kemajuan Anda telah diterima.').waitFor();
    expect(await page.locator('#laporan ~ ul li, section[aria-labelledby="laporan"] li', { hasText: '10% selesai' }).count()).toBeGreaterThan(0);
    await checkPage(page, 'program-dilaporkan');
    await signOut(page);
    // Signed out, the programme's page goes through sign-in again.
    await page.goto('/tugas');
    await page.waitForURL('**/masuk?ke=%2Ftugas');
    await context.close();
  });
});
