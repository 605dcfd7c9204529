/**
 * Signing in and out (docs/product.md §8). An emailed sign-in link (single use, 15 minutes) is
 * opened like an action link (§6): its GET shows a page with a "Masuk" button and changes
 * nothing, since mail scanners open every link; only the POST signs in. The page records the
 * request and the worker mails the link (workflows/sign-in-link-workflow.ts), looking the address
 * up in the roster itself, so whether an address is registered is never revealed, not even by
 * how long the answer takes. With ALUR_DEV_LOGIN=1 each roster person has a button.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { Hono, type Context } from 'hono';
import type { Person } from '../../domain/roles.js';
import { signInLinkMinutes, signInWorkflowId } from '../../domain/sign-in.js';
import type { signInLinkWorkflow } from '../../workflows/sign-in-link-workflow.js';
import { hashLinkToken, linkTokenPattern } from '../../security/link-tokens.js';
import type { AppDeps } from '../context.js';
import { clientAddress, createRateLimiter } from '../rate-limit.js';
import { Actions, Button, ErrorSummary, Notice, TextInput, formText } from '../views/components.js';
import { publicPage } from './chrome.js';
import { safeReturnPath, type Sessions, type WebEnv } from './session.js';

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Sign-in link requests allowed per client address, and per email address, in one window. */
export const signInRequestsPerWindow = 5;
const signInRequestWindowMs = 15 * 60_000;

/** The refusal of a POST that did not come from our own pages (a cross-site form). */
export function crossSiteRefusal(c: Context) {
  return c.html(
    publicPage({
      title: 'Permintaan ditolak',
      children: (
        <>
          <h1>Permintaan ditolak</h1>
          <p>Formulir ini tidak dikirim dari halaman alur. Buka kembali halaman alur dan ulangi.</p>
        </>
      ),
    }),
    403,
  );
}

function SignInPage(p: { returnTo: string; email: string; error?: string; devPeople: Person[]; sso: boolean }) {
  const errors = p.error ? [{ field: 'email', message: p.error }] : [];
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1>Masuk ke alur</h1>
      <form method="post" action="/masuk">
        <input type="hidden" name="ke" value={p.returnTo} />
        <TextInput
          name="email"
          type="email"
          label="Alamat surel"
          hint="Alamat surel dinas Anda yang terdaftar. Kami kirimkan tautan masuk yang berlaku 15 menit."
          autocomplete="email"
          value={p.email}
          error={p.error}
          required
        />
        <Actions>
          <Button>Kirim tautan masuk</Button>
        </Actions>
      </form>
      {p.sso ? (
        <form method="get" action="/masuk/sso">
          <input type="hidden" name="ke" value={p.returnTo} />
          <Actions>
            <Button variant="secondary">Masuk dengan SSO</Button>
          </Actions>
        </form>
      ) : null}
      {p.devPeople.length > 0 ? (
        <section aria-labelledby="dev-title">
          <h2 id="dev-title">Masuk untuk pengembangan</h2>
          <p class="hint">Hanya tersedia di lingkungan pengembangan.</p>
          <form method="post" action="/masuk/dev" class="dev-people">
            <input type="hidden" name="ke" value={p.returnTo} />
            <ul class="plain-list">
              {p.devPeople.map((person) => (
                <li>
                  <Button variant="secondary" name="orang" value={person.id}>
                    Masuk sebagai {person.name}
                  </Button>{' '}
                  <span class="hint">{person.title}</span>
                </li>
              ))}
            </ul>
          </form>
        </section>
      ) : null}
    </>
  );
}

/** 429: too many sign-in links asked for, from this client or for this address. */
function tooManyRequests(c: Context, waitSeconds: number) {
  c.header('Retry-After', String(waitSeconds));
  const minutes = Math.ceil(waitSeconds / 60);
  return c.html(
    publicPage({
      title: 'Terlalu banyak permintaan',
      children: (
        <>
          <h1>Terlalu banyak permintaan</h1>
          <p>Tautan masuk sudah terlalu sering diminta dalam waktu singkat. Demi keamanan, permintaan berikutnya dapat dilakukan {minutes} menit lagi.</p>
          <p>Jika Anda sudah menerima surel berisi tautan masuk, gunakan tautan terbaru dalam surel tersebut.</p>
          <p>
            <a href="/masuk">Kembali ke halaman masuk</a>
          </p>
        </>
      ),
    }),
    429,
  );
}

function LinkUnusablePage() {
  return (
    <>
      <h1>Tautan masuk tidak berlaku</h1>
      <p>Tautan ini sudah dipakai atau masa berlakunya (15 menit) telah habis.</p>
      <p>
        <a href="/masuk">Minta tautan masuk yang baru</a>
      </p>
    </>
  );
}

