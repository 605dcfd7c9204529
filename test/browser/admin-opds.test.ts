/**
 * The OPD and signing-policy pages for the secretariat in Chromium against the real stack
 * (docs/product.md §10): an OPD added after a refused form that kept what was typed; a rename
 * refused because someone else changed the OPD meanwhile; a merge checked (what will move) before
 * it is saved and then shown in the OPD's history; the signing policy refused without a signer,
 * then changed, with the page saying when a change applies.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as } from '../support/api.js';
import { checkPage, launchChromium, newContext } from '../support/browser.js';
import { setSigningPolicy } from '../support/signing.js';
import type { SigningPolicy } from '../../domain/signing.js';

let close: () => Promise<void>;
let context: BrowserContext;
let page: Page;
let policyBefore: SigningPolicy | undefined;

beforeAll(async () => {
  const browser = await launchChromium();
  context = await newContext(browser);
  close = async () => {
    await context.close();
    await browser.close();
  };
  page = await context.newPage();
  await page.goto(`/masuk?ke=${encodeURIComponent('/admin/opd')}`);
  await page.getByRole('button', { name: 'Masuk sebagai Nurhayati, S.Sos.' }).click();
  await page.waitForURL('**/admin/opd');
});

afterAll(async () => {
  if (policyBefore) await setSigningPolicy(policyBefore);
  await close?.();
});

describe('the OPD pages', () => {
  it('list the OPDs, each with whether it is active', async () => {
    expect(await page.getByRole('link', { name: 'Dinas Kesehatan', exact: true }).count()).toBe(1);
    await checkPage(page, 'opd-daftar');
  });

  it("show an OPD's page with no changes yet", async () => {
    await page.goto('/admin/opd/bappeda');
    await page.getByText('Belum ada perubahan sejak OPD ini dicatat dari data awal.').waitFor();
    await checkPage(page, 'opd-tanpa-riwayat');
  });

  it('refuse a new OPD without a formal name, keeping what was typed, then add it', async () => {
    await page.goto('/admin/opd');
    await page.getByRole('link', { name: 'Tambah OPD' }).click();
    await page.getByLabel('Nama resmi').fill('Urusan Arsip');
    await page.getByLabel('Singkatan').fill('Arsip');
    await page.getByLabel('Kode').fill('dinas-arsip');
    await page.getByRole('button', { name: 'Tambah OPD' }).click();
    await page.locator('#nama-error').waitFor();
    expect(await page.locator('#nama-error').textContent()).toContain('nama resmi OPD');
    expect(await page.getByLabel('Kode').inputValue()).toBe('dinas-arsip');
    expect((await as('sekretariat-1', 'GET', '/v1/opds/dinas-arsip')).status).toBe(404);
    await checkPage(page, 'opd-tambah-ditolak');

    await page.getByLabel('Nama resmi').fill('Dinas Kearsipan dan Perpustakaan');
    await page.getByRole('button', { name: 'Tambah OPD' }).click();
    await page.getByText('OPD telah ditambahkan.').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Dinas Kearsipan dan Perpustakaan');
    await checkPage(page, 'opd-ditambah');
  });

  it('refuse a rename made from a page someone else changed meanwhile, keeping what was typed but not undoing the other change', async () => {
    await page.goto('/admin/opd/dinas-arsip');
    const read = await as<{ version: number }>('sekretariat-1', 'GET', '/v1/opds/dinas-arsip');
    await as('sekretariat-1', 'PATCH', '/v1/opds/dinas-arsip', { json: { version: read.body.version, abbr: 'Disarpus' } });

    await page.getByLabel('Nama resmi').fill('Dinas Perpustakaan dan Kearsipan');
    await page.getByRole('button', { name: 'Simpan perubahan' }).click();
    await page.getByText('OPD ini baru saja diubah oleh orang lain.').waitFor();
    expect((await as<{ name: string }>('sekretariat-1', 'GET', '/v1/opds/dinas-arsip')).body.name).toBe('Dinas Kearsipan dan Perpustakaan');
    expect(await page.getByLabel('Nama resmi').inputValue()).toBe('Dinas Perpustakaan dan Kearsipan');
    expect(await page.getByLabel('Singkatan').inputValue()).toBe('Disarpus');
    await checkPage(page, 'opd-ubah-ditolak');

    await page.getByRole('button', { name: 'Simpan perubahan' }).click();
    await page.getByText('Perubahan OPD telah disimpan.').waitFor();
    expect((await as('sekretariat-1', 'GET', '/v1/opds/dinas-arsip')).body).toMatchObject({ name: 'Dinas Perpustakaan dan Kearsipan', abbr: 'Disarpus' });
  });

  it('show what a merge will move before it is saved, then merge and show it in the history', async () => {
    const staff = await as('sekretariat-1', 'POST', '/v1/people', {
      json: {
        nip: '199203142019032004',
        name: 'Fitri Handayani, S.I.P.',
        title: 'Arsiparis',
        email: 'fitri.arsip@solselkab.example',
        opdId: 'dinas-arsip',
        roles: ['opd_staff'],
      },
    });
    expect(staff.status, staff.text).toBe(201);
    await page.goto('/admin/opd/dinas-arsip');
    await page.getByLabel('OPD tujuan').selectOption('bappeda');
    await page.getByRole('button', { name: 'Periksa penggabungan' }).click();
    await page.getByText('Fitri Handayani, S.I.P., Arsiparis').waitFor();
    expect((await as<{ active: boolean }>('sekretariat-1', 'GET', '/v1/opds/dinas-arsip')).body.active).toBe(true);
    await checkPage(page, 'opd-gabung-periksa');

    await page.getByRole('button', { name: 'Gabungkan OPD' }).click();
    await page.getByText('OPD telah digabungkan.').waitFor();
    expect(await page.getByText(/^Digabungkan ke Badan Perencanaan Pembangunan Daerah mulai \w+, \d+ \w+ \d{4}$/).count()).toBe(1);
    expect((await as<{ opdId: string }>('sekretariat-1', 'GET', `/v1/people/${(staff.body as { id: string }).id}`)).body.opdId).toBe('bappeda');
    await checkPage(page, 'opd-digabung');
  });
});

