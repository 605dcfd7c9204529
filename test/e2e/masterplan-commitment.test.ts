/**
 * The masterplan commitment over real HTTP and SMTP: the secretariat opens the signing; the
 * Bupati, Wakil Bupati, Sekda and every OPD head are asked by email; the head of Bappeda is
 * away and his Plh. signs for him; "k dari N" counts up to N of N; the signed commitment is
 * verified publicly, and its PDF, read back with poppler and a QR decoder, names every signer
 * and points at the verification page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, call, emailOf, person } from '../support/api.js';
import { addDays, wibToday } from '../support/dates.js';
import { expectProblem } from '../support/flow.js';
import { settledMail, waitForMail, waitForMails } from '../support/mailbox.js';
import { pdfQrCodes, pdfText } from '../support/pdf.js';
import { recordDelegation, revokeDelegation } from '../support/signing.js';
import { stack } from '../support/stack.js';

interface Seat {
  seat: { office: string; opdId?: string };
  key: string;
  label: string;
  signature: { signedBy: { userId: string; name: string }; capacity: string; basis: string | null } | null;
  awaiting: { signer: { userId: string; name: string }; capacity: string; basis: string | null }[];
}
interface Overview {
  round: number | null;
  status: 'none' | 'open' | 'complete';
  required: number;
  signed: number;
  progress: string;
  seats: Seat[];
  commitmentHash: string | null;
  verifyUrl: string | null;
  pdfUrl: string | null;
}

const basis = 'SK Bupati Solok Selatan Nomor 800/321/BKPSDM-2026';
const requestKey = /<alur\.masterplan\.solok-selatan\.1\.request\./;
let plhId: string;
let opened: Overview;

const overview = async () => (await as<Overview>('pemantau', 'GET', '/v1/masterplan/commitment')).body;

beforeAll(async () => {
  const plh = await recordDelegation({
    officialId: 'kepala-bappeda',
    delegateId: 'staf-bappeda',
    kind: 'plh',
    from: wibToday(),
    until: addDays(wibToday(), 10),
    basis,
  });
  plhId = plh.id;
});

afterAll(async () => {
  await revokeDelegation(plhId);
});

describe('the masterplan commitment', () => {
  it('is opened by the secretariat with a seat for the leadership and every OPD head', async () => {
    expect((await overview()).status).toBe('none');
    expectProblem(await as('kadis-kesehatan', 'POST', '/v1/masterplan/commitment', { json: {} }), 403);
    const res = await as<Overview>('sekretariat-1', 'POST', '/v1/masterplan/commitment', { json: {} });
    expect(res.status, res.text).toBe(201);
    opened = res.body;
    expect(opened).toMatchObject({ round: 1, status: 'open', signed: 0, progress: `0 dari ${opened.required} telah menandatangani` });
    const keys = opened.seats.map((s) => s.key);
    expect(keys.slice(0, 3)).toEqual(['bupati', 'wakil_bupati', 'sekda']);
    for (const opd of ['diskominfo', 'dinkes', 'bappeda', 'disparbud']) expect(keys).toContain(`opd_head:${opd}`);
  });

  it('cannot be opened twice while it is being signed', async () => {
    expectProblem(await as('sekretariat-1', 'POST', '/v1/masterplan/commitment', { json: {} }), 409);
  });

  it('asks every signer by email, the Plh. in his acting capacity', async () => {
    const signers = new Set(opened.seats.flatMap((s) => s.awaiting.map((a) => a.signer.userId)));
    const mails = await waitForMails({ messageId: requestKey }, signers.size);
    expect(new Set(mails.flatMap((m) => m.to))).toEqual(new Set(await Promise.all([...signers].map(emailOf))));
    const plhMail = await waitForMail({ messageId: requestKey, to: await emailOf('staf-bappeda') });
    expect(plhMail.text).toContain(`sebagai Plh. ${(await person('kepala-bappeda')).title}`);
    expect(plhMail.text).toContain(basis);
    expect(plhMail.text).toContain(`${stack().api}/masterplan/komitmen`);
  });

  it('refuses someone who signs no seat, and changes nothing', async () => {
    expectProblem(await as('pemantau', 'POST', '/v1/masterplan/commitment/signatures', { json: {} }), 403);
    expect((await overview()).signed).toBe(0);
  });

  it('counts each signature, the Plh. signing for the head of Bappeda', async () => {
    const bappeda = opened.seats.find((s) => s.key === 'opd_head:bappeda')!;
    expect(bappeda.awaiting.map((a) => a.signer.userId).sort()).toEqual(['kepala-bappeda', 'staf-bappeda']);
    const signOnce = () => as('staf-bappeda', 'POST', '/v1/masterplan/commitment/signatures', { json: {}, headers: { 'idempotency-key': 'plh-bappeda-1' } });
    const res = await signOnce();
    expect(res.status, res.text).toBe(200);
    // Sent again with the same key (its answer lost): the first answer, not a second signature.
    const again = await signOnce();
    expect(again.status, again.text).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((again.body as { result: unknown }).result).toEqual((res.body as { result: unknown }).result);
    const after = await overview();
    expect(after.progress).toBe(`1 dari ${after.required} telah menandatangani`);
    expect(after.seats.find((s) => s.key === 'opd_head:bappeda')?.signature).toMatchObject({ signedBy: { userId: 'staf-bappeda' }, capacity: 'plh', basis });
    // The head himself can no longer sign the seat his Plh. signed.
    expectProblem(await as('kepala-bappeda', 'POST', '/v1/masterplan/commitment/signatures', { json: {} }), 409);
  });

  it('is complete once every seat has signed: N of N', async () => {
    for (const seat of (await overview()).seats.filter((s) => s.signature === null)) {
      const signer = seat.awaiting.find((a) => a.capacity === 'self') ?? seat.awaiting[0]!;
      const res = await as(signer.signer.userId, 'POST', '/v1/masterplan/commitment/signatures', { json: { seat: seat.seat } });
      expect(res.status, `${seat.key}: ${res.text}`).toBe(200);
    }
    const done = await overview();
    expect(done).toMatchObject({ status: 'complete', signed: done.required, progress: `${done.required} dari ${done.required} telah menandatangani` });
    expect(done.commitmentHash).toMatch(/^[0-9a-f]{64}$/);
    const secretariat = await emailOf('sekretariat-1');
    expect((await waitForMail({ messageId: /<alur\.masterplan\.solok-selatan\.1\.commitment\./, to: secretariat })).subject).toContain('lengkap');
  });

  it('is verified publicly, with a link to its document', async () => {
    const { commitmentHash, required } = await overview();
    const json = await call<{ kind: string; verified: boolean; signatures: unknown[] }>('GET', `/v1/commitments/${commitmentHash}`);
    expect(json.body).toMatchObject({ kind: 'masterplan', verified: true });
    expect(json.body.signatures).toHaveLength(required);
    const page = await call('GET', `/v1/commitments/${commitmentHash}`, { headers: { accept: 'text/html' } });
    expect(page.text).toContain('Masterplan Smart City Kabupaten Solok Selatan');
    expect(page.text).toContain(`href="/v1/commitments/${commitmentHash}.pdf"`);
  });

  it('is a PDF naming every signer, the Plh. with the decree, and a QR code of the verification page', async () => {
    const done = await overview();
    const res = await fetch(done.pdfUrl!);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = new Uint8Array(await res.arrayBuffer());
    const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
    expect(text).toContain('PEMERINTAH KABUPATEN SOLOK SELATAN');
    expect(text).toContain('NASKAH KOMITMEN IMPLEMENTASI SMART CITY');
    for (const s of done.seats) expect(text).toContain(s.signature!.signedBy.name);
    const head = await person('kepala-bappeda');
    expect(text).toContain(`Plh. ${head.title} untuk ${head.name}, dasar: ${basis}`);
    expect(text).toContain('bukan tanda tangan elektronik tersertifikasi (TTE)');
    expect(await pdfQrCodes(pdf)).toEqual([done.verifyUrl]);
  });

  it('sent each signer one request, no more', async () => {
    const mails = await settledMail({ messageId: requestKey });
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(mails.length);
  });
});
