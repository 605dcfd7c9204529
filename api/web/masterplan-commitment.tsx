/**
 * The masterplan's commitment in the staff application (docs/product.md §9): "k dari N telah
 * menandatangani", each seat with its signature or who is awaited, a "Tandatangani" form for a
 * signer whose seat is unsigned, the secretariat's button to open the signing, and once complete
 * the links to the public verification page and the PDF. Acts through the same functions as
 * /v1/masterplan/commitment; the workflow decides.
 */
import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { commitmentNotice, delegationKindLabels, describeSignature, type SignerRoute } from '../../domain/signing.js';
import { capitalised } from '../../mail/format.js';
import { toProblem } from '../problem.js';
import type { AppDeps } from '../context.js';
import { loadMasterplanCommitment, openMasterplanCommitment, signMasterplan, type MasterplanCommitmentOverview } from '../routes/masterplan-commitment.js';
import { commitmentPdfPath } from '../signing-pages.js';
import { Actions, Button, DateText, Notice, Panel } from '../views/components.js';
import { checkedUrl } from '../views/urls.js';
import { appPage, CsrfField } from './chrome.js';
import { viewerOf, type WebEnv } from './session.js';

const path = '/masterplan/komitmen';
const requestIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What a refused request means, in the words of the page (the API keeps its machine message). */
const refusedWords: Partial<Record<number, string>> = {
  400: 'Permintaan tidak dapat diproses. Muat ulang halaman ini dan coba lagi.',
  403: 'Anda tidak termasuk penandatangan komitmen ini, atau penunjukan Plt./Plh. Anda sudah tidak berlaku.',
  409: 'Permintaan tidak dapat diproses karena keadaan komitmen sudah berubah: jabatan ini sudah ditandatangani, penandatanganan sudah selesai atau sedang dibuka. Periksa keadaan terbaru di bawah ini.',
};

function awaitingLine(a: Pick<SignerRoute, 'signer' | 'capacity' | 'basis'>): string {
  return a.capacity === 'self' ? a.signer.name : `${a.signer.name} (${delegationKindLabels[a.capacity]}, dasar: ${a.basis ?? '-'})`;
}

