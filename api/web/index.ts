/**
 * The staff web application (docs/product.md §8), mounted beside the API at the same origin.
 * Sessions are read only on the application's own paths, so the bearer-token API and the
 * emailed link pages are untouched. A signed-out GET of a page goes through sign-in and comes
 * back; every signed-in form POST must come from our own page and carry the session's token.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import type { AppDeps } from '../context.js';
import { delegationPages } from './delegations.js';
import { adminMasterplanPages } from './admin-masterplan.js';
import { adminHolidayPages } from './admin-holidays.js';
import { adminOfficePages } from './admin-offices.js';
import { adminOpdPages } from './admin-opds.js';
import { adminPeoplePages } from './admin-people.js';
import { adminSigningPolicyPages } from './admin-signing-policy.js';
import { dashboardRoutes } from './dashboard.js';
import { masterplanCommitmentPages } from './masterplan-commitment.js';
import { programPages } from './program-pages.js';
import { createSessions, type Sessions, type WebEnv } from './session.js';
import { crossSiteRefusal, signInRoutes } from './sign-in.js';
import { ssoRoutes } from './sso.js';
import { taskRoutes } from './tasks.js';

/** The paths of the application (the rest of the origin is the API and the link pages); `/x/*` covers `/x` too. */
const appPaths = ['/', '/masuk/*', '/keluar', '/tugas', '/dasbor', '/program/*', '/delegasi/*', '/admin/*', '/masterplan/komitmen/*'];
const signedInPaths = ['/tugas', '/dasbor', '/program/*', '/delegasi/*', '/admin/*', '/masterplan/komitmen/*'];

function signedInOnly(sessions: Sessions): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const session = c.get('session');
    if (!session) {
      const url = new URL(c.req.url);
      const back = c.req.method === 'GET' ? `${url.pathname}${url.search}` : '/tugas';
      return c.redirect(`/masuk?ke=${encodeURIComponent(back)}`, 303);
    }
    if (c.req.method === 'POST') {
      const form = await c.req.parseBody({ all: true });
      if (!sessions.fromOwnPage(c) || !sessions.carriesToken(session, form)) return crossSiteRefusal(c);
    }
    await next();
  };
}

export function webRoutes(deps: AppDeps) {
  const sessions = createSessions(deps);
  const web = new Hono<WebEnv>();
  for (const path of appPaths) web.use(path, sessions.load);
  for (const path of signedInPaths) web.use(path, signedInOnly(sessions));
  // Before the sign-in routes: `/masuk/:token` would take `/masuk/sso` for a link.
  if (deps.oidc) web.route('/masuk/sso', ssoRoutes(deps, deps.oidc, sessions));
  return web
    .route('/', signInRoutes(deps, sessions, deps.oidc !== undefined))
    .route('/tugas', taskRoutes(deps))
    .route('/dasbor', dashboardRoutes(deps))
    .route('/program', programPages(deps))
    .route('/delegasi', delegationPages(deps))
    .route('/admin/orang', adminPeoplePages(deps))
    .route('/admin/masterplan', adminMasterplanPages(deps))
    .route('/admin/jabatan', adminOfficePages(deps))
    .route('/admin/libur', adminHolidayPages(deps))
    .route('/admin/opd', adminOpdPages(deps))
    .route('/admin/penandatanganan', adminSigningPolicyPages(deps))
    .route('/masterplan/komitmen', masterplanCommitmentPages(deps));
}
