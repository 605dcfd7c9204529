/**
 * The secretariat's page of acting officials (Plt./Plh.): who acts for whom, from when until
 * when, on which decree (SK), a form to record one, and every recording, confirmation and
 * revocation with who made it, when, and the delegation before and after. Recording goes through
 * the same function as `POST /v1/delegations` (overlap check, re-routing of pending signatures).
 */
import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { refusal } from '../../domain/roles.js';
import {
  delegationActive,
  delegationChangeLabels,
  delegationKindLabels,
  delegationKinds,
  type Delegation,
  type DelegationChange,
} from '../../domain/signing.js';
import { wibDate } from '../../domain/calendar.js';
import type { AppDeps } from '../context.js';
import { toProblem } from '../problem.js';
import { delegationBody, recordDelegation, revokeDelegation } from '../routes/signing.js';
import {
  Actions,
  Button,
  ChangeHistory,
  Choices,
  DateInput,
  DateText,
  ErrorSummary,
  Notice,
  Select,
  TextInput,
  errorFor,
  type FieldError,
} from '../views/components.js';
import { appPage } from './chrome.js';
import { viewerOf, type WebEnv } from './session.js';

const fieldMessages: Record<string, string> = {
  officialId: 'Pilih pejabat yang berhalangan.',
  delegateId: 'Pilih pelaksana yang berbeda dari pejabatnya dan dari Anda sendiri, yang jabatannya memenuhi syarat untuk mewakili pejabat tersebut.',
  kind: 'Pilih Plt. atau Plh.',
  from: 'Isi tanggal mulai yang benar.',
  until: 'Tanggal selesai tidak boleh sebelum tanggal mulai.',
  basis: 'Isi nomor SK penunjukan, dalam satu baris.',
};

/** A delegation's standing, as the change history shows it before and after a change. */
const standing = (d: Delegation | null) => (d === null ? 'belum ada' : d.revokedAt ? 'dicabut' : d.exclusive ? 'tercatat, eksklusif' : 'tercatat');

function DelegationChangeText(p: { change: DelegationChange; nameOf: (id: string) => string }) {
  const d = p.change.after;
  return (
    <>
      {delegationKindLabels[d.kind]} {p.nameOf(d.officialId)}: {p.nameOf(d.delegateId)}, <DateText value={d.from} /> s.d. <DateText value={d.until} />, dasar{' '}
      {d.basis}: {delegationChangeLabels[p.change.type]} (sebelumnya {standing(p.change.before)}; sesudahnya {standing(d)})
    </>
  );
}

type Typed = Record<'officialId' | 'delegateId' | 'kind' | 'from' | 'until' | 'basis', string>;
const emptyTyped: Typed = { officialId: '', delegateId: '', kind: 'plh', from: '', until: '', basis: '' };

