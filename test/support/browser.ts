/**
 * A real Chromium (Debian's package, installed by scripts/ensure-system-packages.mjs) driven by
 * playwright-core, and the checks every page of the staff application must pass: no serious
 * or critical axe-core violation, and no horizontal scrolling on a 390 px wide phone.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { stack } from './stack.js';

export const chromiumPath = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export const desktop = { width: 1280, height: 900 };
export const phone = { width: 390, height: 844 };

/** A fresh browser profile (no cookies) at the stack's address. */
export function newContext(browser: Browser, viewport = desktop): Promise<BrowserContext> {
  return browser.newContext({ baseURL: stack().api, viewport, locale: 'id-ID', timezoneId: 'Asia/Jakarta' });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A and AA rules). */
export async function seriousViolations(page: Page): Promise<string[]> {
  // The pages' Content-Security-Policy forbids scripts: axe runs in the page's isolated world through the protocol.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(o: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Whether the page is wider than its viewport (a phone user would have to scroll sideways). */
export function scrollsSideways(page: Page): Promise<boolean> {
  // A string, run in the page: this project's TypeScript has no DOM types.
  return page.evaluate<boolean>('document.documentElement.scrollWidth > document.documentElement.clientWidth');
}

const screenshotDir = process.env['ALUR_SCREENSHOTS'];

/**
 * The checks every page must pass, at the size the page is shown, and at phone width: axe finds
 * nothing serious, and nothing scrolls sideways. With ALUR_SCREENSHOTS=<folder>, a full-page
 * screenshot of each size is saved there under `name`.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  expect(await seriousViolations(page), `axe on ${name} (${page.url()})`).toEqual([]);
  const size = page.viewportSize() ?? desktop;
  if (screenshotDir) {
    mkdirSync(screenshotDir, { recursive: true });
    await page.screenshot({ path: join(screenshotDir, `${name}-desktop.png`), fullPage: true });
  }
  await page.setViewportSize(phone);
  expect(await scrollsSideways(page), `${name} scrolls sideways at 390 px`).toBe(false);
  if (screenshotDir) await page.screenshot({ path: join(screenshotDir, `${name}-390.png`), fullPage: true });
  await page.setViewportSize(size);
}

/**
 * A page signed in through a development-login button ("Masuk sebagai <name>"), landed on
 * "Tugas saya"; its context joins `contexts` so the test closes it.
 */
export async function signedInByDevButton(browser: Browser, contexts: BrowserContext[], name: string): Promise<Page> {
  const context = await newContext(browser);
  contexts.push(context);
  const page = await context.newPage();
  await page.goto('/masuk');
  await page.getByRole('button', { name: `Masuk sebagai ${name}` }).click();
  await page.waitForURL('**/tugas');
  return page;
}

/**
 * Fills one indicator of the proposal form (`indicator`: its fieldset, "Indikator n"): the
 * fields given, the type output unless another is given, the baseline as [value, year].
 */
export async function fillIndicator(
  indicator: Locator,
  k: { name?: string; unit?: string; target?: string; type?: 'input' | 'output' | 'outcome' | 'impact'; baseline?: [string, string] },
): Promise<void> {
  if (k.name !== undefined) await indicator.getByLabel('Nama indikator').fill(k.name);
  await indicator.getByLabel('Jenis indikator').selectOption(k.type ?? 'output');
  if (k.unit !== undefined) await indicator.getByLabel('Satuan').fill(k.unit);
  if (k.baseline) {
    await indicator.getByLabel('Baseline').fill(k.baseline[0]);
    await indicator.getByLabel('Tahun kondisi awal').fill(k.baseline[1]);
  }
  if (k.target !== undefined) await indicator.getByLabel('Target').fill(k.target);
}

/**
 * One Chromium for a test file: launched before its tests, closed after them together with every
 * context opened through `newContext` or `signedIn`.
 */
export function chromiumForThisFile() {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
  });
  const launched = (): Browser => {
    if (!browser) throw new Error('Chromium is launched in beforeAll');
    return browser;
  };
  return {
    async newContext(): Promise<BrowserContext> {
      const context = await newContext(launched());
      contexts.push(context);
      return context;
    },
    signedIn: (name: string): Promise<Page> => signedInByDevButton(launched(), contexts, name),
  };
}
