/**
 * The OPD pages for the secretariat (docs/product.md §10), under /admin/opd: every OPD with
 * whether it is still active; a form to add one; one OPD's page with its changes (who, when,
 * before and after), the form to rename it and the start of a merge; and the merge's check page,
 * which says what will move before anything is written. They act through the same operations as
 * `/v1/opds` (api/opds.ts), so the same rules hold.
 */
import { Hono, type Context, type Next } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { newOpdSchema, opdPatchSchema, opdRefusal, type OpdChange, type OpdFieldProblem } from '../../domain/opds.js';
import { stageLabels } from '../../domain/stages.js';
import type { AppDeps } from '../context.js';
import { createOpdOperations, type MergePlan, type OpdView } from '../opds.js';
import { fieldProblems } from '../people-roster.js';
import { ProblemError } from '../problem.js';
import {
  Actions,
  Button,
  ButtonLink,
  ChangeHistory,
  DateText,
  ErrorSummary,
  Notice,
  Select,
  SummaryList,
  TextInput,
  errorFor,
  type FieldError,
  formText,
} from '../views/components.js';
import { formatDate } from '../views/dates.js';
import { CsrfField, sectionPages } from './chrome.js';
import { viewerOf, type WebEnv } from './session.js';

const base = '/admin/opd';

/** The page's field for each field the operations name. */
const fieldOf: Record<OpdFieldProblem['path'], string> = { id: 'kode', name: 'nama', abbr: 'singkatan', into: 'tujuan' };
const sentence = (s: string) => `${s.charAt(0).toLocaleUpperCase('id')}${s.slice(1)}.`.replace(/\.\.$/, '.');
const toErrors = (problems: readonly { path: string; message: string }[]): FieldError[] =>
  problems.map((p) => ({ field: fieldOf[p.path.split('.')[0] as OpdFieldProblem['path']] ?? 'nama', message: sentence(p.message) }));

const doneWords: Record<string, string> = {
  ditambah: 'OPD telah ditambahkan. OPD ini sekarang dapat dipilih pada usulan dan data orang.',
  diubah: 'Perubahan OPD telah disimpan.',
  digabung:
    'OPD telah digabungkan. Pegawainya telah dipindahkan, dan pekerjaan baru programnya (tanda tangan Kepala OPD, pengingat laporan) diarahkan kepada Kepala OPD tujuan.',
};

/** One change of an OPD in words. */
export function opdChangeLines(change: Pick<OpdChange, 'before' | 'after' | 'at'>, nameOf: (id: string) => string): string[] {
  const { before, after } = change;
  if (!before) return [`OPD ditambahkan: ${after.name} (${after.abbr})`];
  const lines: string[] = [];
  if (before.name !== after.name) lines.push(`Nama diubah: ${before.name} → ${after.name}`);
  if (before.abbr !== after.abbr) lines.push(`Singkatan diubah: ${before.abbr} → ${after.abbr}`);
  if (!before.mergedInto && after.mergedInto) lines.push(`Digabungkan ke ${nameOf(after.mergedInto)} mulai ${formatDate(after.mergedOn ?? change.at)}`);
  return lines;
}

function Status(p: { opd: OpdView; nameOf: (id: string) => string }) {
  if (p.opd.active) return <>Aktif</>;
  return (
    <>
      Digabungkan ke {p.nameOf(p.opd.mergedInto ?? '')} sejak {p.opd.mergedOn ? <DateText value={p.opd.mergedOn} /> : '-'}
    </>
  );
}

/** A rename as typed: only the fields the person changed from what the page showed. */
interface TypedChange {
  nama?: string;
  singkatan?: string;
}

interface TypedOpd {
  kode: string;
  nama: string;
  singkatan: string;
}