export function delegationPages(deps: AppDeps) {
  const { store } = deps;

  async function page(c: Context<WebEnv>, typed: Typed, errors: FieldError[], notice: string | null, status: ContentfulStatusCode) {
    const viewer = viewerOf(c);
    const [delegations, changes, people] = await Promise.all([
      store.signing.listDelegations(),
      store.signing.listDelegationChanges(),
      store.roster.listPeople(),
    ]);
    const nameOf = (id: string) => people.find((p) => p.id === id)?.name ?? id;
    const options = people.sort((a, b) => a.name.localeCompare(b.name)).map((p) => ({ value: p.id, label: `${p.name} (${p.title})` }));
    const today = wibDate(new Date());
    const err = (f: string) => errorFor(errors, f);
    return c.html(
      appPage({
        title: 'Pelaksana tugas',
        viewer,
        current: '/delegasi',
        hasErrors: errors.length > 0,
        children: (
          <>
            <ErrorSummary errors={errors} />
            {notice ? <Notice kind="success">{notice}</Notice> : null}
            <h1>Pelaksana tugas (Plt./Plh.)</h1>
            {delegations.length === 0 ? (
              <p>Belum ada penunjukan.</p>
            ) : (
              <ul>
                {delegations.map((d) => (
                  <li>
                    {delegationKindLabels[d.kind]} {nameOf(d.officialId)}: {nameOf(d.delegateId)}, <DateText value={d.from} /> s.d. <DateText value={d.until} />
                    , dasar {d.basis}
                    {d.revokedAt ? ' (dicabut)' : delegationActive(d, today) ? ' (berlaku)' : ''}
                    {d.revokedAt || d.until < today ? null : (
                      <form method="post" action={`/delegasi/${d.id}/cabut`}>
                        <input type="hidden" name="_csrf" value={viewer.session.csrfToken} />
                        <Button variant="secondary">Cabut penunjukan {nameOf(d.delegateId)}</Button>
                      </form>
                    )}
                  </li>
                ))}
              </ul>
            )}
            <h2>Riwayat perubahan penunjukan</h2>
            {changes.length === 0 ? (
              <p>Belum ada perubahan.</p>
            ) : (
              <ChangeHistory
                caption="Riwayat perubahan penunjukan"
                changes={changes}
                describe={(change) => <DelegationChangeText change={change} nameOf={nameOf} />}
              />
            )}
            <h2>Catat penunjukan</h2>
            <form method="post" action="/delegasi" novalidate>
              <input type="hidden" name="_csrf" value={viewer.session.csrfToken} />
              <Select
                name="officialId"
                label="Pejabat"
                placeholder="Pilih pejabat"
                options={options}
                value={typed.officialId}
                error={err('officialId')}
                required
              />
              <Select
                name="delegateId"
                label="Pelaksana"
                placeholder="Pilih pelaksana"
                options={options}
                value={typed.delegateId}
                error={err('delegateId')}
                required
              />
              <Choices
                type="radio"
                name="kind"
                label="Jenis"
                items={delegationKinds.map((k) => ({ value: k, label: delegationKindLabels[k] }))}
                checked={[typed.kind]}
                error={err('kind')}
              />
              <TextInput name="basis" label="Nomor SK" value={typed.basis} error={err('basis')} required />
              <DateInput name="from" label="Tanggal mulai" value={typed.from} error={err('from')} required />
              <DateInput name="until" label="Tanggal selesai" value={typed.until} error={err('until')} required />
              <Actions>
                <Button>Catat penunjukan</Button>
              </Actions>
            </form>
          </>
        ),
      }),
      status,
    );
  }

  const forbidden = (c: Context<WebEnv>) =>
    c.html(appPage({ title: 'Tidak berwenang', viewer: viewerOf(c), current: '/delegasi', children: <h1>Halaman ini hanya untuk sekretariat</h1> }), 403);

  return new Hono<WebEnv>()
    .get('/', (c) => (refusal(viewerOf(c).person, 'delegate') ? forbidden(c) : page(c, emptyTyped, [], null, 200)))

    .post('/', async (c) => {
      if (refusal(viewerOf(c).person, 'delegate')) return forbidden(c);
      const form = await c.req.parseBody();
      const typed = Object.fromEntries(Object.keys(emptyTyped).map((k) => [k, typeof form[k] === 'string' ? form[k] : ''])) as Typed;
      const parsed = delegationBody.safeParse({ ...typed, exclusive: false });
      if (!parsed.success) {
        const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0])))];
        return page(
          c,
          typed,
          fields.map((f) => ({ field: f, message: fieldMessages[f] ?? 'Periksa isian ini.' })),
          null,
          400,
        );
      }
      try {
        await recordDelegation(deps, parsed.data, viewerOf(c).person);
      } catch (e) {
        const problem = toProblem(e);
        if (problem.status >= 500) throw e;
        if (problem.status === 409) {
          const message = 'Pejabat ini sudah memiliki pelaksana pada sebagian periode tersebut; cabut penunjukan itu dahulu.';
          return page(c, typed, [{ field: 'officialId', message }], null, 409);
        }
        const fields = [...new Set((problem.errors ?? []).map((e) => e.path))];
        const errors = (fields.length > 0 ? fields : ['officialId']).map((f) => ({ field: f, message: fieldMessages[f] ?? 'Periksa isian ini.' }));
        return page(c, typed, errors, null, 400);
      }
      return page(c, emptyTyped, [], 'Penunjukan telah dicatat; permintaan tanda tangan yang menunggu dialihkan bila perlu.', 200);
    })

    .post('/:id/cabut', async (c) => {
      if (refusal(viewerOf(c).person, 'delegate')) return forbidden(c);
      try {
        await revokeDelegation(deps, c.req.param('id'), viewerOf(c).person);
      } catch (e) {
        const problem = toProblem(e);
        if (problem.status === 404) return c.notFound();
        if (problem.status !== 409) throw e;
        return page(c, emptyTyped, [], 'Penunjukan ini sudah dicabut sebelumnya.', 409);
      }
      return page(c, emptyTyped, [], 'Penunjukan telah dicabut; permintaan tanda tangan yang menunggu dialihkan bila perlu.', 200);
    });
}
