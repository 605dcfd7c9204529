/**
 * The offices page for the secretariat (docs/product.md §10), under /admin/jabatan: every office
 * with its holder today and the handovers ahead; one office's records (who, from which day, on
 * which decree, recorded by whom and when, who held it before) with the form to record a
 * handover; and who hears of overdue work (the escalation policy). They act through the same
 * operations as `/v1/offices` and `/v1/escalation-policy`.
 */
import { Hono, type Context, type Next } from 'hono';
import { escalatingWork, escalatingWorkLabels, type EscalatingWork, type EscalationPolicy } from '../../domain/escalation.js';
import { escalationPolicySchema } from '../../domain/escalation-schema.js';
import { handoverSchema, type OfficeTerm } from '../../domain/offices.js';
import { rosterRefusal } from '../../domain/people.js';
import type { Person } from '../../domain/roles.js';
import type { AppDeps } from '../context.js';
import { createOfficeOperations, type OfficeView } from '../offices.js';
import { fieldProblems } from '../people-roster.js';
import { ProblemError } from '../problem.js';
import {
  Actions,
  Button,
  ButtonLink,
  Choices,
  DateInput,
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
import { appPage, CsrfField } from './chrome.js';
import { viewerOf, type WebEnv } from './session.js';

const base = '/admin/jabatan';

/** The escalation form as typed: per kind of work, each step's working days (as typed) and offices. */
type TypedPolicy = Record<EscalatingWork, { days: string; targets: string[] }[]>;

/** At most this many steps per kind of work; the form shows one empty step more than are stored, up to it. */
const maxSteps = 5;

const stepSlots = (steps: TypedPolicy[EscalatingWork]) => [...steps, { days: '', targets: [] }].slice(0, Math.max(steps.length, maxSteps));

const typedOf = (policy: EscalationPolicy): TypedPolicy =>
  Object.fromEntries(escalatingWork.map((w) => [w, policy[w].map((s) => ({ days: String(s.afterWorkingDays), targets: [...s.targets] }))])) as TypedPolicy;

/** The form's steps in order; empty steps at the end are the ones left unused. */
function typedFromForm(form: Record<string, string | File | (string | File)[]>): TypedPolicy {
  const strings = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
  return Object.fromEntries(
    escalatingWork.map((w) => {
      const steps = Array.from({ length: maxSteps }, (_, i) => ({
        days: formText(form[`${w}.${i}.afterWorkingDays`]).trim(),
        targets: strings(form[`${w}.${i}.targets`]),
      }));
      while (steps.length > 0 && steps.at(-1)?.days === '' && steps.at(-1)?.targets.length === 0) steps.pop();
      return [w, steps];
    }),
  ) as TypedPolicy;
}

/** What the schema checks: working days as numbers where typed as whole numbers, so anything else is refused by name. */
const policyOfTyped = (typed: TypedPolicy) =>
  Object.fromEntries(
    escalatingWork.map((w) => [w, typed[w].map((s) => ({ afterWorkingDays: /^\d{1,3}$/.test(s.days) ? Number(s.days) : s.days, targets: s.targets }))]),
  );

const sourceWords = { recorded: 'tercatat', derived: 'menurut peran; belum ada catatan serah terima' } as const;

function Holder(p: { office: OfficeView }) {
  const h = p.office.holder;
  if (!h) return <>Kosong</>;
  return (
    <>
      {h.name} ({sourceWords[h.source]})
    </>
  );
}

function Upcoming(p: { terms: OfficeTerm[]; nameOf: (id: string) => string }) {
  if (p.terms.length === 0) return null;
  return (
    <div class="hint">
      {p.terms.map((t) => (
        <>
          Mulai <DateText value={t.from} />: {p.nameOf(t.personId)}.{' '}
        </>
      ))}
    </div>
  );
}

interface Typed {
  personId: string;
  from: string;
  basis: string;
}

export function adminOfficePages(deps: AppDeps) {
  const { store } = deps;
  const offices = createOfficeOperations(deps);

  const page = (
    c: Context<WebEnv>,
    title: string,
    children: Parameters<typeof appPage>[0]['children'],
    status: 200 | 403 | 404 | 422 = 200,
    hasErrors = false,
  ) => c.html(appPage({ title, viewer: viewerOf(c), current: base, hasErrors, children }), status);

  async function nameOf(): Promise<(id: string | null | undefined) => string> {
    const people = await store.roster.listPeople();
    return (id) => (id ? (people.find((p) => p.id === id)?.name ?? id) : 'kosong');
  }

  async function officePage(c: Context<WebEnv>, raw: string, typed: Typed, errors: FieldError[], status: 200 | 422 = 200) {
    let office: OfficeView;
    let candidates: Person[];
    try {
      [office, candidates] = await Promise.all([offices.getOffice(raw), offices.candidates(raw)]);
    } catch (e) {
      if (e instanceof ProblemError && e.status === 404) return page(c, 'Tidak ditemukan', <h1>Jabatan ini tidak ada</h1>, 404);
      throw e;
    }
    const name = await nameOf();
    const done = c.req.query('selesai') === '1';
    return page(
      c,
      office.label,
      <>
        <ErrorSummary errors={errors} />
        {done ? <Notice kind="success">Serah terima telah dicatat. Pekerjaan jabatan ini diarahkan kepada pemegangnya mulai tanggal tersebut.</Notice> : null}
        <h1>{office.label}</h1>
        <SummaryList
          rows={[
            { term: 'Pemegang hari ini', value: <Holder office={office} /> },
            { term: 'Serah terima mendatang', value: office.upcoming.length === 0 ? 'Tidak ada' : <Upcoming terms={office.upcoming} nameOf={name} /> },
          ]}
        />
        <h2>Catat serah terima</h2>
        {candidates.length === 0 ? (
          <Notice kind="warning">
            Belum ada orang aktif yang dapat memegang jabatan ini. Berikan perannya (dan OPD-nya) pada <a href="/admin/orang">daftar orang</a> terlebih dahulu.
          </Notice>
        ) : (
          <form method="post" action={`${base}/${office.office}`} novalidate>
            <CsrfField session={viewerOf(c).session} />
            <Select
              name="personId"
              label="Pemegang jabatan"
              placeholder="Pilih orang"
              options={candidates.map((p) => ({ value: p.id, label: `${p.name} (${p.title})` }))}
              value={typed.personId}
              error={errorFor(errors, 'personId')}
              required
            />
            <DateInput
              name="from"
              label="Mulai tanggal"
              hint="Hari pertama ia memegang jabatan (WIB). Boleh tanggal yang akan datang."
              value={typed.from}
              error={errorFor(errors, 'from')}
              required
            />
            <TextInput name="basis" label="Dasar" hint="Nomor SK pengangkatan atau mutasi." value={typed.basis} error={errorFor(errors, 'basis')} required />
            <Actions>
              <Button>Catat serah terima</Button>
              <ButtonLink href={base} variant="secondary">
                Kembali
              </ButtonLink>
            </Actions>
          </form>
        )}
        <h2>Riwayat</h2>
        {office.history.length === 0 ? (
          <p>Belum ada catatan; pemegang jabatan ditentukan menurut peran dalam daftar orang.</p>
        ) : (
          <ul class="program-list">
            {office.history.map((t) => (
              <li>
                Mulai <DateText value={t.from} />: {name(t.personId)} (sebelumnya {name(t.before)})
                <div class="hint">
                  Dasar {t.basis}; dicatat oleh {t.recordedBy.name} pada <DateText value={t.recordedAt} time />
                </div>
              </li>
            ))}
          </ul>
        )}
      </>,
      status,
      errors.length > 0,
    );
  }

  async function escalationPage(c: Context<WebEnv>, typed: TypedPolicy, errors: FieldError[], status: 200 | 422 = 200) {
    const all = await offices.listOffices();
    const items = [...all.map((o) => ({ value: o.office, label: o.label })), { value: 'secretariat', label: 'Sekretariat (semua anggota)' }];
    return page(
      c,
      'Eskalasi',
      <>
        <ErrorSummary errors={errors} />
        {c.req.query('selesai') === '1' ? <Notice kind="success">Aturan eskalasi telah disimpan dan berlaku untuk eskalasi berikutnya.</Notice> : null}
        <h1>Eskalasi pekerjaan yang terlambat</h1>
        <p>
          Pekerjaan yang melewati batas waktunya dinaikkan bertahap. Untuk setiap tahap, pilih jabatan yang diberi tahu dan setelah berapa hari kerja tahap itu
          berlaku: tahap 1 dihitung sejak batas waktu, tahap berikutnya sejak tahap sebelumnya. Pemberitahuan dikirim kepada pemegang jabatan pada hari itu,
          tidak kepada pejabat yang pekerjaannya terlambat. Kosongkan tahap yang tidak diperlukan.
        </p>
        <form method="post" action={`${base}/eskalasi`} novalidate>
          <CsrfField session={viewerOf(c).session} />
          {escalatingWork.map((work) => (
            <fieldset>
              <legend>
                <h2>{escalatingWorkLabels[work]}</h2>
              </legend>
              {stepSlots(typed[work]).map((step, i) => (
                <>
                  <TextInput
                    name={`${work}.${i}.afterWorkingDays`}
                    label={`Tahap ${i + 1}: setelah berapa hari kerja`}
                    hint={i === 0 ? 'Dihitung sejak batas waktu.' : `Dihitung sejak tahap ${i}.`}
                    inputmode="numeric"
                    narrow
                    value={step.days}
                    error={errorFor(errors, `${work}.${i}.afterWorkingDays`)}
                  />
                  <Choices
                    type="checkbox"
                    name={`${work}.${i}.targets`}
                    label={`Tahap ${i + 1}: jabatan yang diberi tahu`}
                    items={items}
                    checked={step.targets}
                    error={errorFor(errors, `${work}.${i}.targets`) ?? (i === 0 ? errorFor(errors, work) : undefined)}
                  />
                </>
              ))}
            </fieldset>
          ))}
          <Actions>
            <Button>Simpan aturan eskalasi</Button>
          </Actions>
        </form>
      </>,
      status,
      errors.length > 0,
    );
  }

  return new Hono<WebEnv>()
    .use('*', async (c: Context<WebEnv>, next: Next) => {
      if (rosterRefusal(viewerOf(c).person)) return page(c, 'Tidak berwenang', <h1>Hanya Sekretariat yang dapat mengelola jabatan</h1>, 403);
      await next();
    })

    .get('/', async (c) => {
      const [all, name] = await Promise.all([offices.listOffices(), nameOf()]);
      return page(
        c,
        'Jabatan',
        <>
          <h1>Jabatan</h1>
          <p>
            Pekerjaan sebuah jabatan (tanda tangan komitmen, persetujuan Sekda, eskalasi) diarahkan kepada pemegangnya pada hari itu. Mutasi yang dicatat untuk
            tanggal mendatang berlaku pada tanggal tersebut tanpa perubahan lain.
          </p>
          <Actions>
            <ButtonLink href={`${base}/eskalasi`} variant="secondary">
              Atur eskalasi
            </ButtonLink>
          </Actions>
          <ul class="program-list">
            {all.map((o) => (
              <li>
                <a href={`${base}/${o.office}`}>{o.label}</a>
                <div class="hint">
                  <Holder office={o} />
                </div>
                <Upcoming terms={o.upcoming} nameOf={name} />
              </li>
            ))}
          </ul>
        </>,
      );
    })

    .get('/eskalasi', async (c) => escalationPage(c, typedOf(await store.roster.getEscalationPolicy()), []))

    .post('/eskalasi', async (c) => {
      const form = await c.req.parseBody({ all: true });
      const typed = typedFromForm(form);
      const parsed = escalationPolicySchema.safeParse(policyOfTyped(typed));
      if (!parsed.success) {
        const errors = fieldProblems(parsed.error.issues).map((p) => ({ field: p.path, message: p.message }));
        return escalationPage(c, typed, errors, 422);
      }
      const by = viewerOf(c).person;
      await store.roster.putEscalationPolicy(parsed.data, { userId: by.id, name: by.name }, new Date());
      return c.redirect(`${base}/eskalasi?selesai=1`, 303);
    })

    .get('/:office', async (c) => officePage(c, c.req.param('office'), { personId: '', from: '', basis: '' }, []))

    .post('/:office', async (c) => {
      const raw = c.req.param('office');
      const form = await c.req.parseBody();
      const typed = { personId: formText(form['personId']), from: formText(form['from']), basis: formText(form['basis']) };
      const parsed = handoverSchema.safeParse(typed);
      const toErrors = (problems: { path: string; message: string }[]) => problems.map((p) => ({ field: p.path, message: p.message }));
      if (!parsed.success) return officePage(c, raw, typed, toErrors(fieldProblems(parsed.error.issues)), 422);
      try {
        await offices.recordHandover(raw, parsed.data, viewerOf(c).person);
      } catch (e) {
        if (e instanceof ProblemError && e.status === 400 && e.errors) return officePage(c, raw, typed, toErrors(e.errors), 422);
        throw e;
      }
      return c.redirect(`${base}/${raw}?selesai=1`, 303);
    });
}
