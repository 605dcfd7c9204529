/**
 * The masterplan page for the secretariat (docs/product.md §9), /admin/masterplan: the
 * period, the dimensions with their sub-dimensions, the quick wins with a form to add one and
 * one per quick win to rename or remove it, and every change made (who, when, before and
 * after). Each form is a plain POST; the page acts through the same operation as
 * `PUT /v1/masterplan/quick-wins`, so the same rules hold: a quick win a programme delivers
 * cannot be removed, and an edit made from a page someone else changed meanwhile is refused.
 */
import { Hono, type Context, type Next } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { MasterplanChange, QuickWin } from '../../domain/masterplan.js';
import type { Opd } from '../../domain/roles.js';
import type { Dimension } from '../../store/index.js';
import type { AppDeps } from '../context.js';
import {
  MasterplanChangedError,
  QuickWinInUseError,
  changeQuickWins,
  masterplanRefusal,
  masterplanView,
  quickWinEditSchema,
  type QuickWinsEdit,
} from '../masterplan-editing.js';
import { ProblemError } from '../problem.js';
import {
  Actions,
  Button,
  ChangeHistory,
  ErrorSummary,
  Notice,
  Select,
  SummaryList,
  TextInput,
  errorFor,
  type FieldError,
  formText,
} from '../views/components.js';
import { appPage, CsrfField } from './chrome.js';
import { viewerOf, type WebEnv } from './session.js';

const base = '/admin/masterplan';

const doneWords: Record<string, string> = {
  ditambah: 'Quick win telah ditambahkan.',
  diubah: 'Nama quick win telah diubah.',
  dihapus: 'Quick win telah dihapus dari masterplan.',
};

/** What the page shows after a refused form: a notice, and problems beside the fields. */
interface Refused {
  notice: string;
  errors: FieldError[];
  /** The new quick win's fields as typed, to put back. */
  typed?: { name: string; dimension: string; opdId: string };
}

/** One change of the masterplan in words: what was added, renamed, removed. */
export function changeLines(change: Pick<MasterplanChange, 'before' | 'after'>): string[] {
  const before = new Map(change.before.quickWins.map((q) => [q.id, q]));
  const after = new Map(change.after.quickWins.map((q) => [q.id, q]));
  const lines: string[] = [];
  for (const q of change.after.quickWins) {
    const old = before.get(q.id);
    if (!old) lines.push(`Quick win ditambahkan: ${q.name}`);
    else if (old.name !== q.name) lines.push(`Quick win diubah namanya: ${old.name} → ${q.name}`);
  }
  for (const q of change.before.quickWins) if (!after.has(q.id)) lines.push(`Quick win dihapus: ${q.name}`);
  return lines;
}

function History(p: { changes: MasterplanChange[] }) {
  if (p.changes.length === 0) return <p>Belum ada perubahan sejak masterplan dicatat.</p>;
  return (
    <ChangeHistory
      caption="Riwayat perubahan masterplan"
      changes={p.changes}
      describe={(change) => (
        <ul>
          {changeLines(change).map((line) => (
            <li>{line}</li>
          ))}
        </ul>
      )}
    />
  );
}

function QuickWinItem(p: {
  quickWin: QuickWin;
  version: number;
  session: Parameters<typeof CsrfField>[0]['session'];
  dimensionName: string | null;
  opdName: string | null;
  error: string | undefined;
}) {
  const q = p.quickWin;
  const field = `nama-${q.id}`;
  return (
    <li>
      <h3>{q.name}</h3>
      {p.dimensionName || p.opdName ? <p class="hint">{[p.dimensionName, p.opdName].filter((s) => s !== null).join(' · ')}</p> : null}
      <form method="post" action={`${base}/quick-win`} novalidate>
        <CsrfField session={p.session} />
        <input type="hidden" name="versi" value={String(p.version)} />
        <input type="hidden" name="id" value={q.id} />
        <TextInput name="nama" id={field} label={`Nama baru untuk ${q.name}`} value={q.name} error={p.error} />
        <Actions>
          <Button variant="secondary" name="aksi" value="ubah">
            Simpan nama
          </Button>
          <Button variant="warning" name="aksi" value="hapus">
            Hapus quick win
          </Button>
        </Actions>
      </form>
    </li>
  );
}

