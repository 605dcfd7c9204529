/**
 * The one page shell of alur: every page (the staff application and the pages behind email
 * links) is a `<Layout>` rendered with `renderDocument`.
 *
 *   return c.html(renderDocument(
 *     <Layout title="Tugas saya" nav={<MainNav current="/tugas" />} person={<SignedIn who={me} />}>
 *       <h1>Tugas saya</h1> ...
 *     </Layout>,
 *   ));
 *
 * - `title` is the tab title (" · alur" is added); when a form came back refused, pass
 *   `hasErrors` so it starts with "Kesalahan: " as screen-reader users expect.
 * - `nav` and `person` are optional slots: the main navigation (a `<ul>` of links, put
 *   `aria-current="page"` on the current one) and the signed-in person with the sign-out form.
 * - Text is escaped by JSX; the stylesheet (./styles.ts) is inlined, nothing else loads, no
 *   scripts. Link pages also send `Cache-Control: no-store` and `Referrer-Policy: no-referrer`
 *   (api/routes/act.ts) and say so again in a meta tag.
 */
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { singleLine } from '../../mail/format.js';
import { css } from './styles.js';

export const productName = 'alur';
export const regency = 'Pemerintah Kabupaten Solok Selatan';

/** Said on every page and every email. */
export const tteNote = 'Persetujuan melalui alur merupakan keputusan administratif, bukan tanda tangan elektronik tersertifikasi (TTE).';

export interface LayoutProps {
  title: string;
  hasErrors?: boolean;
  nav?: Child;
  person?: Child;
  children?: Child;
}

export function Layout(p: LayoutProps) {
  const title = `${p.hasErrors === true ? 'Kesalahan: ' : ''}${singleLine(p.title)} · ${productName}`;
  return (
    <html lang="id">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <meta name="referrer" content="no-referrer" />
        <title>{title}</title>
        <style>{raw(css)}</style>
      </head>
      <body>
        <a class="skip-link" href="#isi">
          Langsung ke isi utama
        </a>
        <header class="site-header">
          <div class="wrap">
            <a class="brand" href="/">
              {productName}
            </a>
            <span class="regency">{regency}</span>
            {p.person === undefined ? null : <div class="person">{p.person}</div>}
          </div>
          {p.nav === undefined ? null : (
            <nav class="site-nav" aria-label="Menu utama">
              {p.nav}
            </nav>
          )}
        </header>
        <main id="isi" class="wrap" tabindex={-1}>
          {p.children}
        </main>
        <footer class="wrap footer">
          <p>Sistem alur kerja dan persetujuan Program Smart City {regency}.</p>
          <p>{tteNote}</p>
        </footer>
      </body>
    </html>
  );
}

/**
 * A complete HTML document from a `<Layout>`: the doctype and the rendered page. Components
 * here are synchronous, so the page renders to a string at once; an async component is a
 * programming error and throws.
 */
export function renderDocument(page: HtmlEscapedString | Promise<HtmlEscapedString>): string {
  if (page instanceof Promise) throw new TypeError('pages render synchronously: no async components in a page');
  return `<!doctype html>\n${page.toString()}`;
}
