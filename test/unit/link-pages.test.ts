import { describe, expect, it } from 'vitest';
import { confirmationPage, missingReasonMessage } from '../../api/pages.js';
import { reportFormPage } from '../../api/report-pages.js';
import { commitmentStatement } from '../../api/signing-pages.js';
import type { ProgramRecord, StageRecord } from '../../domain/program.js';
import type { Proposal } from '../../domain/proposal.js';
import { decisionContextOf, versionChanges } from '../../mail/decision-context.js';
import { referenceLabels } from '../../mail/program-summary.js';
import type { ProposalVersion } from '../../store/programs.js';
import { opdHead, reviewer, sampleProgram } from '../support/mail-fixtures.js';

const proposal: Proposal = {
  title: 'Sistem Rujukan Terintegrasi',
  summary: 'Rujukan pasien antar-puskesmas.',
  opdId: 'dinkes',
  dimension: 'living',
  rpjmdRef: 'Program Pemenuhan Upaya Kesehatan Perorangan',
  quickWin: false,
  budgetIdr: 1_000_000_000,
  startDate: '2027-01-04',
  endDate: '2027-12-31',
  reportingCadence: 'monthly',
  kpis: [{ name: 'Puskesmas terhubung', unit: 'puskesmas', target: 12 }],
};
const revised: Proposal = { ...proposal, budgetIdr: 1_200_000_000, kpis: [{ name: 'Puskesmas terhubung', unit: 'puskesmas', target: 14 }] };
const versions: ProposalVersion[] = [
  { version: 1, proposal, at: '2026-12-01T02:00:00Z' },
  { version: 2, proposal: revised, at: '2026-12-05T02:00:00Z' },
];
const record = { id: 'prg_01', proposal: revised, proposalVersion: 2, stage: 'diskominfo_review', stageSeq: 3 } as ProgramRecord;
const stages: StageRecord[] = [
  {
    programId: 'prg_01',
    stageSeq: 1,
    stage: 'diskominfo_review',
    openedAt: '2026-12-01T02:00:00Z',
    dueAt: null,
    assignees: [reviewer],
    outcome: { result: 'request_changes', by: reviewer, at: '2026-12-02T03:00:00Z', comment: 'Rincikan anggaran perangkat.' },
  },
  {
    programId: 'prg_01',
    stageSeq: 2,
    stage: 'revision',
    openedAt: '2026-12-02T03:00:00Z',
    dueAt: null,
    assignees: [opdHead],
    outcome: { result: 'resubmitted', by: opdHead, at: '2026-12-05T02:00:00Z', comment: 'Anggaran dirinci per puskesmas.' },
  },
];
const context = decisionContextOf(record, 3, stages, versions);

const page = (refused?: Parameters<typeof confirmationPage>[0]['refused']) =>
  confirmationPage({
    program: sampleProgram(),
    stage: 'diskominfo_review',
    assignee: reviewer,
    allowed: ['approve', 'request_changes', 'reject'],
    actionPath: '/act/tok',
    dueDate: '2026-12-14',
    commentRequiredFor: ['request_changes', 'reject', 'return'],
    context,
    ...(refused ? { refused } : {}),
  });