export function adminMasterplanPages(deps: AppDeps) {
  const { store } = deps;

  const page = (
    c: Context<WebEnv>,
    title: string,
    children: Parameters<typeof appPage>[0]['children'],
    status: ContentfulStatusCode = 200,
    hasErrors = false,
  ) => c.html(appPage({ title, viewer: viewerOf(c), current: base, hasErrors, children }), status);

  async function masterplanPage(c: Context<WebEnv>, refused?: Refused, status: ContentfulStatusCode = 200) {
    const { session } = viewerOf(c);
    const [view, opds] = await Promise.all([masterplanView(deps), store.roster.listOpds()]);
    const changes = await store.masterplan.history(view.id);
    opds.sort((a, b) => a.name.localeCompare(b.name, 'id'));
    const dimensionName = (id: string | undefined) => (id === undefined ? null : (view.dimensions.find((d) => d.id === id)?.name ?? id));
    const opdName = (id: string | undefined) => (id === undefined ? null : (opds.find((o: Opd) => o.id === id)?.name ?? id));
    const errors = refused?.errors ?? [];
    const done = doneWords[c.req.query('selesai') ?? ''];
    const dimensions: Dimension[] = view.dimensions.map((d) => ({ id: d.id, name: d.name, sub: d.subDimensions.map((s) => s.name) }));
    return page(
      c,
      'Masterplan',
      <>
        {done ? <Notice kind="success">{done}</Notice> : null}
        {refused ? <Notice kind="warning">{refused.notice}</Notice> : null}
        <ErrorSummary errors={errors} />
        <h1>{view.title}</h1>
        <SummaryList rows={[{ term: 'Masa berlaku', value: `${view.startYear}–${view.endYear}` }]} />
        <h2>Quick win</h2>
        <p>
          Quick win yang ditetapkan dalam masterplan. Program memilih salah satunya pada usulan. Quick win yang sudah diwujudkan oleh suatu program tidak dapat
          dihapus, tetapi namanya dapat diubah.
        </p>
        {view.quickWins.length === 0 ? (
          <Notice kind="info">Masterplan belum mencatat quick win.</Notice>
        ) : (
          <ul class="plain-list">
            {view.quickWins.map((q) => (
              <QuickWinItem
                quickWin={q}
                version={view.version}
                session={session}
                dimensionName={dimensionName(q.dimension)}
                opdName={opdName(q.opdId)}
                error={errorFor(errors, `nama-${q.id}`)}
              />
            ))}
          </ul>
        )}
        <h2>Tambah quick win</h2>
        <form method="post" action={`${base}/quick-win`} novalidate>
          <CsrfField session={session} />
          <input type="hidden" name="versi" value={String(view.version)} />
          <TextInput name="nama" id="nama-baru" label="Nama quick win" value={refused?.typed?.name ?? ''} error={errorFor(errors, 'nama-baru')} required />
          <Select
            name="dimensi"
            label="Dimensi"
            placeholder="Tidak ditentukan"
            options={dimensions.map((d) => ({ value: d.id, label: d.name }))}
            value={refused?.typed?.dimension}
            error={errorFor(errors, 'dimensi')}
          />
          <Select
            name="opd"
            label="OPD penanggung jawab"
            placeholder="Tidak ditentukan"
            options={opds.map((o) => ({ value: o.id, label: o.name }))}
            value={refused?.typed?.opdId}
            error={errorFor(errors, 'opd')}
          />
          <Actions>
            <Button name="aksi" value="tambah">
              Tambah quick win
            </Button>
          </Actions>
        </form>
        <h2>Dimensi dan sub-dimensi</h2>
        <ul>
          {dimensions.map((d) => (
            <li>
              <strong>{d.name}</strong>: {d.sub.join(', ')}
            </li>
          ))}
        </ul>
        <h2>Riwayat perubahan</h2>
        <History changes={changes} />
      </>,
      status,
      errors.length > 0,
    );
  }

  /** The list of quick wins a form asks for, from the masterplan it was drawn from. */
  function plannedEdit(current: QuickWin[], version: number, form: Record<string, unknown>): { edit: QuickWinsEdit; field: string } | FieldError {
    const action = formText(form['aksi']);
    const id = formText(form['id']);
    const name = quickWinEditSchema.shape.name.safeParse(formText(form['nama']));
    const asEdit = (q: QuickWin) => ({ id: q.id, name: q.name, ...(q.dimension ? { dimension: q.dimension } : {}), ...(q.opdId ? { opdId: q.opdId } : {}) });
    const nameProblem = 'Isi nama quick win, paling banyak 200 karakter dalam satu baris.';
    if (action === 'tambah') {
      if (!name.success) return { field: 'nama-baru', message: nameProblem };
      const dimension = formText(form['dimensi']);
      const opdId = formText(form['opd']);
      const added = { name: name.data, ...(dimension ? { dimension } : {}), ...(opdId ? { opdId } : {}) };
      return { edit: { version, quickWins: [...current.map(asEdit), added] }, field: 'nama-baru' };
    }
    if (action === 'ubah') {
      if (!name.success) return { field: `nama-${id}`, message: nameProblem };
      return { edit: { version, quickWins: current.map((q) => (q.id === id ? { ...asEdit(q), name: name.data } : asEdit(q))) }, field: `nama-${id}` };
    }
    return { edit: { version, quickWins: current.filter((q) => q.id !== id).map(asEdit) }, field: `nama-${id}` };
  }

  /** A refusal of the operation in the secretariat's words. */
  function refusalOf(e: ProblemError, field: string): { refused: Refused; status: ContentfulStatusCode } {
    if (e instanceof QuickWinInUseError) {
      const programmes = e.held.flatMap((h) => h.programmes).join('; ');
      return {
        refused: {
          notice: `Quick win ini tidak dapat dihapus karena diwujudkan oleh program: ${programmes}. Ubah namanya, atau ubah dahulu usulan program tersebut.`,
          errors: [],
        },
        status: 409,
      };
    }
    if (e instanceof MasterplanChangedError) {
      return {
        refused: { notice: 'Masterplan baru saja diubah oleh orang lain. Periksa daftar terbaru di bawah, lalu ulangi perubahan Anda.', errors: [] },
        status: 409,
      };
    }
    const duplicate = (e.errors ?? []).some((p) => p.path.endsWith('.name'));
    return {
      refused: {
        notice: 'Perubahan belum disimpan.',
        errors: [{ field, message: duplicate ? 'Nama ini sudah dipakai quick win lain.' : 'Periksa isian ini.' }],
      },
      status: 422,
    };
  }

  return new Hono<WebEnv>()
    .use('*', async (c: Context<WebEnv>, next: Next) => {
      if (masterplanRefusal(viewerOf(c).person)) return page(c, 'Tidak berwenang', <h1>Hanya Sekretariat yang dapat mengelola masterplan</h1>, 403);
      await next();
    })

    .get('/', (c) => masterplanPage(c))

    .post('/quick-win', async (c) => {
      const form = await c.req.parseBody();
      const current = await store.masterplan.current();
      if (!current) throw new ProblemError(503, 'Not ready', 'the masterplan has not been seeded yet');
      const version = Number(formText(form['versi']));
      // Only the form adding a quick win is put back as typed; the others show the list as stored.
      const typed =
        formText(form['aksi']) === 'tambah' ? { name: formText(form['nama']), dimension: formText(form['dimensi']), opdId: formText(form['opd']) } : undefined;
      const planned = plannedEdit(current.masterplan.quickWins, Number.isInteger(version) ? version : -1, form);
      if ('message' in planned) return masterplanPage(c, { notice: 'Perubahan belum disimpan.', errors: [planned], ...(typed ? { typed } : {}) }, 422);
      try {
        await changeQuickWins(deps, viewerOf(c).person, planned.edit, 'web');
      } catch (e) {
        if (!(e instanceof ProblemError) || e.status >= 500) throw e;
        const { refused, status } = refusalOf(e, planned.field);
        return masterplanPage(c, { ...refused, ...(typed ? { typed } : {}) }, status);
      }
      const done = { tambah: 'ditambah', ubah: 'diubah', hapus: 'dihapus' }[formText(form['aksi'])] ?? 'diubah';
      return c.redirect(`${base}?selesai=${done}`, 303);
    });
}