export function masterplanCommitmentPages(deps: AppDeps) {
  async function page(c: Context<WebEnv>, message: { kind: 'success' | 'warning'; text: string } | null, status: ContentfulStatusCode) {
    const viewer = viewerOf(c);
    const { person, session } = viewer;
    const m: MasterplanCommitmentOverview = await loadMasterplanCommitment(deps);
    const mine = m.status === 'open' ? m.seats.filter((s) => s.signature === null && s.awaiting.some((a) => a.signer.userId === person.id)) : [];
    const signedByMe = m.seats.find((s) => s.signature?.signedBy.userId === person.id);
    const secretariat = person.roles.includes('secretariat');
    return c.html(
      appPage({
        title: 'Komitmen implementasi smart city',
        viewer,
        current: path,
        children: (
          <>
            {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
            <h1>Komitmen Implementasi Smart City</h1>
            <p class="lead">{m.title}</p>
            {m.status === 'none' ? (
              <p>Penandatanganan komitmen belum dimulai.</p>
            ) : (
              <Panel title={m.progress}>
                {m.status === 'complete' ? (
                  <p>Komitmen lengkap: seluruh penandatangan telah menandatangani.</p>
                ) : (
                  <p>
                    Batas waktu: {m.dueDate ? <DateText value={m.dueDate} /> : 'tidak ditetapkan'}
                    {m.overdue ? <strong> (terlambat)</strong> : null}
                  </p>
                )}
              </Panel>
            )}
            {m.status === 'complete' && m.commitmentHash && m.verifyUrl ? (
              <p>
                <a href={checkedUrl(m.verifyUrl)}>Verifikasi komitmen</a> · <a href={commitmentPdfPath(m.commitmentHash)}>Unduh dokumen (PDF)</a>
              </p>
            ) : null}
            {mine.map((s) => {
              const route = s.awaiting.find((a) => a.signer.userId === person.id)!;
              return (
                <section aria-labelledby={`tandatangani-${s.key}`}>
                  <h2 id={`tandatangani-${s.key}`}>Tanda tangan Anda: {s.label}</h2>
                  <p>
                    Dengan menekan tombol di bawah, Anda menyatakan komitmen untuk mengimplementasikan {m.title} sesuai tugas dan kewenangan{' '}
                    {route.capacity === 'self'
                      ? `selaku ${s.label}`
                      : `sebagai ${delegationKindLabels[route.capacity]} ${s.label}, dasar: ${route.basis ?? '-'}`}
                    .
                  </p>
                  <form method="post" action={`${path}/tandatangani`}>
                    <CsrfField session={session} />
                    <input type="hidden" name="kursi" value={s.key} />
                    <input type="hidden" name="permintaan" value={randomUUID()} />
                    <Actions>
                      <Button>Tandatangani</Button>
                    </Actions>
                  </form>
                </section>
              );
            })}
            {signedByMe?.signature ? <p>Tanda tangan Anda sudah tercatat: {capitalised(describeSignature(signedByMe.signature))}.</p> : null}
            {m.seats.length > 0 ? (
              <section aria-labelledby="penandatangan">
                <h2 id="penandatangan">Penandatangan</h2>
                <ul class="plain-list">
                  {m.seats.map((s) => (
                    <li>
                      <strong>{s.label}</strong>:{' '}
                      {s.signature ? (
                        <>
                          sudah menandatangani, {describeSignature(s.signature)}, <DateText value={s.signature.at} time />
                        </>
                      ) : s.awaiting.length > 0 ? (
                        <>menunggu tanda tangan {s.awaiting.map(awaitingLine).join(' atau ')}</>
                      ) : (
                        <>menunggu; jabatan ini belum memiliki pejabat di daftar orang</>
                      )}
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
            {m.dropped.length > 0 ? (
              <section aria-labelledby="tidak-diperlukan">
                <h2 id="tidak-diperlukan">Tidak lagi diperlukan</h2>
                <ul class="plain-list">
                  {m.dropped.map((d) => (
                    <li>
                      <strong>{d.label}</strong>: {d.reason}
                      {d.signature ? (
                        <>
                          ; tanda tangan yang sudah diberikan tetap tercatat, {describeSignature(d.signature)}, <DateText value={d.signature.at} time />
                        </>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
            {secretariat && m.status !== 'open' ? (
              <form method="post" action={`${path}/mulai`}>
                <CsrfField session={session} />
                <p>
                  {m.status === 'none'
                    ? 'Permintaan tanda tangan dikirim kepada Bupati, Wakil Bupati, Sekretaris Daerah dan seluruh Kepala Perangkat Daerah yang tercatat.'
                    : 'Penandatanganan baru mengirim permintaan tanda tangan kepada seluruh pejabat yang tercatat saat ini.'}
                </p>
                <Actions>
                  <Button variant={m.status === 'none' ? undefined : 'secondary'}>Mulai penandatanganan komitmen</Button>
                </Actions>
              </form>
            ) : null}
            <p class="muted">{commitmentNotice}</p>
          </>
        ),
      }),
      status,
    );
  }

  /** Runs an action; a refusal comes back as the page with what it means. */
  async function acting(c: Context<WebEnv>, act: () => Promise<string>) {
    try {
      return await page(c, { kind: 'success', text: await act() }, 200);
    } catch (e) {
      const problem = toProblem(e);
      if (problem.status >= 500) throw e;
      const status = problem.status;
      return page(c, { kind: 'warning', text: refusedWords[problem.status] ?? refusedWords[409]! }, status);
    }
  }

  return new Hono<WebEnv>()
    .get('/', (c) => page(c, null, 200))
    .post('/mulai', (c) =>
      acting(c, async () => {
        await openMasterplanCommitment(deps, viewerOf(c).person);
        return 'Penandatanganan komitmen telah dimulai; permintaan tanda tangan dikirim melalui surel.';
      }),
    )
    .post('/tandatangani', async (c) => {
      const form = await c.req.parseBody();
      const person = viewerOf(c).person;
      const overview = await loadMasterplanCommitment(deps);
      const seat = overview.seats.find((s) => s.key === form['kursi'])?.seat;
      if (!seat) return page(c, { kind: 'warning', text: refusedWords[400]! }, 400);
      const raw = typeof form['permintaan'] === 'string' ? form['permintaan'] : '';
      const requestId = `web-sign-masterplan-${person.id}-${requestIdPattern.test(raw) ? raw : randomUUID()}`;
      return acting(c, async () => {
        const result = await signMasterplan(deps, person, seat, 'web', requestId);
        return result.complete
          ? 'Tanda tangan Anda tercatat, dan komitmen kini lengkap.'
          : `Tanda tangan Anda tercatat (${result.signed} dari ${result.required} telah menandatangani).`;
      });
    });
}
