/**
 * What every page of the staff application has around its content: the main navigation, the
 * signed-in person with the sign-out button, and the session's CSRF token in each form.
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { portfolioRefusal, type Person } from '../../domain/roles.js';
import type { Session } from '../../store/index.js';
import { Layout, renderDocument } from '../views/layout.js';
import { csrfField, viewerOf, type Viewer, type WebEnv } from './session.js';

/** The hidden field with the session's token: every form that POSTs while signed in has it. */
export function CsrfField(p: { session: Session }) {
  return <input type="hidden" name={csrfField} value={p.session.csrfToken} />;
}

const navItems = [
  { href: '/tugas', label: 'Tugas saya' },
  { href: '/program', label: 'Program' },
  { href: '/masterplan/komitmen', label: 'Komitmen masterplan' },
] as const;

function MainNav(p: { current: string; canPropose: boolean; secretariat: boolean; readsPortfolio: boolean }) {
  const items = [
    ...navItems,
    ...(p.readsPortfolio ? [{ href: '/dasbor', label: 'Dasbor' }] : []),
    ...(p.canPropose ? [{ href: '/program/baru', label: 'Usulan baru' }] : []),
    ...(p.secretariat
      ? [
          { href: '/delegasi', label: 'Plt./Plh.' },
          { href: '/admin/orang', label: 'Orang' },
          { href: '/admin/masterplan', label: 'Masterplan' },
          { href: '/admin/jabatan', label: 'Jabatan' },
          { href: '/admin/libur', label: 'Hari libur' },
          { href: '/admin/opd', label: 'OPD' },
          { href: '/admin/penandatanganan', label: 'Penandatangan' },
        ]
      : []),
  ];
  return (
    <ul>
      {items.map((i) => (
        <li>
          <a href={i.href} aria-current={i.href === p.current ? 'page' : undefined}>
            {i.label}
          </a>
        </li>
      ))}
    </ul>
  );
}

function SignedIn(p: { person: Person; session: Session }) {
  return (
    <form method="post" action="/keluar" class="sign-out">
      <span>
        {p.person.name}, {p.person.title}
      </span>
      <CsrfField session={p.session} />
      <button type="submit" class="button button-secondary">
        Keluar
      </button>
    </form>
  );
}

/** A page of a signed-in person, as a complete HTML document. */
export function appPage(p: { title: string; viewer: Viewer; current: string; hasErrors?: boolean; children: Child }): string {
  const canPropose = p.viewer.person.roles.some((r) => r === 'opd_head' || r === 'opd_staff');
  return renderDocument(
    <Layout
      title={p.title}
      hasErrors={p.hasErrors}
      nav={
        <MainNav
          current={p.current}
          canPropose={canPropose}
          secretariat={p.viewer.person.roles.includes('secretariat')}
          readsPortfolio={portfolioRefusal(p.viewer.person) === null}
        />
      }
      person={<SignedIn person={p.viewer.person} session={p.viewer.session} />}
    >
      {p.children}
    </Layout>,
  );
}

/**
 * How the pages of one section answer: `respond(c, title, children, status, hasErrors)` renders a
 * signed-in page with `current` marked in the navigation.
 */
export function sectionPages(current: string) {
  return (c: Context<WebEnv>, title: string, children: Child, status: ContentfulStatusCode = 200, hasErrors = false) =>
    c.html(appPage({ title, viewer: viewerOf(c), current, hasErrors, children }), status);
}

/** A page for someone not signed in (sign-in, a used link). */
export function publicPage(p: { title: string; hasErrors?: boolean; children: Child }): string {
  return renderDocument(
    <Layout title={p.title} hasErrors={p.hasErrors}>
      {p.children}
    </Layout>,
  );
}