export function adminOpdPages(deps: AppDeps) {
  const opds = createOpdOperations(deps);

  const page = sectionPages(base);

  async function names(): Promise<{ all: OpdView[]; nameOf: (id: string) => string }> {
    const all = await opds.list();
    return { all, nameOf: (id) => all.find((o) => o.id === id)?.name ?? id };
  }

  const notFound = (c: Context<WebEnv>) => page(c, 'Tidak ditemukan', <h1>OPD ini tidak ada</h1>, 404);

  async function listPage(c: Context<WebEnv>) {
    const { all, nameOf } = await names();
    const done = doneWords[c.req.query('selesai') ?? ''];
    return page(
      c,
      'OPD',
      <>
        {done ? <Notice kind="success">{done}</Notice> : null}
        <h1>Organisasi Perangkat Daerah</h1>
        <p>
          OPD yang aktif dapat dipilih pada usulan program dan data orang. OPD yang digabungkan tetap tercatat: programnya menyimpan riwayat dengan nama lama,
          sedangkan pekerjaan barunya diarahkan ke OPD tujuan.
        </p>
        <Actions>
          <ButtonLink href={`${base}/baru`}>Tambah OPD</ButtonLink>
        </Actions>
        {all.length === 0 ? (
          <Notice kind="info">Belum ada OPD yang tercatat. Tambahkan OPD pertama dengan tombol di atas.</Notice>
        ) : (
          <div class="table-scroll">
            <table>
              <caption class="visually-hidden">Daftar OPD</caption>
              <thead>
                <tr>
                  <th scope="col">Nama</th>
                  <th scope="col">Singkatan</th>
                  <th scope="col">Keadaan</th>
                </tr>
              </thead>
              <tbody>
                {all.map((o) => (
                  <tr>
                    <td>
                      <a href={`${base}/${o.id}`}>{o.name}</a>
                    </td>
                    <td>{o.abbr}</td>
                    <td>
                      <Status opd={o} nameOf={nameOf} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </>,
    );
  }

  function addPage(c: Context<WebEnv>, typed: TypedOpd, errors: FieldError[], status: ContentfulStatusCode = 200) {
    return page(
      c,
      'Tambah OPD',
      <>
        <ErrorSummary errors={errors} />
        <h1>Tambah OPD</h1>
        <form method="post" action={`${base}/baru`} novalidate>
          <CsrfField session={viewerOf(c).session} />
          <TextInput
            name="nama"
            label="Nama resmi"
            hint="Seperti tertulis dalam peraturan daerah, misalnya Dinas Pangan."
            value={typed.nama}
            error={errorFor(errors, 'nama')}
            required
          />
          <TextInput name="singkatan" label="Singkatan" hint="Misalnya Dispangan." value={typed.singkatan} error={errorFor(errors, 'singkatan')} required />
          <TextInput
            name="kode"
            label="Kode"
            hint="Huruf kecil dan angka, dipisah tanda hubung, misalnya dinas-pangan. Kode tidak dapat diubah kemudian."
            value={typed.kode}
            error={errorFor(errors, 'kode')}
            required
          />
          <Actions>
            <Button>Tambah OPD</Button>
            <ButtonLink href={base} variant="secondary">
              Kembali
            </ButtonLink>
          </Actions>
        </form>
      </>,
      status,
      errors.length > 0,
    );
  }

  async function opdPage(
    c: Context<WebEnv>,
    id: string,
    refused?: { notice?: string; errors: FieldError[]; typed?: TypedChange },
    status: ContentfulStatusCode = 200,
  ) {
    let opd: OpdView;
    try {
      opd = await opds.get(id);
    } catch (e) {
      if (e instanceof ProblemError && e.status === 404) return notFound(c);
      throw e;
    }
    const [{ all, nameOf }, changes] = await Promise.all([names(), opds.history(id)]);
    const errors = refused?.errors ?? [];
    const done = doneWords[c.req.query('selesai') ?? ''];
    const targets = all.filter((o) => o.active && o.id !== opd.id);
    const session = viewerOf(c).session;
    return page(
      c,
      opd.name,
      <>
        {done ? <Notice kind="success">{done}</Notice> : null}
        {refused?.notice ? <Notice kind="warning">{refused.notice}</Notice> : null}
        <ErrorSummary errors={errors} />
        <h1>{opd.name}</h1>
        <SummaryList
          rows={[
            { term: 'Singkatan', value: opd.abbr },
            { term: 'Kode', value: opd.id },
            { term: 'Keadaan', value: <Status opd={opd} nameOf={nameOf} /> },
          ]}
        />
        {opd.active ? (
          <>
            <h2>Ubah nama atau singkatan</h2>
            <form method="post" action={`${base}/${opd.id}`} novalidate>
              <CsrfField session={session} />
              <input type="hidden" name="versi" value={String(opd.version)} />
              <input type="hidden" name="nama-asal" value={opd.name} />
              <input type="hidden" name="singkatan-asal" value={opd.abbr} />
              <TextInput name="nama" label="Nama resmi" value={refused?.typed?.nama ?? opd.name} error={errorFor(errors, 'nama')} required />
              <TextInput name="singkatan" label="Singkatan" value={refused?.typed?.singkatan ?? opd.abbr} error={errorFor(errors, 'singkatan')} required />
              <Actions>
                <Button>Simpan perubahan</Button>
              </Actions>
            </form>
            <h2>Gabungkan ke OPD lain</h2>
            <p>
              Bila peraturan daerah menggabungkan OPD ini ke OPD lain, pilih OPD tujuannya. Halaman berikutnya menunjukkan apa yang akan dipindahkan sebelum
              penggabungan disimpan.
            </p>
            <form method="get" action={`${base}/${opd.id}/gabung`} novalidate>
              <Select
                name="tujuan"
                label="OPD tujuan"
                placeholder="Pilih OPD"
                options={targets.map((o) => ({ value: o.id, label: o.name }))}
                error={errorFor(errors, 'tujuan')}
                required
              />
              <Actions>
                <Button variant="secondary">Periksa penggabungan</Button>
              </Actions>
            </form>
          </>
        ) : (
          <p>OPD yang telah digabungkan tidak dapat diubah: programnya tetap tercatat dengan nama ini.</p>
        )}
        <h2>Riwayat perubahan</h2>
        {changes.length === 0 ? (
          <p>Belum ada perubahan sejak OPD ini dicatat dari data awal.</p>
        ) : (
          <ChangeHistory
            caption={`Riwayat perubahan ${opd.name}`}
            changes={changes}
            describe={(change) => (
              <ul>
                {opdChangeLines(change, nameOf).map((line) => (
                  <li>{line}</li>
                ))}
              </ul>
            )}
          />
        )}
        <p>
          <a href={base}>Kembali ke daftar OPD</a>
        </p>
      </>,
      status,
      errors.length > 0,
    );
  }

  function mergeCheckPage(c: Context<WebEnv>, plan: MergePlan, notice?: string) {
    const { source, target } = plan;
    return page(
      c,
      `Gabungkan ${source.name}`,
      <>
        {notice ? <Notice kind="warning">{notice}</Notice> : null}
        <h1>
          Gabungkan {source.name} ke {target.name}?
        </h1>
        <p>Yang akan terjadi bila Anda menekan "Gabungkan OPD":</p>
        <ul>
          <li>
            {source.name} menjadi tidak aktif mulai hari ini dan tidak dapat dipilih lagi pada usulan baru atau data orang. Jabatan Kepala {source.name}{' '}
            berakhir.
          </li>
          <li>
            {plan.people.length === 0
              ? `Tidak ada pegawai ${source.abbr} yang dipindahkan.`
              : `${plan.people.length} pegawai ${source.abbr} dipindahkan ke ${target.name}; setiap pemindahan tercatat dalam riwayat orang tersebut.`}
          </li>
          {plan.heads.map((h) => (
            <li>
              {h.name} tidak lagi berperan Kepala OPD dan menjadi staf {target.name}.
            </li>
          ))}
          <li>
            {plan.programmes.length === 0
              ? `${source.abbr} tidak memiliki program yang sedang berjalan.`
              : `${plan.programmes.length} program yang sedang berjalan tetap tercatat atas nama ${source.name}; tanda tangan Kepala OPD yang belum diberikan dan pengingat laporannya diarahkan kepada Kepala ${target.name}.`}
          </li>
        </ul>
        {plan.people.length > 0 ? (
          <>
            <h2>Pegawai yang dipindahkan</h2>
            <ul>
              {plan.people.map((p) => (
                <li>
                  {p.name}, {p.title}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {plan.programmes.length > 0 ? (
          <>
            <h2>Program yang sedang berjalan</h2>
            <ul>
              {plan.programmes.map((p, i) => (
                <li>
                  <a href={`/program/${p.id}`}>{plan.programmeTitles[i]}</a> ({stageLabels[p.stage]})
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <form method="post" action={`${base}/${source.id}/gabung`} novalidate>
          <CsrfField session={viewerOf(c).session} />
          <input type="hidden" name="tujuan" value={target.id} />
          <input type="hidden" name="versi" value={String(plan.version)} />
          <Actions>
            <Button variant="warning">Gabungkan OPD</Button>
            <ButtonLink href={`${base}/${source.id}`} variant="secondary">
              Batal
            </ButtonLink>
          </Actions>
        </form>
      </>,
    );
  }

  /** A refusal of the operations on the OPD's own page; other errors go on. */
  async function refusedOnOpdPage(c: Context<WebEnv>, id: string, e: unknown, typed?: TypedChange) {
    if (!(e instanceof ProblemError) || e.status >= 500 || e.status === 403) throw e;
    if (e.status === 404) return notFound(c);
    if (e.status === 409)
      return opdPage(
        c,
        id,
        {
          notice:
            'OPD ini baru saja diubah oleh orang lain. Periksa keadaannya yang terbaru di bawah; isian Anda tetap di formulir, simpan lagi bila masih sesuai.',
          errors: [],
          ...(typed ? { typed } : {}),
        },
        409,
      );
    return opdPage(c, id, { errors: toErrors(e.errors ?? []), ...(typed ? { typed } : {}) }, 422);
  }

  return new Hono<WebEnv>()
    .use('*', async (c: Context<WebEnv>, next: Next) => {
      if (opdRefusal(viewerOf(c).person)) return page(c, 'Tidak berwenang', <h1>Hanya Sekretariat yang dapat mengelola OPD</h1>, 403);
      await next();
    })

    .get('/', (c) => listPage(c))

    .get('/baru', (c) => addPage(c, { kode: '', nama: '', singkatan: '' }, []))

    .post('/baru', async (c) => {
      const form = await c.req.parseBody();
      const typed = { kode: formText(form['kode']), nama: formText(form['nama']), singkatan: formText(form['singkatan']) };
      const parsed = newOpdSchema.safeParse({ id: typed.kode, name: typed.nama, abbr: typed.singkatan });
      if (!parsed.success) return addPage(c, typed, toErrors(fieldProblems(parsed.error.issues)), 422);
      let added: OpdView;
      try {
        added = await opds.add(parsed.data, viewerOf(c).person, 'web');
      } catch (e) {
        if (e instanceof ProblemError && e.status === 422) return addPage(c, typed, toErrors(e.errors ?? []), 422);
        throw e;
      }
      return c.redirect(`${base}/${added.id}?selesai=ditambah`, 303);
    })

    .get('/:id', (c) => opdPage(c, c.req.param('id')))

    .post('/:id', async (c) => {
      const id = c.req.param('id');
      const form = await c.req.parseBody();
      // Only what the person changed on the page is sent: a field left as it was never undoes someone else's change.
      const typed: TypedChange = {};
      if (formText(form['nama']) !== formText(form['nama-asal'])) typed.nama = formText(form['nama']);
      if (formText(form['singkatan']) !== formText(form['singkatan-asal'])) typed.singkatan = formText(form['singkatan']);
      if (typed.nama === undefined && typed.singkatan === undefined) return c.redirect(`${base}/${id}`, 303);
      const parsed = opdPatchSchema.safeParse({ version: Number(formText(form['versi'])), name: typed.nama, abbr: typed.singkatan });
      if (!parsed.success) return opdPage(c, id, { errors: toErrors(fieldProblems(parsed.error.issues)), typed }, 422);
      try {
        await opds.change(id, parsed.data, viewerOf(c).person, 'web');
      } catch (e) {
        return refusedOnOpdPage(c, id, e, typed);
      }
      return c.redirect(`${base}/${id}?selesai=diubah`, 303);
    })

    .get('/:id/gabung', async (c) => {
      const id = c.req.param('id');
      const into = c.req.query('tujuan') ?? '';
      if (into === '') return opdPage(c, id, { errors: [{ field: 'tujuan', message: 'Pilih OPD tujuan penggabungan.' }] }, 422);
      try {
        return mergeCheckPage(c, await opds.planMerge(id, into));
      } catch (e) {
        return refusedOnOpdPage(c, id, e);
      }
    })

    .post('/:id/gabung', async (c) => {
      const id = c.req.param('id');
      const form = await c.req.parseBody();
      const into = formText(form['tujuan']);
      try {
        await opds.merge(id, { into, version: Number(formText(form['versi'])) }, viewerOf(c).person, 'web');
      } catch (e) {
        return refusedOnOpdPage(c, id, e);
      }
      return c.redirect(`${base}/${id}?selesai=digabung`, 303);
    });
}
