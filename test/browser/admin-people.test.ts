/**
 * The roster pages for the secretariat in Chromium against the real stack (docs/product.md §10):
 * a CSV import shown as a preview that writes nothing, then saved with its good lines only;
 * a person edited, refused with the problem beside its field and the typed values kept, then
 * saved and shown in the person's history.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as } from '../support/api.js';
import { checkPage, launchChromium, newContext } from '../support/browser.js';

let browser: Browser;
let context: BrowserContext;
let page: Page;

// Born 21 July 1990, CPNS from February 2015, female: NIPs no other test uses.
const goodNip = '199007212015022001';
const badNip = '199007212015023002';
const email = `wulan.${Date.now()}@solselkab.example`;

beforeAll(async () => {
  browser = await launchChromium();
  context = await newContext(browser);
  page = await context.newPage();
  await page.goto(`/masuk?ke=${encodeURIComponent('/admin/orang')}`);
  await page.getByRole('button', { name: 'Masuk sebagai Nurhayati, S.Sos.' }).click();
  await page.waitForURL('**/admin/orang');
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
});

const peopleWithNip = async (nip: string) => (await as<{ items: { id: string }[] }>('sekretariat-1', 'GET', `/v1/people?q=${nip}`)).body.items;

describe('the roster pages', () => {
  it('lists people with a search and an OPD filter', async () => {
    await checkPage(page, 'orang-daftar');
    await page.getByLabel('Cari nama, NIP atau surel').fill('hendrawati');
    await page.getByRole('button', { name: 'Tampilkan' }).click();
    await page.waitForURL('**/admin/orang?cari=hendrawati*');
    expect(await page.getByRole('link', { name: 'dr. Novi Hendrawati, M.K.M.' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Nurhayati, S.Sos.' }).count()).toBe(0);

    await page.getByLabel('Cari nama, NIP atau surel').fill('');
    await page.getByLabel('OPD').selectOption('bappeda');
    await page.getByRole('button', { name: 'Tampilkan' }).click();
    await page.waitForURL('**/admin/orang?cari=&opd=bappeda');
    expect(await page.getByRole('link', { name: 'Ir. Afrizon, M.M.' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'dr. Novi Hendrawati, M.K.M.' }).count()).toBe(0);
  });

  it('previews an import without writing, then saves its good lines only when asked', async () => {
    const csv = [
      'nip,nama,jabatan,surel,opd,peran',
      `${goodNip},"Wulan Sari, S.Kom.",Pranata Komputer,${email},Diskominfo,opd_staff`,
      `${badNip},NIP Keliru,Staf,keliru@solselkab.example,Diskominfo,opd_staff`,
    ].join('\n');
    await page.goto('/admin/orang/impor');
    await checkPage(page, 'orang-impor');
    await page.getByLabel('Berkas CSV').setInputFiles({ name: 'pegawai.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Periksa berkas' }).click();
    await page.getByText('Pratinjau: belum ada yang disimpan').waitFor();
    expect(await page.getByRole('cell', { name: 'Akan ditambahkan' }).count()).toBe(1);
    expect(await page.getByText('Kolom nip: angka ke-15 NIP (jenis kelamin) harus 1 atau 2').count()).toBe(1);
    expect(await peopleWithNip(goodNip)).toEqual([]);
    await checkPage(page, 'orang-impor-pratinjau');

    // Without choosing to skip the refused line, saving writes nothing and shows the preview again.
    await page.getByRole('button', { name: 'Simpan impor' }).click();
    await page.getByText('Pratinjau: belum ada yang disimpan').waitFor();
    expect(await peopleWithNip(goodNip)).toEqual([]);

    await page.getByLabel('Simpan baris yang benar saja').check();
    await page.getByRole('button', { name: 'Simpan impor' }).click();
    await page.getByText('Impor selesai').waitFor();
    expect(await page.getByRole('cell', { name: 'Ditambahkan', exact: true }).count()).toBe(1);
    expect(await peopleWithNip(goodNip)).toHaveLength(1);
  });

  it('edits a person: a refused change keeps what was typed, a good one is saved and shown in the history', async () => {
    const [imported] = await peopleWithNip(goodNip);
    await page.goto(`/admin/orang/${imported!.id}/ubah`);
    await page.getByLabel('Jabatan').fill('Kepala Seksi Aplikasi');
    await page.getByLabel('NIP').fill('1990');
    await page.getByRole('button', { name: 'Simpan perubahan' }).click();
    await page.locator('#nip-error').waitFor();
    expect(await page.locator('#nip-error').textContent()).toContain('18 angka');
    expect(await page.getByLabel('Jabatan').inputValue()).toBe('Kepala Seksi Aplikasi');
    await checkPage(page, 'orang-ubah-ditolak');

    await page.getByLabel('NIP').fill(goodNip);
    await page.getByRole('button', { name: 'Simpan perubahan' }).click();
    await page.getByText('Perubahan telah disimpan.').waitFor();
    expect(await page.getByText('Jabatan: Pranata Komputer → Kepala Seksi Aplikasi').count()).toBe(1);
    await checkPage(page, 'orang-halaman');
  });
});