export function signInRoutes(deps: AppDeps, sessions: Sessions, oidcConfigured: boolean) {
  const { store, temporal } = deps;
  // Each request sends an email: limited per client, so nobody floods the relay, and per address, so nobody floods one inbox.
  const requestsByClient = createRateLimiter(signInRequestsPerWindow, signInRequestWindowMs);
  const requestsByEmail = createRateLimiter(signInRequestsPerWindow, signInRequestWindowMs);

  async function renderSignIn(c: Context<WebEnv>, returnTo: string, email = '', error?: string) {
    const devPeople = deps.devLogin ? (await store.roster.listPeople()).sort((a, b) => a.name.localeCompare(b.name)) : [];
    return c.html(
      publicPage({
        title: 'Masuk',
        hasErrors: error !== undefined,
        children: <SignInPage returnTo={returnTo} email={email} error={error} devPeople={devPeople} sso={oidcConfigured} />,
      }),
      error === undefined ? 200 : 400,
    );
  }

  async function signInAndGo(c: Context<WebEnv>, person: Person, method: string, returnTo: string) {
    await sessions.start(c, person, method);
    return c.redirect(safeReturnPath(returnTo), 303);
  }

  /** Records the request and has the worker mail the link (to registered addresses only). */
  async function requestLink(email: string, returnTo: string): Promise<void> {
    const requestId = randomUUID();
    const expiresAt = new Date(Date.now() + signInLinkMinutes * 60_000).toISOString();
    await store.sessions.recordSignInRequest({ requestId, email, returnTo, expiresAt });
    try {
      await temporal.workflow.start<typeof signInLinkWorkflow>('signInLinkWorkflow', {
        workflowId: signInWorkflowId(requestId),
        taskQueue: deps.taskQueue,
        args: [{ requestId }],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (e) {
      // A start retried after it reached the server: the link is already on its way.
      if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
    }
  }

  const formOf = (c: Context) => c.req.parseBody();

  return new Hono<WebEnv>()
    .get('/', (c) => c.redirect(c.get('person') ? '/tugas' : '/masuk', 303))

    .get('/masuk', async (c) => {
      const returnTo = safeReturnPath(c.req.query('ke'));
      if (c.get('person')) return c.redirect(returnTo, 303);
      return renderSignIn(c, returnTo);
    })

    .post('/masuk', async (c) => {
      if (!sessions.fromOwnPage(c)) return crossSiteRefusal(c);
      const form = await formOf(c);
      const returnTo = safeReturnPath(formText(form['ke']));
      const email = formText(form['email']).trim().slice(0, 254);
      if (!emailPattern.test(email)) return renderSignIn(c, returnTo, email, 'Masukkan alamat surel yang benar, misalnya nama@solselkab.go.id.');
      const client = clientAddress(c, deps.trustProxy ?? false);
      const address = email.toLowerCase();
      const wait = Math.max(requestsByClient.retryAfter(client), requestsByEmail.retryAfter(address));
      if (wait > 0) return tooManyRequests(c, wait);
      requestsByClient.count(client);
      requestsByEmail.count(address);
      // Every well-formed address is recorded and handed to the worker, registered or not, so the
      // answer is the same in words and in timing.
      await requestLink(email, returnTo);
      return c.html(
        publicPage({
          title: 'Periksa surel Anda',
          children: (
            <>
              <h1>Periksa surel Anda</h1>
              <Notice kind="info">
                Jika {email} terdaftar di alur, tautan masuk telah dikirim ke alamat tersebut. Tautan berlaku {signInLinkMinutes} menit dan hanya dapat dipakai
                sekali.
              </Notice>
              <p>
                <a href="/masuk">Kembali ke halaman masuk</a>
              </p>
            </>
          ),
        }),
      );
    })

    .post('/masuk/dev', async (c) => {
      if (!deps.devLogin) return c.notFound();
      if (!sessions.fromOwnPage(c)) return crossSiteRefusal(c);
      const form = await formOf(c);
      const person = await store.roster.getPerson(formText(form['orang']).slice(0, 100));
      if (!person) return renderSignIn(c, safeReturnPath(formText(form['ke'])));
      return signInAndGo(c, person, 'dev', formText(form['ke']));
    })

    .get('/masuk/:token', async (c) => {
      const token = c.req.param('token');
      const link = linkTokenPattern.test(token) ? await store.sessions.peekSignInLink(hashLinkToken(token), new Date()) : null;
      if (!link) return c.html(publicPage({ title: 'Tautan masuk tidak berlaku', children: <LinkUnusablePage /> }), 410);
      return c.html(
        publicPage({
          title: 'Masuk',
          children: (
            <>
              <h1>Masuk ke alur</h1>
              <p>Tekan tombol di bawah untuk masuk. Tautan ini hanya dapat dipakai sekali.</p>
              <form method="post" action={`/masuk/${token}`}>
                <Actions>
                  <Button>Masuk</Button>
                </Actions>
              </form>
            </>
          ),
        }),
      );
    })

    .post('/masuk/:token', async (c) => {
      if (!sessions.fromOwnPage(c)) return crossSiteRefusal(c);
      const token = c.req.param('token');
      const link = linkTokenPattern.test(token) ? await store.sessions.useSignInLink(hashLinkToken(token), new Date()) : null;
      const person = link ? await store.roster.getPerson(link.personId) : null;
      if (!link || !person) return c.html(publicPage({ title: 'Tautan masuk tidak berlaku', children: <LinkUnusablePage /> }), 410);
      return signInAndGo(c, person, 'link', link.returnTo);
    })

    .post('/keluar', async (c) => {
      const session = c.get('session');
      if (!sessions.fromOwnPage(c) || (session && !sessions.carriesToken(session, await formOf(c)))) return crossSiteRefusal(c);
      await sessions.end(c);
      return c.redirect('/masuk', 303);
    });
}
