/**
 * Reading a PDF back as a person would: its text with poppler's `pdftotext`, and its QR code
 * by rendering the page with `pdftoppm` and decoding the picture with jsQR (Debian's
 * poppler-utils, installed by scripts/ensure-system-packages.mjs).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';

const run = promisify(execFile);
// jsqr is CommonJS with an `exports.default`: under NodeNext its default import is the module object.
const jsQR = jsQRModule.default;

async function withPdfFile<T>(pdf: Uint8Array, use: (file: string, dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'alur-pdf-'));
  try {
    const file = join(dir, 'document.pdf');
    await writeFile(file, pdf);
    return await use(file, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The document's text in reading order, pages separated by form feeds. */
export function pdfText(pdf: Uint8Array): Promise<string> {
  return withPdfFile(pdf, async (file) => (await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'])).stdout);
}

/** The number of pages, as poppler counts them. */
export function pdfPageCount(pdf: Uint8Array): Promise<number> {
  return withPdfFile(pdf, async (file) => Number(/Pages:\s+(\d+)/.exec((await run('pdfinfo', [file])).stdout)?.[1] ?? NaN));
}

/** The text of every QR code found on the rendered pages (150 dpi, as a phone camera would see a print). */
export function pdfQrCodes(pdf: Uint8Array): Promise<string[]> {
  return withPdfFile(pdf, async (file, dir) => {
    await run('pdftoppm', ['-png', '-r', '150', file, join(dir, 'page')]);
    const pages = (await readdir(dir)).filter((f) => f.startsWith('page') && f.endsWith('.png')).sort();
    const found: string[] = [];
    for (const page of pages) {
      const png = PNG.sync.read(await readFile(join(dir, page)));
      const code = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length), png.width, png.height);
      if (code) found.push(code.data);
    }
    return found;
  });
}
