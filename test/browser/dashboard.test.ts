/**
 * `/dasbor` in Chromium against the real stack: the Sekda reads a filled portfolio (charts with
 * their text alternative, the filters as a form, print without the navigation), a viewer
 * (Inspektorat) an empty one, and OPD staff are refused; each page passes axe and fits a phone.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, launchChromium, signedInByDevButton } from '../support/browser.js';
import { buildPortfolio, portfolioDimension, portfolioOpd } from '../support/portfolio.js';

let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  await buildPortfolio();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
});

describe('the portfolio dashboard', () => {
  it('shows the Sekda the portfolio with charts, figures and a filter form', async () => {
    const page = await signedInByDevButton(browser, contexts, 'Dr. Syafrizal Malin Marajo, M.Si.');
    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Dasbor' }).click();
    await page.waitForURL('**/dasbor');
    await page.getByLabel('OPD').selectOption(portfolioOpd);
    await page.getByLabel('Dimensi').selectOption(portfolioDimension);
    await page.getByRole('button', { name: 'Tampilkan' }).click();
    await page.waitForURL(`**/dasbor?tahun=&opd=${portfolioOpd}&dimensi=${portfolioDimension}`);

    expect(await page.getByRole('img', { name: /Anggaran dan realisasi anggaran per tahun/ }).count()).toBe(1);
    expect(await page.getByRole('img', { name: /Rata-rata capaian indikator/ }).count()).toBe(1);
    expect(
      await page
        .getByRole('table', { name: 'Jumlah program per tahap' })
        .getByRole('row', { name: /Pelaksanaan 1/ })
        .count(),
    ).toBe(1);
    expect(await page.getByRole('link', { name: 'Unduh Excel (XLSX)' }).getAttribute('href')).toBe(
      `/ekspor/program.xlsx?opd=${portfolioOpd}&dimensi=${portfolioDimension}`,
    );
    await checkPage(page, 'dasbor-terisi');

    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation', { name: 'Menu utama' }).isVisible()).toBe(false);
    expect(await page.getByRole('img', { name: /Anggaran dan realisasi anggaran per tahun/ }).isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
  });

  it('tells a viewer when no programme matches the filters', async () => {
    const page = await signedInByDevButton(browser, contexts, 'Hendra Gunawan, S.H.');
    await page.goto('/dasbor?tahun=2035');

    await page.getByText('Belum ada program yang sesuai dengan saringan ini.').waitFor();
    await checkPage(page, 'dasbor-kosong');
  });

  it('refuses OPD staff, and does not offer them the dashboard', async () => {
    const page = await signedInByDevButton(browser, contexts, 'Melati Putri, S.Par.');
    expect(await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Dasbor' }).count()).toBe(0);

    const res = await page.goto('/dasbor');

    expect(res?.status()).toBe(403);
    await page.getByRole('heading', { name: 'Dasbor tidak tersedia untuk Anda' }).waitFor();
    await checkPage(page, 'dasbor-ditolak');
  });
});
