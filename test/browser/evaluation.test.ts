/**
 * The evaluation's data in Chromium against the real stack: a Kepala OPD proposes with every
 * evaluation field (a refused attempt first, each problem beside its field), adding yearly rows
 * without scripts; the programme page shows them with the names people know; the secretariat
 * keeps the masterplan's quick wins and is told why one a programme delivers cannot go; the
 * OPD reports with budget realised, obstacles and follow-up, corrects it, and both versions show.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, fillIndicator, launchChromium, signedInByDevButton } from '../support/browser.js';
import { monthOf, wibToday } from '../support/dates.js';
import { program } from '../support/flow.js';
import { uniqueTitle } from '../support/proposal.js';
import { signAllByApi, toSigning } from '../support/signing.js';
import { eventually } from '../support/wait.js';

let browser: Browser;
const contexts: BrowserContext[] = [];
const head = 'dr. Novi Hendrawati, M.K.M.';
const title = uniqueTitle('Telemedisin Nagari');
let proposedId = '';

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
});

/** The error message shown beside a field, read through the field's aria-describedby. */
const describedError = (page: Page, id: string) => page.locator(`#${id}-error`).textContent();

describe('the proposal form with the evaluation fields', () => {
  let page: Page;

  it('refuses a proposal whose evaluation fields do not fit, each problem beside its field', async () => {
    page = await signedInByDevButton(browser, contexts, head);
    await page.goto('/program/baru');
    await checkPage(page, 'evaluasi-usulan-kosong');

    await page.getByLabel('Judul program').fill(title);
    await page.getByLabel('Ringkasan').fill('Konsultasi dokter jarak jauh antara puskesmas dan RSUD untuk nagari terpencil.');
    await page.getByLabel(/^Dimensi/).selectOption('living');
    await page.getByLabel('Sub-dimensi').selectOption('governance.layanan-publik');
    await page.getByLabel('Anggaran (Rp)').fill('900.000.000');
    await page.getByRole('group', { name: 'Anggaran per tahun' }).getByLabel('Tahun (baris 1)').fill('2027');
    await page.getByLabel('Jumlah (Rp) (baris 1)').fill('500.000.000');
    await page.getByLabel('Tanggal mulai').fill('2027-01-04');
    await page.getByLabel('Tanggal selesai').fill('2028-12-31');
    const indicator = page.getByRole('group', { name: 'Indikator 1', exact: true });
    await indicator.getByLabel('Nama indikator').fill('Puskesmas terhubung');
    await indicator.getByLabel('Satuan').fill('puskesmas');
    await indicator.getByLabel('Target').fill('12');
    await page.getByRole('button', { name: 'Ajukan usulan' }).click();

    await page.getByRole('heading', { name: 'Terdapat masalah' }).waitFor();
    await checkPage(page, 'evaluasi-usulan-ditolak');
    expect(await describedError(page, 'subDimension')).toContain('sub-dimensi');
    expect(await describedError(page, 'anggaran-0-jumlah')).toContain('Jumlah anggaran per tahun harus sama dengan anggaran total');
    expect(await describedError(page, 'kpi-0-type')).toContain('Pilih jenis indikator');
    expect(await describedError(page, 'kpi-0-baseline-value')).toContain('baseline');
    expect(await page.getByLabel('Judul program').inputValue()).toBe(title);
    expect(await page.getByLabel('Jumlah (Rp) (baris 1)').inputValue()).toBe('500.000.000');
  });

  it('adds yearly rows without scripts and proposes with every evaluation field', async () => {
    await page.getByLabel('Sub-dimensi').selectOption('living.kesehatan');
    await page.getByLabel('Quick win').selectOption('telemedisin-puskesmas');
    await page.getByLabel('Kode RPJMD').fill('1.02.02');
    await page.getByLabel('Program RPJMD').fill('Program Pemenuhan Upaya Kesehatan Perorangan');
    await page.getByLabel('Rujukan Renstra OPD').fill('Renstra Dinkes 2021-2026, Program 2');
    await page.getByRole('button', { name: 'Tambah tahun anggaran' }).click();
    const budget = page.getByRole('group', { name: 'Anggaran per tahun' });
    await budget.getByLabel('Tahun (baris 2)').fill('2028');
    await budget.getByLabel('Jumlah (Rp) (baris 2)').fill('400.000.000');
    const indicator = page.getByRole('group', { name: 'Indikator 1', exact: true });
    await fillIndicator(indicator, { type: 'outcome', baseline: ['2', '2026'] });
    await page.getByRole('button', { name: 'Tambah tahun target indikator 1' }).click();
    const targets = page.getByRole('group', { name: 'Target per tahun, indikator 1' });
    await targets.getByLabel('Tahun (baris 1)').fill('2027');
    await targets.getByLabel('Nilai (baris 1)').fill('6');
    await targets.getByLabel('Tahun (baris 2)').fill('2028');
    await targets.getByLabel('Nilai (baris 2)').fill('12');
    await checkPage(page, 'evaluasi-usulan-lengkap');
    await page.getByRole('button', { name: 'Ajukan usulan' }).click();

    await page.waitForURL(/\/program\/[a-f0-9]{20}\?/);
    proposedId = /\/program\/([a-f0-9]{20})/.exec(page.url())![1]!;
    expect((await program(proposedId)).proposal).toMatchObject({
      subDimension: 'living.kesehatan',
      quickWin: true,
      quickWinId: 'telemedisin-puskesmas',
      rpjmdProgram: { code: '1.02.02', name: 'Program Pemenuhan Upaya Kesehatan Perorangan' },
      renstraRef: 'Renstra Dinkes 2021-2026, Program 2',
      budgetByYear: [
        { year: 2027, amountIdr: 500_000_000 },
        { year: 2028, amountIdr: 400_000_000 },
      ],
      kpis: [
        {
          name: 'Puskesmas terhubung',
          type: 'outcome',
          baseline: { value: 2, year: 2026 },
          targetsByYear: [
            { year: 2027, target: 6 },
            { year: 2028, target: 12 },
          ],
        },
      ],
    });
  });

  it('shows the evaluation fields on the programme page in words', async () => {
    for (const text of [
      'Kesehatan',
      'Telemedisin Puskesmas',
      '1.02.02 Program Pemenuhan Upaya Kesehatan Perorangan',
      '2027: Rp 500.000.000; 2028: Rp 400.000.000',
      'Hasil (outcome)',
      '2027: 6; 2028: 12',
    ]) {
      expect(await page.getByText(text, { exact: true }).count(), text).toBeGreaterThan(0);
    }
    await checkPage(page, 'evaluasi-program-diajukan');
  });
});

