/**
 * The roster pages for the secretariat (docs/product.md §8 and §10), under /admin/orang: the
 * list with search and OPD filter, a person's page with every change made to them, the forms
 * to add and change a person (every problem beside its field, every value kept), making a
 * person inactive or active again, and the import of a personnel CSV, shown as a preview
 * before anything is written. They act through the same operations as /v1/people.
 */
import { Hono, type Context, type Next } from 'hono';
import { isActiveOpd } from '../../domain/opds.js';
import { isActivePerson, newPersonSchema, personPatchSchema, roleLabels, rosterRefusal, type PersonField } from '../../domain/people.js';
import { roles, type Opd, type Person } from '../../domain/roles.js';
import type { PersonChange } from '../../store/index.js';
import type { AppDeps } from '../context.js';
import { createRosterOperations, fieldProblems, type ImportLine, type ImportPlan } from '../people-roster.js';
import { ProblemError } from '../problem.js';
import { matchesSearch, pageOfPeople } from '../routes/people.js';
import { InvalidCursorError } from '../../store/index.js';
import {
  Actions,
  Button,
  ButtonLink,
  ChangeHistory,
  Choices,
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

const base = '/admin/orang';
/** People on one page of the list; the next ones behind "Halaman berikutnya". */
const peoplePerPage = 50;

const fieldLabels: Record<PersonField, string> = {
  nip: 'NIP',
  name: 'Nama',
  title: 'Jabatan',
  email: 'Alamat surel',
  opdId: 'OPD',
  roles: 'Peran',
  active: 'Status',
};

const outcomeLabels: Record<ImportLine['outcome'], string> = { added: 'Ditambahkan', changed: 'Diubah', unchanged: 'Tidak berubah', refused: 'Ditolak' };
const outcomePlanned: Record<ImportLine['outcome'], string> = {
  added: 'Akan ditambahkan',
  changed: 'Akan diubah',
  unchanged: 'Tidak berubah',
  refused: 'Ditolak',
};

const doneWords: Record<string, string> = {
  dibuat: 'Orang ini telah ditambahkan ke daftar.',
  diubah: 'Perubahan telah disimpan.',
  nonaktif: 'Orang ini telah dinonaktifkan dan keluar dari semua sesinya.',
  aktif: 'Orang ini telah diaktifkan kembali.',
};

/** What a person form holds as typed. */
interface Draft {
  nip: string;
  name: string;
  title: string;
  email: string;
  opdId: string;
  roles: string[];
}

const draftOf = (p: Person): Draft => ({ nip: p.nip ?? '', name: p.name, title: p.title, email: p.email, opdId: p.opdId ?? '', roles: p.roles });

function draftFromForm(form: Record<string, string | File | (string | File)[]>): Draft {
  const rolesTyped = form['roles'];
  return {
    nip: formText(form['nip']).trim(),
    name: formText(form['name']),
    title: formText(form['title']),
    email: formText(form['email']),
    opdId: formText(form['opdId']),
    roles: (Array.isArray(rolesTyped) ? rolesTyped : [rolesTyped]).filter((r): r is string => typeof r === 'string'),
  };
}

const fieldsOf = (d: Draft) => ({ nip: d.nip, name: d.name, title: d.title, email: d.email, opdId: d.opdId === '' ? null : d.opdId, roles: d.roles });

/** Problems as the form shows them: one per field, at the field's id. */
function formErrors(problems: { path: string; message: string }[]): FieldError[] {
  const errors: FieldError[] = [];
  for (const p of problems) {
    const field = p.path.split('.')[0] ?? p.path;
    if (!errors.some((e) => e.field === field)) errors.push({ field, message: p.message });
  }
  return errors;
}

function PersonForm(p: {
  action: string;
  draft: Draft;
  errors: FieldError[];
  opds: Opd[];
  submit: string;
  session: Parameters<typeof CsrfField>[0]['session'];
}) {
  const { draft, errors } = p;
  return (
    <form method="post" action={p.action} novalidate>
      <CsrfField session={p.session} />
      <TextInput name="nip" label="NIP" hint="18 angka tanpa spasi." inputmode="numeric" value={draft.nip} error={errorFor(errors, 'nip')} required />
      <TextInput name="name" label="Nama" hint="Dengan gelar, seperti pada surat." value={draft.name} error={errorFor(errors, 'name')} required />
      <TextInput name="title" label="Jabatan" value={draft.title} error={errorFor(errors, 'title')} required />
      <TextInput name="email" label="Alamat surel" type="email" autocomplete="off" value={draft.email} error={errorFor(errors, 'email')} required />
      <Select
        name="opdId"
        label="OPD"
        placeholder="Tanpa OPD (pimpinan daerah)"
        options={p.opds.map((o) => ({ value: o.id, label: o.name }))}
        value={draft.opdId}
        error={errorFor(errors, 'opdId')}
      />
      <Choices
        type="checkbox"
        name="roles"
        label="Peran"
        items={roles.map((r) => ({ value: r, label: roleLabels[r] }))}
        checked={draft.roles}
        error={errorFor(errors, 'roles')}
        required
      />
      <Actions>
        <Button>{p.submit}</Button>
        <ButtonLink href={base} variant="secondary">
          Kembali
        </ButtonLink>
      </Actions>
    </form>
  );
}

function History(p: { changes: PersonChange[]; opdName: (id: string | null) => string }) {
  const shown = (field: PersonField, person: Person | null): string => {
    if (!person) return '-';
    if (field === 'opdId') return p.opdName(person.opdId);
    if (field === 'roles') return person.roles.map((r) => roleLabels[r]).join(', ');
    if (field === 'active') return isActivePerson(person) ? 'Aktif' : 'Nonaktif';
    return person[field] ?? '-';
  };
  const fields: PersonField[] = ['nip', 'name', 'title', 'email', 'opdId', 'roles', 'active'];
  return (
    <ChangeHistory
      caption="Riwayat perubahan"
      changes={p.changes}
      describe={(change) =>
        change.before === null ? (
          'Ditambahkan'
        ) : (
          <ul>
            {fields
              .filter((f) => shown(f, change.before) !== shown(f, change.after))
              .map((f) => (
                <li>
                  {fieldLabels[f]}: {shown(f, change.before)} → {shown(f, change.after)}
                </li>
              ))}
          </ul>
        )
      }
    />
  );
}

function ImportTable(p: { lines: ImportLine[]; planned: boolean }) {
  const labels = p.planned ? outcomePlanned : outcomeLabels;
  return (
    <div class="table-scroll">
      <table>
        <caption class="visually-hidden">Hasil pemeriksaan per baris</caption>
        <thead>
          <tr>
            <th scope="col">Baris</th>
            <th scope="col">NIP</th>
            <th scope="col">Nama</th>
            <th scope="col">Hasil</th>
            <th scope="col">Keterangan</th>
          </tr>
        </thead>
        <tbody>
          {p.lines.map((l) => (
            <tr>
              <td>{l.line}</td>
              <td>{l.nip}</td>
              <td>{l.name ?? '-'}</td>
              <td>{labels[l.outcome]}</td>
              <td>
                {l.problems
                  ? l.problems.map((pr) => (
                      <div>
                        Kolom {pr.column}: {pr.message}
                      </div>
                    ))
                  : l.changes && l.changes.length > 0
                    ? `Berubah: ${l.changes.map((f) => fieldLabels[f]).join(', ')}`
                    : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function counted(lines: ImportLine[], planned: boolean): string {
  const labels = planned ? outcomePlanned : outcomeLabels;
  return (['added', 'changed', 'unchanged', 'refused'] as const).map((o) => `${labels[o]}: ${lines.filter((l) => l.outcome === o).length}`).join(' · ');
}

export function adminPeoplePages(deps: AppDeps) {
  const { store } = deps;
  const roster = createRosterOperations(deps);
  const editorOf = (p: Person) => ({ userId: p.id, name: p.name, via: 'web' as const });

  const page = (
    c: Context<WebEnv>,
    title: string,
    children: Parameters<typeof appPage>[0]['children'],
    status: 200 | 403 | 404 | 409 | 422 = 200,
    hasErrors = false,
  ) => c.html(appPage({ title, viewer: viewerOf(c), current: base, hasErrors, children }), status);

  async function opdNames(): Promise<{ opds: Opd[]; opdName: (id: string | null) => string }> {
    const opds = await store.roster.listOpds();
    opds.sort((a, b) => a.name.localeCompare(b.name, 'id'));
    return { opds, opdName: (id) => (id === null ? 'Pimpinan daerah' : (opds.find((o) => o.id === id)?.name ?? id)) };
  }

  async function formPage(
    c: Context<WebEnv>,
    p: { title: string; action: string; draft: Draft; errors: FieldError[]; submit: string; status?: 200 | 409 | 422 },
  ) {
    // Only an OPD not merged into another may be chosen.
    const opds = (await opdNames()).opds.filter(isActiveOpd);
    return page(
      c,
      p.title,
      <>
        <ErrorSummary errors={p.errors} />
        <h1>{p.title}</h1>
        <PersonForm action={p.action} draft={p.draft} errors={p.errors} opds={opds} submit={p.submit} session={viewerOf(c).session} />
      </>,
      p.status ?? 200,
      p.errors.length > 0,
    );
  }

  /** A refused write as the form shows it: its field problems, or one at the top. */
  function refusedErrors(e: unknown): FieldError[] {
    if (!(e instanceof ProblemError)) throw e;
    if (e.errors && e.errors.length > 0) return formErrors(e.errors);
    if (e.status === 409) return [{ field: 'nip', message: 'Data orang ini baru saja diubah orang lain; muat ulang halaman lalu ulangi perubahan.' }];
    throw e;
  }

  function importPage(c: Context<WebEnv>, p: { csv: string; plan?: ImportPlan; done?: ImportLine[]; error?: string }) {
    const { session } = viewerOf(c);
    const errors = p.error ? [{ field: 'berkas', message: p.error }] : [];
    const planned = p.plan?.lines;
    return page(
      c,
      'Impor daftar orang',
      <>
        <ErrorSummary errors={errors} />
        <h1>Impor daftar orang</h1>
        {p.done ? (
          <>
            <Notice kind="success" title="Impor selesai">
              {counted(p.done, false)}
            </Notice>
            <ImportTable lines={p.done} planned={false} />
            <p>
              <a href={base}>Kembali ke daftar orang</a>
            </p>
          </>
        ) : planned ? (
          <>
            <Notice kind={p.plan!.refused > 0 ? 'warning' : 'info'} title="Pratinjau: belum ada yang disimpan">
              {counted(planned, true)}
            </Notice>
            <ImportTable lines={planned} planned />
            <form method="post" action={`${base}/impor`}>
              <CsrfField session={session} />
              <input type="hidden" name="csv" value={p.csv} />
              {p.plan!.refused > 0 ? (
                <Choices
                  type="checkbox"
                  name="sebagian"
                  label="Baris yang ditolak"
                  items={[{ value: 'ya', label: 'Simpan baris yang benar saja; baris yang ditolak dilewati' }]}
                  hint="Tanpa pilihan ini tidak ada yang disimpan selama masih ada baris yang ditolak."
                />
              ) : null}
              <Actions>
                <Button name="aksi" value="simpan">
                  Simpan impor
                </Button>
                <ButtonLink href={`${base}/impor`} variant="secondary">
                  Batal
                </ButtonLink>
              </Actions>
            </form>
          </>
        ) : (
          <form method="post" action={`${base}/impor`} enctype="multipart/form-data">
            <CsrfField session={session} />
            <p>
              Berkas CSV dari data kepegawaian, dengan baris pertama <code>nip,nama,jabatan,surel,opd,peran</code>. Kolom opd berisi singkatan OPD (kosong untuk
              pimpinan daerah); beberapa peran dipisahkan titik koma. Orang dengan NIP yang sudah ada akan diperbarui.
            </p>
            <div class={p.error ? 'field field-error' : 'field'}>
              <label for="berkas">Berkas CSV</label>
              {p.error ? (
                <span class="error-message" id="berkas-error">
                  <span class="visually-hidden">Kesalahan: </span>
                  {p.error}
                </span>
              ) : null}
              <input type="file" id="berkas" name="berkas" accept=".csv,text/csv" aria-describedby={p.error ? 'berkas-error' : undefined} />
            </div>
            <Actions>
              <Button name="aksi" value="periksa">
                Periksa berkas
              </Button>
            </Actions>
          </form>
        )}
      </>,
      p.error ? 422 : 200,
      errors.length > 0,
    );
  }

  return new Hono<WebEnv>()
    .use('*', async (c: Context<WebEnv>, next: Next) => {
      const why = rosterRefusal(viewerOf(c).person);
      if (why) return page(c, 'Tidak berwenang', <h1>Hanya Sekretariat yang dapat mengelola data orang</h1>, 403);
      await next();
    })

    .get('/', async (c) => {
      const cari = (c.req.query('cari') ?? '').trim().slice(0, 200);
      const opd = c.req.query('opd') ?? '';
      const { opds, opdName } = await opdNames();
      const matching = (await store.roster.listPeople()).filter((p) => (cari === '' || matchesSearch(p, cari)) && (opd === '' || p.opdId === opd));
      let listed: ReturnType<typeof pageOfPeople>;
      try {
        listed = pageOfPeople(matching, { limit: peoplePerPage, cursor: c.req.query('lanjut') });
      } catch (e) {
        if (!(e instanceof InvalidCursorError)) throw e;
        return c.redirect(base, 303); // a page address from an older list: start again at the top
      }
      const people = listed.items;
      const nextPage = listed.nextCursor === null ? null : `${base}?${new URLSearchParams({ cari, opd, lanjut: listed.nextCursor }).toString()}`;
      return page(
        c,
        'Daftar orang',
        <>
          <h1>Daftar orang</h1>
          <Actions>
            <ButtonLink href={`${base}/baru`}>Tambah orang</ButtonLink>
            <ButtonLink href={`${base}/impor`} variant="secondary">
              Impor dari CSV
            </ButtonLink>
          </Actions>
          <form method="get" action={base} class="filters">
            <TextInput name="cari" label="Cari nama, NIP atau surel" type="search" value={cari} />
            <Select name="opd" label="OPD" placeholder="Semua OPD" options={opds.map((o) => ({ value: o.id, label: o.name }))} value={opd} />
            <Actions>
              <Button variant="secondary">Tampilkan</Button>
            </Actions>
          </form>
          {people.length === 0 ? (
            <Notice kind="info">Tidak ada orang yang sesuai.</Notice>
          ) : (
            <ul class="program-list">
              {people.map((p) => (
                <li>
                  <a href={`${base}/${p.id}`}>{p.name}</a>
                  <div class="hint">
                    {p.title} · {opdName(p.opdId)}
                    {p.nip ? ` · NIP ${p.nip}` : ''}
                    {isActivePerson(p) ? '' : ' · Nonaktif'}
                  </div>
                </li>
              ))}
            </ul>
          )}
          {nextPage ? (
            <p>
              <a href={nextPage}>Halaman berikutnya</a>
            </p>
          ) : null}
        </>,
      );
    })

    .get('/baru', (c) =>
      formPage(c, {
        title: 'Tambah orang',
        action: base,
        draft: { nip: '', name: '', title: '', email: '', opdId: '', roles: [] },
        errors: [],
        submit: 'Simpan',
      }),
    )

    .post('/', async (c) => {
      const draft = draftFromForm(await c.req.parseBody({ all: true }));
      const form = { title: 'Tambah orang', action: base, draft, submit: 'Simpan' };
      const parsed = newPersonSchema.safeParse(fieldsOf(draft));
      if (!parsed.success) return formPage(c, { ...form, errors: formErrors(fieldProblems(parsed.error.issues)), status: 422 });
      try {
        const person = await roster.createPerson(parsed.data, editorOf(viewerOf(c).person));
        return c.redirect(`${base}/${person.id}?selesai=dibuat`, 303);
      } catch (e) {
        return formPage(c, { ...form, errors: refusedErrors(e), status: 422 });
      }
    })

    .get('/impor', (c) => importPage(c, { csv: '' }))

    .post('/impor', async (c) => {
      const form = await c.req.parseBody();
      const file = form['berkas'];
      const csv = file instanceof File ? await file.text() : formText(form['csv']);
      if (csv.trim() === '') return importPage(c, { csv, error: 'Pilih berkas CSV yang akan diimpor.' });
      let plan: ImportPlan;
      try {
        plan = await roster.planImport(csv);
      } catch (e) {
        if (!(e instanceof ProblemError) || !e.errors) throw e;
        return importPage(c, { csv: '', error: e.errors.map((p) => `${p.path}: ${p.message}`).join('; ') });
      }
      if (formText(form['aksi']) !== 'simpan') return importPage(c, { csv, plan });
      if (plan.refused > 0 && formText(form['sebagian']) !== 'ya') return importPage(c, { csv, plan });
      return importPage(c, { csv, done: await roster.applyImport(plan, editorOf(viewerOf(c).person)) });
    })

    .get('/:id', async (c) => {
      const found = await store.people.read(c.req.param('id'));
      if (!found) return page(c, 'Tidak ditemukan', <h1>Orang ini tidak ada dalam daftar</h1>, 404);
      const { person } = found;
      const { opdName } = await opdNames();
      const done = doneWords[c.req.query('selesai') ?? ''];
      const active = isActivePerson(person);
      return page(
        c,
        person.name,
        <>
          {done ? <Notice kind="success">{done}</Notice> : null}
          <h1>{person.name}</h1>
          <SummaryList
            rows={[
              { term: 'NIP', value: person.nip ?? '-' },
              { term: 'Jabatan', value: person.title },
              { term: 'Alamat surel', value: person.email },
              { term: 'OPD', value: opdName(person.opdId) },
              { term: 'Peran', value: person.roles.map((r) => roleLabels[r]).join(', ') },
              { term: 'Status', value: active ? 'Aktif' : 'Nonaktif' },
            ]}
          />
          <Actions>
            <ButtonLink href={`${base}/${person.id}/ubah`}>Ubah</ButtonLink>
          </Actions>
          <form method="post" action={`${base}/${person.id}/status`}>
            <CsrfField session={viewerOf(c).session} />
            <input type="hidden" name="aktif" value={active ? 'tidak' : 'ya'} />
            <Button variant={active ? 'warning' : 'secondary'}>{active ? 'Nonaktifkan' : 'Aktifkan kembali'}</Button>
          </form>
          <h2>Riwayat perubahan</h2>
          <History changes={await store.people.history(person.id)} opdName={opdName} />
        </>,
      );
    })

    .get('/:id/ubah', async (c) => {
      const found = await store.people.read(c.req.param('id'));
      if (!found) return page(c, 'Tidak ditemukan', <h1>Orang ini tidak ada dalam daftar</h1>, 404);
      return formPage(c, {
        title: `Ubah ${found.person.name}`,
        action: `${base}/${found.person.id}`,
        draft: draftOf(found.person),
        errors: [],
        submit: 'Simpan perubahan',
      });
    })

    .post('/:id', async (c) => {
      const id = c.req.param('id');
      const draft = draftFromForm(await c.req.parseBody({ all: true }));
      const form = { title: 'Ubah data orang', action: `${base}/${id}`, draft, submit: 'Simpan perubahan' };
      const parsed = personPatchSchema.safeParse(fieldsOf(draft));
      if (!parsed.success) return formPage(c, { ...form, errors: formErrors(fieldProblems(parsed.error.issues)), status: 422 });
      try {
        await roster.changePerson(id, parsed.data, editorOf(viewerOf(c).person));
        return c.redirect(`${base}/${id}?selesai=diubah`, 303);
      } catch (e) {
        return formPage(c, { ...form, errors: refusedErrors(e), status: 422 });
      }
    })

    .post('/:id/status', async (c) => {
      const id = c.req.param('id');
      const active = formText((await c.req.parseBody())['aktif']) === 'ya';
      await roster.changePerson(id, { active }, editorOf(viewerOf(c).person));
      return c.redirect(`${base}/${id}?selesai=${active ? 'aktif' : 'nonaktif'}`, 303);
    });
}
