/**
 * Holiday years for the secretariat (docs/product.md §10), under /admin/libur: the years deadlines
 * count, and the upload of a year's SKB list (CSV or JSON), shown as a preview checked against the
 * calendar (dates inside the year, none twice, weekends flagged) before anything is saved. The
 * same operations as `PUT /v1/holiday-years/:year`.
 */
import { Hono, type Context, type Next } from 'hono';
import type { HolidayYearCheck } from '../../domain/holiday-years.js';
import { rosterRefusal } from '../../domain/people.js';
import type { AppDeps } from '../context.js';
import { createHolidayOperations, holidayCsvHeader } from '../holiday-years.js';
import { ProblemError } from '../problem.js';
import { Actions, Button, ButtonLink, DateText, ErrorSummary, Notice, TextInput, errorFor, type FieldError, formText } from '../views/components.js';
import { appPage, CsrfField } from './chrome.js';
import { viewerOf, type WebEnv } from './session.js';

const base = '/admin/libur';
const kindLabels = { libur: 'Libur nasional', cuti_bersama: 'Cuti bersama' } as const;

interface Typed {
  year: string;
  source: string;
  content: string;
}

export function adminHolidayPages(deps: AppDeps) {
  const { store } = deps;
  const holidays = createHolidayOperations(store);

  async function page(c: Context<WebEnv>, typed: Typed, errors: FieldError[], preview: HolidayYearCheck | null, status: 200 | 422 = 200) {
    const years = (await store.roster.listHolidayYears()).sort((a, b) => a.year - b.year);
    const { session } = viewerOf(c);
    const saved = c.req.query('selesai');
    return c.html(
      appPage({
        title: 'Hari libur',
        viewer: viewerOf(c),
        current: base,
        hasErrors: errors.length > 0,
        children: (
          <>
            <ErrorSummary errors={errors} />
            {saved ? (
              <Notice kind="success">Hari libur tahun {saved} telah disimpan. Batas waktu yang dihitung mulai sekarang memperhitungkannya.</Notice>
            ) : null}
            <h1>Hari libur nasional dan cuti bersama</h1>
            {years.length === 0 ? (
              <Notice kind="warning">Belum ada data hari libur: hari kerja dihitung tanpa hari libur.</Notice>
            ) : (
              <ul class="program-list">
                {years.map((y) => (
                  <li>
                    Tahun {y.year}: {y.holidays.length} tanggal
                    <div class="hint">Dasar: {y.source}</div>
                  </li>
                ))}
              </ul>
            )}
            {preview?.year ? (
              <>
                <h2>Pratinjau tahun {preview.year.year}: belum disimpan</h2>
                {preview.weekends.length > 0 ? (
                  <Notice kind="warning" title="Tanggal pada akhir pekan">
                    {preview.weekends.length} tanggal jatuh pada hari Sabtu atau Minggu; tanggal itu tidak menggeser batas waktu.
                  </Notice>
                ) : null}
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Tanggal</th>
                      <th scope="col">Jenis</th>
                      <th scope="col">Keterangan</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.year.holidays.map((h) => (
                      <tr>
                        <td>
                          <DateText value={h.date} />
                          {preview.weekends.includes(h.date) ? ' (akhir pekan)' : ''}
                        </td>
                        <td>{kindLabels[h.kind]}</td>
                        <td>{h.name}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <form method="post" action={base}>
                  <CsrfField session={session} />
                  <input type="hidden" name="year" value={typed.year} />
                  <input type="hidden" name="source" value={typed.source} />
                  <input type="hidden" name="content" value={typed.content} />
                  <Actions>
                    <Button name="aksi" value="simpan">
                      Simpan hari libur {typed.year}
                    </Button>
                    <ButtonLink href={base} variant="secondary">
                      Batal
                    </ButtonLink>
                  </Actions>
                </form>
              </>
            ) : (
              <>
                <h2>Unggah daftar satu tahun</h2>
                <form method="post" action={base} enctype="multipart/form-data" novalidate>
                  <CsrfField session={session} />
                  <TextInput name="year" label="Tahun" inputmode="numeric" narrow value={typed.year} error={errorFor(errors, 'year')} required />
                  <TextInput
                    name="source"
                    label="Dasar"
                    hint="Nomor dan tanggal SKB tiga menteri."
                    value={typed.source}
                    error={errorFor(errors, 'source')}
                    required
                  />
                  <div class={errorFor(errors, 'berkas') ? 'field field-error' : 'field'}>
                    <label for="berkas">Berkas CSV atau JSON</label>
                    <span class="hint" id="berkas-hint">
                      CSV dengan baris pertama <code>{holidayCsvHeader.join(',')}</code>; jenis berisi libur atau cuti_bersama.
                    </span>
                    {errorFor(errors, 'berkas') ? (
                      <span class="error-message" id="berkas-error">
                        <span class="visually-hidden">Kesalahan: </span>
                        {errorFor(errors, 'berkas')}
                      </span>
                    ) : null}
                    <input
                      type="file"
                      id="berkas"
                      name="berkas"
                      accept=".csv,.json,text/csv,application/json"
                      aria-describedby={errorFor(errors, 'berkas') ? 'berkas-hint berkas-error' : 'berkas-hint'}
                    />
                  </div>
                  <Actions>
                    <Button name="aksi" value="periksa">
                      Periksa berkas
                    </Button>
                  </Actions>
                </form>
              </>
            )}
          </>
        ),
      }),
      status,
    );
  }

  /** Problems of a list as the form shows them: the year and source at their fields, the rest at the file. */
  const formErrors = (problems: { path: string; message: string }[]): FieldError[] =>
    problems.map((p) => ({ field: p.path === 'year' || p.path === 'source' ? p.path : 'berkas', message: p.message }));

  return new Hono<WebEnv>()
    .use('*', async (c: Context<WebEnv>, next: Next) => {
      if (rosterRefusal(viewerOf(c).person)) {
        return c.html(
          appPage({ title: 'Tidak berwenang', viewer: viewerOf(c), current: base, children: <h1>Hanya Sekretariat yang dapat mengelola hari libur</h1> }),
          403,
        );
      }
      await next();
    })

    .get('/', (c) => page(c, { year: '', source: '', content: '' }, [], null))

    .post('/', async (c) => {
      const form = await c.req.parseBody();
      const file = form['berkas'];
      const typed = {
        year: formText(form['year']).trim(),
        source: formText(form['source']).trim(),
        content: file instanceof File ? await file.text() : formText(form['content']),
      };
      if (typed.content.trim() === '') return page(c, typed, [{ field: 'berkas', message: 'Pilih berkas daftar hari libur.' }], null, 422);
      let checked: HolidayYearCheck;
      try {
        checked = holidays.check(/^\d{4}$/.test(typed.year) ? Number(typed.year) : 0, typed.source, typed.content);
      } catch (e) {
        if (!(e instanceof ProblemError) || !e.errors) throw e;
        return page(c, typed, formErrors(e.errors), null, 422);
      }
      if (!checked.year) return page(c, typed, formErrors(checked.problems), null, 422);
      if (formText(form['aksi']) !== 'simpan') return page(c, typed, [], checked);
      await holidays.save(checked, viewerOf(c).person);
      return c.redirect(`${base}?selesai=${checked.year.year}`, 303);
    });
}