describe('the signing policy page', () => {
  it('says when a change applies, and refuses a policy without a signer', async () => {
    await page.goto('/admin/penandatanganan');
    await page.getByText('Perubahan berlaku untuk komitmen yang penandatanganannya dimulai setelah perubahan disimpan.').waitFor();
    await checkPage(page, 'penandatangan');

    const programme = page.getByRole('group', { name: 'Penandatangan program' });
    for (const box of await programme.getByRole('checkbox').all()) await box.uncheck();
    await page.getByRole('button', { name: 'Simpan penandatangan' }).click();
    await page.locator('#biasa-error').waitFor();
    expect(await page.locator('#biasa-error').textContent()).toContain('Pilih sekurang-kurangnya satu jabatan');
    await checkPage(page, 'penandatangan-ditolak');
  });

  it('changes the signers of quick wins and shows the change in the history', async () => {
    policyBefore = { default: ['bupati', 'wakil_bupati', 'sekda', 'opd_head'] };
    await page.goto('/admin/penandatanganan');
    const quickWin = page.getByRole('group', { name: 'Penandatangan quick win' });
    await quickWin.getByLabel('Bupati', { exact: true }).check();
    await quickWin.getByLabel('Kepala OPD pengusul').check();
    await page.getByRole('button', { name: 'Simpan penandatangan' }).click();
    await page.getByText('Kebijakan penandatanganan telah disimpan.').waitFor();
    expect((await as<{ quickWin: string[] | null }>('sekretariat-1', 'GET', '/v1/signing-policy')).body.quickWin).toEqual(['bupati', 'opd_head']);
    expect(await page.getByText('Quick win: sama dengan program lain → Bupati, Kepala OPD pengusul').count()).toBe(1);
    // The programmes' signers did not change: the history does not list them.
    expect(await page.getByText(/^Program: /).count()).toBe(0);
    await checkPage(page, 'penandatangan-diubah');
  });
});
