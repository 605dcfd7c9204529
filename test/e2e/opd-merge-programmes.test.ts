/**
 * A merged OPD's programmes are acted on by the OPD it was merged into (docs/product.md §10), on
 * the real stack: a person the merge moved reports on a programme in implementation and the
 * report is recorded, or resubmits a revision under the programme's own OPD; a person of the OPD
 * it was merged into may not decide on its proposal.
 */
import { describe, expect, it } from 'vitest';
import { as, type Json } from '../support/api.js';
import { monthOf, wibToday } from '../support/dates.js';
import { decideByApi, events, propose } from '../support/flow.js';
import { uniqueTitle } from '../support/proposal.js';
import { signAllByApi, toSigning } from '../support/signing.js';
import type { DecisionAnswer, ReportAnswer } from '../support/types.js';

interface Created {
  id: string;
}

async function addOpd(id: string, name: string, abbr: string): Promise<number> {
  const res = await as<{ version: number }>('sekretariat-1', 'POST', '/v1/opds', { json: { id, name, abbr } });
  expect(res.status, res.text).toBe(201);
  return res.body.version;
}

async function addPerson(nip: string, name: string, opdId: string, role: 'opd_head' | 'opd_staff'): Promise<Created> {
  const title = role === 'opd_head' ? 'Kepala Kantor' : 'Arsiparis';
  const res = await as<Created>('sekretariat-1', 'POST', '/v1/people', {
    json: { nip, name, title, email: `${nip}@solselkab.example`, opdId, roles: [role] } satisfies Json,
  });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

async function merge(opdId: string, version: number, into: string): Promise<void> {
  const res = await as<{ moved: string[] }>('sekretariat-1', 'POST', `/v1/opds/${opdId}/merge`, { json: { into, version } });
  expect(res.status, res.text).toBe(200);
}

describe("a merged OPD's programmes", () => {
  it('take a report from a person the merge moved into the OPD it was merged into', async () => {
    const today = wibToday();
    const lastMonth = monthOf(today, -1);
    const version = await addOpd('kantor-arsip', 'Kantor Arsip Daerah', 'Arsipda');
    await addOpd('dinas-perpustakaan', 'Dinas Perpustakaan', 'Dispus');
    const head = await addPerson('197612122001121005', 'Drs. Hendri Yusman', 'kantor-arsip', 'opd_head');
    // Signed in for the first time after the merge: the API keeps a person it has seen for a while (api/auth.ts).
    const staff = await addPerson('198809172014032007', 'Sri Wahyuni, A.Md.', 'kantor-arsip', 'opd_staff');
    const { id } = await toSigning(head.id, {
      opdId: 'kantor-arsip',
      title: uniqueTitle('Arsip digital kearsipan daerah'),
      startDate: lastMonth.first,
      endDate: monthOf(today, 2).last,
      reportingCadence: 'monthly',
      kpis: [{ name: 'Arsip terpindai', unit: 'berkas', target: 5000 }],
    });
    await signAllByApi(id);

    await merge('kantor-arsip', version, 'dinas-perpustakaan');
    const sent = await as<ReportAnswer>(staff.id, 'POST', `/v1/programs/${id}/progress-reports`, {
      json: { period: lastMonth.id, percentComplete: 15, narrative: 'Pemindaian arsip statis dimulai.', kpiValues: [{ name: 'Arsip terpindai', value: 400 }] },
    });

    expect(sent.status, sent.text).toBe(201);
    expect(sent.body.result).toMatchObject({ period: lastMonth.id, version: 1 });
    const reported = (await events(id)).filter((e) => e.type === 'report_submitted');
    expect(reported.map((e) => e.actor?.userId)).toEqual([staff.id]);
  });

  it("take a revision from a person the merge moved, under the programme's own OPD", async () => {
    const version = await addOpd('kantor-linmas', 'Kantor Perlindungan Masyarakat', 'Linmas');
    await addOpd('badan-ketertiban-umum', 'Badan Ketertiban Umum', 'Batibum');
    const head = await addPerson('197102032000121008', 'Drs. Zulhendri', 'kantor-linmas', 'opd_head');
    const staff = await addPerson('199003112015042009', 'Rahmi Yanti, S.IP.', 'kantor-linmas', 'opd_staff');
    const { id, proposal } = await propose(head.id, { opdId: 'kantor-linmas', title: uniqueTitle('Pendataan ormas daring') });
    await decideByApi('reviewer-kominfo-1', id, 'request_changes', 'Lengkapi rencana keamanan data.');

    await merge('kantor-linmas', version, 'badan-ketertiban-umum');
    const revised = { ...proposal, comment: 'Rencana keamanan data ditambahkan.' };
    const resubmitted = await as<DecisionAnswer>(staff.id, 'POST', `/v1/programs/${id}/revisions`, { json: revised });

    expect(resubmitted.status, resubmitted.text).toBe(200);
    expect(resubmitted.body.result).toMatchObject({ fromStage: 'revision', toStage: 'diskominfo_review', by: { userId: staff.id } });
  });

  it('refuse a person of the OPD it was merged into as decider of its proposal', async () => {
    const version = await addOpd('bagian-organisasi', 'Bagian Organisasi', 'Ortal');
    const head = await addPerson('197805202003121006', 'Yulia Fitri, S.H.', 'bagian-organisasi', 'opd_head');
    const { id } = await propose(head.id, { opdId: 'bagian-organisasi', title: uniqueTitle('Peta jabatan daring') });
    await decideByApi('reviewer-kominfo-2', id, 'approve', 'Sesuai arsitektur SPBE.');

    // The Sekda is of the Sekretariat Daerah, which takes the Bagian over.
    await merge('bagian-organisasi', version, 'setda');
    const decided = await as<DecisionAnswer>('sekda', 'POST', `/v1/programs/${id}/decisions`, { json: { decision: 'approve', comment: 'Disetujui.' } });

    expect(decided.status, decided.text).toBe(403);
    expect(decided.text).toContain('nobody of the proposing OPD decides on its own proposal');
  });
});
