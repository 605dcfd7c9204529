/**
 * The secretariat's pages for offices, escalation and holiday years in Chromium against the real
 * stack (docs/product.md §10): an office nobody can hold yet, a handover refused with each problem
 * beside its field then recorded for tomorrow, an escalation step refused when it names nobody,
 * then a chain of three steps saved, and a holiday list refused, then previewed with its weekend flagged and
 * saved. Every page passes axe and fits 390 px (screenshots with ALUR_SCREENSHOTS).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, type Json } from '../support/api.js';
import { checkPage, launchChromium, signedInByDevButton } from '../support/browser.js';
import { addDays, wibToday } from '../support/dates.js';

let browser: Browser;
const contexts: BrowserContext[] = [];
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  page = await signedInByDevButton(browser, contexts, 'Nurhayati, S.Sos.');
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
});

describe('the offices pages', () => {
  it('lists every office with its holder, and says when nobody can hold one yet', async () => {
    await page.goto('/admin/jabatan');
    await checkPage(page, 'jabatan-daftar');
    expect(await page.getByRole('link', { name: 'Sekretaris Daerah' }).count()).toBe(1);

    await page.getByRole('link', { name: 'Kepala Dinas Pertanian' }).click();
    await page.getByText('Belum ada orang aktif yang dapat memegang jabatan ini').waitFor();
    await checkPage(page, 'jabatan-kosong');
  });

  it('refuses a handover with each problem beside its field, then records one for tomorrow', async () => {
    await page.goto('/admin/jabatan/sekda');
    await page.getByRole('button', { name: 'Catat serah terima' }).click();
    await page.getByText('pilih orang yang memegang jabatan').first().waitFor();
    expect(await page.getByText('isi tanggal mulai dengan tanggal yang sah').count()).toBeGreaterThan(0);
    await checkPage(page, 'jabatan-ditolak');

    const tomorrow = addDays(wibToday(), 1);
    await page.getByLabel('Pemegang jabatan').selectOption('sekda');
    await page.getByLabel('Mulai tanggal').fill(tomorrow);
    await page.getByLabel('Dasar').fill('SK Bupati Nomor 821/90/BKPSDM-2026');
    await page.getByRole('button', { name: 'Catat serah terima' }).click();
    await page.getByText('Serah terima telah dicatat').waitFor();
    await checkPage(page, 'jabatan-tercatat');
    const office = await as<{ upcoming: { from: string }[] }>('sekretariat-1', 'GET', '/v1/offices/sekda');
    expect(office.body.upcoming.map((t) => t.from)).toEqual([tomorrow]);
  });

  it('refuses an escalation step that tells nobody, then saves a chain of three steps', async () => {
    const before = await as<Json>('sekretariat-1', 'GET', '/v1/escalation-policy');
    await page.goto('/admin/jabatan/eskalasi');
    await checkPage(page, 'eskalasi');
    const reviewLate = page.getByRole('group', { name: 'Telaah Diskominfo terlambat' });
    await reviewLate.getByRole('group', { name: 'Tahap 1: jabatan yang diberi tahu' }).getByLabel('Kepala Dinas Komunikasi dan Informatika').uncheck();
    await page.getByRole('button', { name: 'Simpan aturan eskalasi' }).click();
    await page.getByText('sebutkan sedikitnya satu jabatan').first().waitFor();
    await checkPage(page, 'eskalasi-ditolak');

    const review = page.getByRole('group', { name: 'Telaah Diskominfo terlambat' });
    await review.getByRole('group', { name: 'Tahap 1: jabatan yang diberi tahu' }).getByLabel('Kepala Dinas Komunikasi dan Informatika').check();
    await review.getByLabel('Tahap 3: setelah berapa hari kerja').fill('3');
    await review.getByRole('group', { name: 'Tahap 3: jabatan yang diberi tahu' }).getByLabel('Bupati', { exact: true }).check();
    await page.getByRole('button', { name: 'Simpan aturan eskalasi' }).click();
    await page.getByText('Aturan eskalasi telah disimpan').waitFor();
    const chain = [
      { afterWorkingDays: 1, targets: ['kepala:diskominfo'] },
      { afterWorkingDays: 2, targets: ['sekda'] },
      { afterWorkingDays: 3, targets: ['bupati'] },
    ];
    const policy = await as<{ diskominfo_review: unknown[] }>('sekretariat-1', 'GET', '/v1/escalation-policy');
    expect(policy.body.diskominfo_review).toEqual(chain);
    const history = await as<{ items: { by: { userId: string }; after: { diskominfo_review: unknown[] } }[] }>(
      'sekretariat-1',
      'GET',
      '/v1/escalation-policy/history',
    );
    expect(history.body.items.at(-1)).toMatchObject({ by: { userId: 'sekretariat-1' }, after: { diskominfo_review: chain } });
    expect((await as('sekretariat-1', 'PUT', '/v1/escalation-policy', { json: before.body })).status).toBe(200);
  });
});

describe('the holiday years page', () => {
  it('refuses a list with a date outside its year, previews a good one with its weekend flagged, and saves it', async () => {
    await page.goto('/admin/libur');
    await checkPage(page, 'libur-daftar');
    const upload = async (csv: string) => {
      await page.getByLabel('Tahun').fill('2028');
      await page.getByLabel('Dasar').fill('SKB tiga menteri 2028 (uji)');
      await page.getByLabel('Berkas CSV atau JSON').setInputFiles({ name: 'libur-2028.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByRole('button', { name: 'Periksa berkas' }).click();
    };

    await upload('tanggal,jenis,keterangan\n2027-12-25,libur,Natal\n');
    await page.getByText('di luar tahun 2028').first().waitFor();
    await checkPage(page, 'libur-ditolak');

    await upload('tanggal,jenis,keterangan\n2028-01-01,libur,Tahun Baru 2028 Masehi\n2028-08-17,libur,Hari Kemerdekaan\n');
    await page.getByText('Pratinjau tahun 2028').waitFor();
    expect(await page.getByText('(akhir pekan)').count()).toBe(1); // 1 January 2028 is a Saturday
    expect((await as('sekretariat-1', 'GET', '/v1/holiday-years/2028')).status).toBe(404);
    await checkPage(page, 'libur-pratinjau');

    await page.getByRole('button', { name: 'Simpan hari libur 2028' }).click();
    await page.getByText('Hari libur tahun 2028 telah disimpan').waitFor();
    await checkPage(page, 'libur-tersimpan');
    expect((await as('sekretariat-1', 'GET', '/v1/holiday-years/2028')).status).toBe(200);
  });
});