describe('decision context', () => {
  it('says what changed since the previous version, in words', () => {
    expect(context.changes?.lines).toEqual([
      'Anggaran: Rp 1.000.000.000 menjadi Rp 1.200.000.000',
      'Indikator “Puskesmas terhubung”: 12 puskesmas menjadi 14 puskesmas',
    ]);
  });

  it('says what changed in the evaluation fields, with the names people know', () => {
    const before: Proposal = { ...proposal, subDimension: 'living.kesehatan', budgetByYear: [{ year: 2027, amountIdr: 1_000_000_000 }] };
    const after: Proposal = {
      ...before,
      subDimension: 'living.transportasi',
      quickWin: true,
      quickWinId: 'telemedisin',
      rpjmdProgram: { code: '1.02.02', name: 'Program Pemenuhan Upaya Kesehatan' },
      budgetByYear: [{ year: 2027, amountIdr: 900_000_000 }],
      kpis: [{ ...proposal.kpis[0]!, type: 'outcome', baseline: { value: 3, year: 2026 } }],
    };
    const labels = referenceLabels(
      [{ id: 'living', name: 'Smart Living', sub: ['Kesehatan', 'Transportasi'] }],
      [{ id: 'telemedisin', name: 'Telemedisin Puskesmas' }],
    );

    const lines = versionChanges(
      { version: 1, proposal: before, at: '2026-12-01T02:00:00Z' },
      { version: 2, proposal: after, at: '2026-12-05T02:00:00Z' },
      labels,
    ).lines;

    expect(lines).toEqual([
      'Sub-dimensi: Kesehatan menjadi Transportasi',
      'Program RPJMD: (tidak diisi) menjadi “1.02.02 Program Pemenuhan Upaya Kesehatan”',
      'Quick win: Tidak menjadi Ya',
      'Quick win yang diwujudkan: tidak ada menjadi “Telemedisin Puskesmas”',
      'Anggaran 2027: Rp 1.000.000.000 menjadi Rp 900.000.000',
      'Indikator “Puskesmas terhubung”: 12 puskesmas menjadi 12 puskesmas; Hasil (outcome); baseline 3 puskesmas (2026)',
    ]);
  });

  it('keeps the notes of earlier stages, oldest first', () => {
    expect(context.earlierNotes.map((n) => n.comment)).toEqual(['Rincikan anggaran perangkat.', 'Anggaran dirinci per puskesmas.']);
    expect(context.earlierNotes[0]?.what).toBe('Reviu Diskominfo: diminta perbaikan');
  });
});

describe('decision page', () => {
  it('marks the note as required, in its label, for the decisions that must say why', () => {
    expect(page()).toContain('<label for="comment">Catatan (wajib untuk “Minta perbaikan” dan “Tolak”)</label>');
  });

  it('shows the RPJMD programme, the indicators, the changes and the earlier notes', () => {
    const html = page();
    expect(html).toContain('Program Pemenuhan Upaya Kesehatan Perorangan');
    expect(html).toContain('<td>14 puskesmas</td>');
    expect(html).toContain('Perubahan dari versi 1 ke versi 2');
    expect(html).toContain('Rincikan anggaran perangkat.');
  });

  it('comes back refused with an error summary linked to the note, the message beside it, and what was typed', () => {
    const html = page({ errors: [{ field: 'comment', message: missingReasonMessage('reject') }], comment: '  ' });
    expect(html).toContain('<title>Kesalahan: ');
    expect(html).toContain('<a href="#comment">Tuliskan alasan keputusan “Tolak” pada kolom Catatan.</a>');
    expect(html).toMatch(/<textarea id="comment" name="comment" aria-describedby="comment-hint comment-error" aria-invalid="true"/);
  });

  it('does not show the internal programme code', () => {
    expect(page()).not.toContain('prg_01');
  });
});

describe('commitment statement', () => {
  it('names the regency once, whether or not the official title already does', () => {
    const bupati = { userId: 'b', name: 'H. Rahmat', title: 'Bupati Solok Selatan' };
    const own = commitmentStatement(sampleProgram(), { office: 'bupati', official: bupati, capacity: 'self' });
    expect(own).toContain('Dengan ini Bupati Solok Selatan menyatakan');
    const sekda = { userId: 's', name: 'Drs. Yulian', title: 'Sekretaris Daerah' };
    expect(commitmentStatement(sampleProgram(), { office: 'sekda', official: sekda, capacity: 'self' })).toContain(
      'Dengan ini Sekretaris Daerah Kabupaten Solok Selatan menyatakan',
    );
  });
});

describe('report form', () => {
  it('comes back refused with the problem beside its field and every value kept', () => {
    const html = reportFormPage({
      program: sampleProgram(),
      assignee: opdHead,
      period: { id: '2027-01', start: '2027-01-01', end: '2027-01-31', last: false },
      dueDate: '2027-02-05',
      kpis: proposal.kpis,
      actionPath: '/act/tok',
      refused: {
        errors: [{ field: 'percentComplete', message: 'Persentase kemajuan wajib diisi dengan angka 0 sampai 100.' }],
        values: { narrative: 'Sudah <b>berjalan</b>.', 'kpi.0': '4' },
      },
    });
    expect(html).toContain('<a href="#percentComplete">Persentase kemajuan wajib diisi dengan angka 0 sampai 100.</a>');
    expect(html).toContain('Sudah &lt;b&gt;berjalan&lt;/b&gt;.</textarea>');
    expect(html).toMatch(/id="kpi-0" name="kpi.0"[^>]*value="4"/);
  });
});
