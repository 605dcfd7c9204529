/**
 * The masterplan commitment's page in Chromium against the real stack: the secretariat opens
 * the signing; the Wakil Bupati follows the emailed link, signs in and signs; a second press of
 * a button already used is refused with a page that says why; once every seat has signed the
 * page says N of N and links the verification page and the PDF. Every state is checked with
 * axe and at phone width (and saved as screenshots with ALUR_SCREENSHOTS).
 */
import { describe, expect, it } from 'vitest';
import { as, emailOf } from '../support/api.js';
import { checkPage, chromiumForThisFile } from '../support/browser.js';
import { waitForMail } from '../support/mailbox.js';

interface Overview {
  required: number;
  seats: { seat: { office: string; opdId?: string }; signature: unknown; awaiting: { signer: { userId: string }; capacity: string }[] }[];
}

const chromium = chromiumForThisFile();
const signedIn = chromium.signedIn;
const overview = async () => (await as<Overview>('pemantau', 'GET', '/v1/masterplan/commitment')).body;

describe('the masterplan commitment page', () => {
  it('lets the secretariat open the signing', async () => {
    const page = await signedIn('Nurhayati, S.Sos.');
    await page.getByRole('link', { name: 'Komitmen masterplan' }).click();
    await page.waitForURL('**/masterplan/komitmen');
    await page.getByText('Penandatanganan komitmen belum dimulai.').waitFor();
    await checkPage(page, 'komitmen-belum-dimulai');

    await page.getByRole('button', { name: 'Mulai penandatanganan komitmen' }).click();
    await page.getByText('Penandatanganan komitmen telah dimulai').waitFor();
    const { required } = await overview();
    await page.getByText(`0 dari ${required} telah menandatangani`).waitFor();
    expect(await page.getByRole('button', { name: 'Mulai penandatanganan komitmen' }).count()).toBe(0);
    await checkPage(page, 'komitmen-dibuka');
  });

  it('shows no button to someone who signs no seat', async () => {
    const page = await signedIn('Hendra Gunawan, S.H.');
    await page.goto('/masterplan/komitmen');
    await page.getByRole('heading', { name: 'Penandatangan' }).waitFor();
    expect(await page.getByRole('button', { name: 'Tandatangani' }).count()).toBe(0);
  });

  it('takes a signer from the emailed link through sign-in to her signature', async () => {
    const request = await waitForMail({ messageId: /<alur\.masterplan\.solok-selatan\.1\.request\.wakil_bupati\./, to: await emailOf('wabup') });
    expect(request.text).toContain('Komitmen Implementasi Smart City');
    const context = await chromium.newContext();
    const page = await context.newPage();
    const link = /https?:\/\/\S+\/masterplan\/komitmen\b/.exec(request.text)?.[0];
    expect(link).toBeDefined();
    await page.goto(link!);
    await page.getByRole('button', { name: 'Masuk sebagai Yulia Sartika, S.E.' }).click();
    await page.waitForURL('**/masterplan/komitmen');
    await page.getByRole('button', { name: 'Tandatangani' }).waitFor();
    await checkPage(page, 'komitmen-penandatangan');

    // The same form in a second tab, pressed after the first: refused, and the page says why.
    const stale = await context.newPage();
    await stale.goto('/masterplan/komitmen');
    await page.getByRole('button', { name: 'Tandatangani' }).click();
    const { required } = await overview();
    await page.getByText(`Tanda tangan Anda tercatat (1 dari ${required} telah menandatangani)`).waitFor();
    await checkPage(page, 'komitmen-sebagian');
    await stale.getByRole('button', { name: 'Tandatangani' }).click();
    await stale.getByText('Permintaan tidak dapat diproses').waitFor();
    await checkPage(stale, 'komitmen-ditolak');
    expect((await overview()).seats.filter((s) => s.signature !== null)).toHaveLength(1);
  });

  it('says N of N once every seat has signed, with the verification page and the document', async () => {
    for (const s of (await overview()).seats.filter((x) => x.signature === null)) {
      const signer = s.awaiting.find((a) => a.capacity === 'self') ?? s.awaiting[0]!;
      const res = await as(signer.signer.userId, 'POST', '/v1/masterplan/commitment/signatures', { json: { seat: s.seat } });
      expect(res.status, res.text).toBe(200);
    }
    const page = await signedIn('Nurhayati, S.Sos.');
    await page.goto('/masterplan/komitmen');
    const { required } = await overview();
    await page.getByText(`${required} dari ${required} telah menandatangani`).waitFor();
    const pdf = page.getByRole('link', { name: 'Unduh dokumen (PDF)' });
    expect(await pdf.getAttribute('href')).toMatch(/^\/v1\/commitments\/[0-9a-f]{64}\.pdf$/);
    await checkPage(page, 'komitmen-lengkap');

    await page.getByRole('link', { name: 'Verifikasi komitmen' }).click();
    await page.getByText('Cocok').first().waitFor();
    await checkPage(page, 'komitmen-verifikasi');
  });
});