describe('the masterplan page of the secretariat', () => {
  it('adds and renames a quick win, keeping the change in the history', async () => {
    const page = await signedInByDevButton(browser, contexts, 'Nurhayati, S.Sos.');
    await page.getByRole('link', { name: 'Masterplan', exact: true }).click();
    await page.waitForURL('**/admin/masterplan');
    await checkPage(page, 'masterplan');

    await page.getByLabel('Nama quick win').fill('Pojok Baca Digital');
    await page.getByRole('button', { name: 'Tambah quick win' }).click();
    await page.getByText('Quick win telah ditambahkan.').waitFor();
    await page.getByLabel('Nama baru untuk Pojok Baca Digital').fill('Pojok Baca Digital Nagari');
    await page
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'Pojok Baca Digital' }) })
      .getByRole('button', { name: 'Simpan nama' })
      .click();
    await page.getByText('Nama quick win telah diubah.').waitFor();

    expect(await page.getByText('Quick win diubah namanya: Pojok Baca Digital → Pojok Baca Digital Nagari').count()).toBe(1);
    expect(await page.getByText('Quick win ditambahkan: Pojok Baca Digital').count()).toBe(1);
  });

  it('says why a quick win a programme delivers cannot be removed, and removes one nobody delivers', async () => {
    const page = await signedInByDevButton(browser, contexts, 'Nurhayati, S.Sos.');
    await page.goto('/admin/masterplan');
    const item = (name: string) => page.getByRole('listitem').filter({ has: page.getByRole('heading', { name, exact: true }) });

    await item('Telemedisin Puskesmas').getByRole('button', { name: 'Hapus quick win' }).click();
    await page.getByText('Quick win ini tidak dapat dihapus').waitFor();
    expect(await page.getByText(title).count()).toBeGreaterThan(0);
    await checkPage(page, 'masterplan-hapus-ditolak');

    await item('Pojok Baca Digital Nagari').getByRole('button', { name: 'Hapus quick win' }).click();
    await page.getByText('Quick win telah dihapus dari masterplan.').waitFor();
    expect(await item('Pojok Baca Digital Nagari').count()).toBe(0);
  });
});

