/**
 * The signing policy page for the secretariat (docs/product.md §10), /admin/penandatanganan:
 * which offices sign a programme's commitment, by default and for quick wins, the form to change
 * it, and every change (who, when, before and after). It says that a change applies to
 * commitments whose signing starts after it. It acts through the same operation as
 * `PUT /v1/signing-policy` (api/signing-policy.ts).
 */
import { Hono, type Context, type Next } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { signerOfficeLabels, signerOffices, type SignerOffice } from '../../domain/signing.js';
import type { AppDeps } from '../context.js';
import { fieldProblems } from '../people-roster.js';
import { ProblemError } from '../problem.js';
import type { SigningPolicyChange } from '../../store/signing.js';
import { changeSigningPolicy, readSigningPolicy, signingPolicyBody, signingPolicyChanges, signingPolicyRefusal } from '../signing-policy.js';
import { Actions, Button, ChangeHistory, Choices, ErrorSummary, Notice, SummaryList, errorFor, type FieldError } from '../views/components.js';
import { CsrfField, sectionPages } from './chrome.js';
import { viewerOf, type WebEnv } from './session.js';

const base = '/admin/penandatanganan';

const officeItems = signerOffices.map((o) => ({ value: o, label: signerOfficeLabels[o] }));
const listed = (offices: readonly SignerOffice[]) => offices.map((o) => signerOfficeLabels[o]).join(', ');
const checkedOf = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');

const quickWinSigners = (offices: readonly SignerOffice[] | undefined) => (offices ? listed(offices) : 'sama dengan program lain');

/** One change of the policy in words: only what changed. */
export function policyChangeLines(change: Pick<SigningPolicyChange, 'before' | 'after'>): string[] {
  const { before, after } = change;
  const lines: string[] = [];
  if (listed(before.default) !== listed(after.default)) lines.push(`Program: ${listed(before.default)} → ${listed(after.default)}`);
  if (quickWinSigners(before.quickWin) !== quickWinSigners(after.quickWin))
    lines.push(`Quick win: ${quickWinSigners(before.quickWin)} → ${quickWinSigners(after.quickWin)}`);
  return lines;
}

interface Typed {
  biasa: string[];
  quickWin: string[];
}

export function adminSigningPolicyPages(deps: AppDeps) {
  const page = sectionPages(base);

  async function policyPage(c: Context<WebEnv>, refused?: { typed: Typed; errors: FieldError[]; notice?: string }, status: ContentfulStatusCode = 200) {
    const [policy, changes] = await Promise.all([readSigningPolicy(deps), signingPolicyChanges(deps)]);
    const errors = refused?.errors ?? [];
    const typed = refused?.typed ?? { biasa: policy.default, quickWin: policy.quickWin ?? [] };
    return page(
      c,
      'Penandatangan komitmen',
      <>
        {c.req.query('selesai') === '1' ? (
          <Notice kind="success">
            Kebijakan penandatanganan telah disimpan. Kebijakan ini berlaku untuk komitmen yang penandatanganannya dimulai setelah ini.
          </Notice>
        ) : null}
        {refused?.notice ? <Notice kind="warning">{refused.notice}</Notice> : null}
        <ErrorSummary errors={errors} />
        <h1>Penandatangan komitmen program</h1>
        <p>
          Jabatan yang menandatangani komitmen sebuah program setelah disetujui Sekretaris Daerah. Tanda tangan diminta kepada pemegang jabatan pada hari itu.
        </p>
        <SummaryList
          rows={[
            { term: 'Program', value: listed(policy.default) },
            { term: 'Quick win', value: policy.quickWin ? listed(policy.quickWin) : 'Sama dengan program lain' },
          ]}
        />
        <Notice kind="info" title="Kapan perubahan berlaku">
          Perubahan berlaku untuk komitmen yang penandatanganannya dimulai setelah perubahan disimpan. Komitmen yang sedang ditandatangani tetap meminta tanda
          tangan jabatan yang ditetapkan ketika penandatanganannya dimulai.
        </Notice>
        <h2>Ubah penandatangan</h2>
        <form method="post" action={base} novalidate>
          <CsrfField session={viewerOf(c).session} />
          <input type="hidden" name="versi" value={String(policy.version)} />
          <Choices
            type="checkbox"
            name="biasa"
            label="Penandatangan program"
            items={officeItems}
            checked={typed.biasa}
            error={errorFor(errors, 'biasa')}
            required
          />
          <Choices
            type="checkbox"
            name="quickWin"
            label="Penandatangan quick win"
            hint="Kosongkan bila quick win ditandatangani oleh jabatan yang sama dengan program lain."
            items={officeItems}
            checked={typed.quickWin}
            error={errorFor(errors, 'quickWin')}
          />
          <Actions>
            <Button>Simpan penandatangan</Button>
          </Actions>
        </form>
        <h2>Riwayat perubahan</h2>
        {changes.length === 0 ? (
          <p>Belum ada perubahan sejak kebijakan ini dicatat dari data awal.</p>
        ) : (
          <ChangeHistory
            caption="Riwayat perubahan penandatangan komitmen"
            changes={changes}
            describe={(change) => (
              <ul>
                {policyChangeLines(change).map((line) => (
                  <li>{line}</li>
                ))}
              </ul>
            )}
          />
        )}
      </>,
      status,
      errors.length > 0,
    );
  }

  return new Hono<WebEnv>()
    .use('*', async (c: Context<WebEnv>, next: Next) => {
      if (signingPolicyRefusal(viewerOf(c).person))
        return page(c, 'Tidak berwenang', <h1>Hanya Sekretariat yang dapat mengubah penandatangan komitmen</h1>, 403);
      await next();
    })

    .get('/', (c) => policyPage(c))

    .post('/', async (c) => {
      const form = await c.req.parseBody({ all: true });
      const typed: Typed = { biasa: checkedOf(form['biasa']), quickWin: checkedOf(form['quickWin']) };
      const parsed = signingPolicyBody.safeParse({
        version: Number(typeof form['versi'] === 'string' ? form['versi'] : ''),
        default: typed.biasa,
        quickWin: typed.quickWin.length === 0 ? null : typed.quickWin,
      });
      if (!parsed.success) {
        const errors = fieldProblems(parsed.error.issues).map((p) => ({
          field: p.path.startsWith('quickWin') ? 'quickWin' : 'biasa',
          message: `${p.message.replace(/^[^:]*: /, '').replace(/^./, (ch) => ch.toUpperCase())}.`,
        }));
        return policyPage(c, { typed, errors }, 422);
      }
      try {
        await changeSigningPolicy(deps, viewerOf(c).person, parsed.data, 'web');
      } catch (e) {
        if (!(e instanceof ProblemError) || e.status !== 409) throw e;
        return policyPage(
          c,
          {
            typed,
            errors: [],
            notice: 'Kebijakan penandatanganan baru saja diubah oleh orang lain. Periksa keadaannya yang terbaru, lalu ulangi perubahan Anda.',
          },
          409,
        );
      }
      return c.redirect(`${base}?selesai=1`, 303);
    });
}
