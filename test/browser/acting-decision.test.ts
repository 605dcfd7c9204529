/**
 * "Putuskan sebagai Plh." on the programme page, in Chromium against the real stack: the Kepala
 * Bappeda, Plh. of the Sekda, sees the approval form as Plh. Sekretaris Daerah; once the
 * delegation is revoked, the same form is refused in words and nothing is recorded; with a
 * delegation in force again the decision is recorded for the Sekda, and the trail says so; the
 * Plh. then signs the commitment for the Sekda, again named as such.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, wibToday } from '../support/dates.js';
import { checkPage, launchChromium, signedInByDevButton } from '../support/browser.js';
import { decideByApi, events, program, propose } from '../support/flow.js';
import { recordDelegation, revokeDelegation } from '../support/signing.js';

let browser: Browser;
const contexts: BrowserContext[] = [];
let programId: string;
const delegations: string[] = [];

const plh = (basis: string) =>
  recordDelegation({ officialId: 'sekda', delegateId: 'kepala-bappeda', kind: 'plh', from: wibToday(), until: addDays(wibToday(), 3), basis });

beforeAll(async () => {
  browser = await launchChromium();
  programId = (await propose('kadis-kesehatan')).id;
  await decideByApi('reviewer-kominfo-1', programId, 'approve', 'Layak diteruskan.');
});

afterAll(async () => {
  for (const id of delegations) await revokeDelegation(id).catch(() => undefined);
  for (const c of contexts) await c.close();
  await browser?.close();
});

async function programPageOfPlh(): Promise<Page> {
  const page = await signedInByDevButton(browser, contexts, 'Ir. Afrizon, M.M.');
  await page.goto(`/program/${programId}`);
  return page;
}

describe('deciding as Plh. on the programme page', () => {
  it('offers the Sekda’s decision to his Plh., and refuses it once the delegation is revoked', async () => {
    const first = await plh(`SK Bupati Nomor ${Date.now()}/PLH/2026`);
    delegations.push(first.id);
    const page = await programPageOfPlh();
    await page.getByRole('heading', { name: 'Putuskan sebagai Plh. Sekretaris Daerah' }).waitFor();
    expect(await page.getByText(first.basis).count()).toBe(1);
    await checkPage(page, 'program-plh-keputusan');

    await revokeDelegation(first.id);
    await page.getByRole('button', { name: 'Setujui' }).click();
    await page.getByText('pelimpahan wewenang Anda sebagai pelaksana tugas atau pelaksana harian').waitFor();
    expect((await program(programId)).stage).toBe('sekda_approval');
    expect((await events(programId)).filter((e) => e.type === 'decided')).toHaveLength(1);
    expect(await page.getByRole('heading', { name: 'Putuskan sebagai Plh. Sekretaris Daerah' }).count()).toBe(0);
    await checkPage(page, 'program-plh-ditolak');
  });

  it('records the decision of a Plh. in force for the Sekda, and the trail names both', async () => {
    const second = await plh(`SK Bupati Nomor ${Date.now()}/PLH/2026`);
    delegations.push(second.id);
    const page = await programPageOfPlh();
    await page.getByLabel('Catatan').fill('Disetujui atas nama Sekretaris Daerah yang sedang bertugas ke luar daerah.');
    await page.getByRole('button', { name: 'Setujui' }).click();
    await page.getByText('oleh Ir. Afrizon, M.M.').first().waitFor();
    expect(await page.getByText('sebagai Plh. Sekretaris Daerah atas nama Dr. Syafrizal Malin Marajo, M.Si.').count()).toBe(1);
    await checkPage(page, 'program-plh-selesai');

    expect((await program(programId)).stage).toBe('signing');
    const decided = (await events(programId)).filter((e) => e.type === 'decided').at(-1)!;
    expect(decided).toMatchObject({
      channel: 'web',
      actor: { userId: 'kepala-bappeda', capacity: 'plh' },
      details: { actingFor: { official: { userId: 'sekda' }, kind: 'plh', delegationId: second.id } },
    });
  });

  it('lets the Plh. sign the commitment for the Sekda, saying so on the button and in the trail', async () => {
    const page = await programPageOfPlh();
    await page.getByRole('button', { name: 'Tanda tangani sebagai Plh. Sekretaris Daerah' }).click();
    await page.getByText('Tanda tangan Anda telah tercatat.').waitFor();
    // The decision and the signature, each "sebagai Plh. Sekretaris Daerah atas nama" the Sekda.
    expect(await page.getByText('sebagai Plh. Sekretaris Daerah atas nama Dr. Syafrizal Malin Marajo, M.Si.').count()).toBe(2);
    await checkPage(page, 'program-plh-tanda-tangan');
  });
});