describe('a report with its correction on the programme page', () => {
  it('takes budget realised, obstacles and follow-up, then a correction; both versions show', async () => {
    const p0 = monthOf(wibToday(), -1);
    const { id } = await toSigning('kadis-kesehatan', {
      title: uniqueTitle('Telemedisin laporan'),
      startDate: p0.first,
      endDate: monthOf(wibToday(), 2).last,
      kpis: [{ name: 'Puskesmas terhubung', unit: 'puskesmas', target: 12 }],
    });
    await signAllByApi(id);
    await eventually('the report due', async () => ((await program(id)).progress.nextDue?.period === p0.id ? true : undefined));
    const page = await signedInByDevButton(browser, contexts, head);
    await page.goto(`/program/${id}`);

    await page.getByLabel('Persentase kemajuan').fill('30');
    await page.getByLabel('Uraian kemajuan').fill('Enam puskesmas terpasang perangkat.');
    await page.getByLabel('Puskesmas terhubung').fill('6');
    await page.getByLabel('Realisasi anggaran').fill('150.000.000');
    await page.getByLabel('Kendala').fill('Jaringan di Sangir Balai Janggo belum stabil.');
    await page.getByLabel('Tindak lanjut').fill('Koordinasi dengan penyedia jaringan.');
    await page.getByRole('button', { name: 'Kirim laporan' }).click();
    await page.getByText('Laporan kemajuan Anda telah diterima.').waitFor();
    expect(await page.getByText('Rp 150.000.000', { exact: true }).count()).toBe(1);

    await page.getByRole('link', { name: /^Koreksi laporan periode/ }).click();
    const correction = page.locator('form').filter({ has: page.getByRole('button', { name: 'Kirim koreksi' }) });
    // The correction starts from the report it corrects.
    expect(await correction.getByLabel('Kendala').inputValue()).toBe('Jaringan di Sangir Balai Janggo belum stabil.');
    expect(await correction.getByLabel('Realisasi anggaran').inputValue()).toBe('150000000');
    await correction.getByLabel('Persentase kemajuan').fill('35');
    await correction.getByLabel('Uraian kemajuan').fill('Tujuh puskesmas terpasang perangkat.');
    await correction.getByLabel('Realisasi anggaran').fill('175.000.000');
    await correction.getByRole('button', { name: 'Kirim koreksi' }).click();
    await page.getByText('Koreksi laporan Anda telah dicatat sebagai versi baru').waitFor();

    expect(await page.getByText(/Koreksi ke-1/).count()).toBeGreaterThan(0);
    await page.getByText('Versi sebelumnya (1)').click();
    expect(await page.getByText('Rp 175.000.000', { exact: true }).count()).toBe(1);
    expect(await page.getByText('Rp 150.000.000', { exact: true }).count()).toBe(1);
    await checkPage(page, 'laporan-koreksi');
    const reports = (await program(id)).progress.reports;
    expect(reports.map((r) => [r.version, r.budgetRealisedIdr, r.obstacles, r.kpiValues])).toEqual([
      [1, 150_000_000, 'Jaringan di Sangir Balai Janggo belum stabil.', [{ name: 'Puskesmas terhubung', value: 6 }]],
      [2, 175_000_000, 'Jaringan di Sangir Balai Janggo belum stabil.', [{ name: 'Puskesmas terhubung', value: 6 }]],
    ]);
  });
});
