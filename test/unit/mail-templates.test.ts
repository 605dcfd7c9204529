import { describe, expect, it } from 'vitest';
import type { StageOutcome } from '../../domain/program.js';
import { alreadyDonePage, confirmationPage, problemPage, resultPage } from '../../api/pages.js';
import { formatDate, formatDateTime, formatRupiah, singleLine } from '../../mail/format.js';
import { checkedUrl } from '../../api/views/urls.js';
import type { DecisionContext } from '../../mail/decision-context.js';
import {
  approvedForSigningMail,
  changesRequestedMail,
  decisionRequestMail,
  holidayDataMissingMail,
  programEndedMail,
  rejectedMail,
  stageEscalationMail,
  type MailContent,
  type ProgramSummary,
} from '../../mail/templates.js';
import { evil, expectHostileInputContained, expectMailShell, hostileProgram, opdHead, reviewer, sampleProgram, sekda } from '../support/mail-fixtures.js';

const program = sampleProgram({ summary: 'Antrean daring untuk seluruh puskesmas.\nTahap pertama: 4 puskesmas.' });
const hostile = hostileProgram(program);

const contextWith = (note: string): DecisionContext => ({
  rpjmdRef: 'Program Pemenuhan Upaya Kesehatan Perorangan',
  kpis: [{ name: 'Puskesmas terhubung', unit: 'puskesmas', target: 12 }],
  earlierNotes: [{ what: 'Reviu Diskominfo: diminta perbaikan', by: reviewer, at: '2026-12-02T03:00:00Z', comment: note }],
  changes: { fromVersion: 1, toVersion: 2, lines: ['Anggaran: Rp 1.000.000.000 menjadi Rp 1.200.000.000'] },
});

function allMails(p: ProgramSummary, comment: string): MailContent[] {
  return [
    decisionRequestMail({
      program: p,
      stage: 'diskominfo_review',
      recipient: reviewer,
      actionUrl: 'https://alur.example.go.id/act/tok',
      dueDate: '2026-12-07',
      programUrl: 'https://alur.example.go.id/programs/prg_01',
      context: contextWith(comment),
    }),
    decisionRequestMail({
      program: p,
      stage: 'sekda_approval',
      recipient: sekda,
      actionUrl: 'https://alur.example.go.id/act/tok2',
      dueDate: null,
      programUrl: 'https://alur.example.go.id/programs/prg_01',
      context: contextWith(comment),
    }),
    changesRequestedMail({
      program: p,
      recipient: opdHead,
      by: reviewer,
      result: 'request_changes',
      comment,
      programUrl: 'https://alur.example.go.id/programs/prg_01',
      dueDate: '2026-12-21',
    }),
    changesRequestedMail({
      program: p,
      recipient: opdHead,
      by: sekda,
      result: 'return',
      comment,
      programUrl: 'https://alur.example.go.id/programs/prg_01',
      dueDate: null,
    }),
    rejectedMail({ program: p, recipient: opdHead, by: sekda, stage: 'sekda_approval', comment, at: '2026-12-07T07:05:00Z' }),
    approvedForSigningMail({
      program: p,
      recipient: opdHead,
      by: sekda,
      at: '2026-12-07T07:05:00Z',
      programUrl: 'https://alur.example.go.id/programs/prg_01',
    }),
    programEndedMail({ program: p, recipient: reviewer, by: opdHead, how: 'withdrawn', reason: comment, at: '2026-12-07T07:05:00Z' }),
    programEndedMail({ program: p, recipient: reviewer, by: sekda, how: 'cancelled', reason: comment, at: '2026-12-07T07:05:00Z' }),
  ];
}

describe('format', () => {
  it('formats rupiah the Indonesian way', () => {
    expect(formatRupiah(1_250_000_000)).toBe('Rp 1.250.000.000');
    expect(formatRupiah(0)).toBe('Rp 0');
  });

  it('formats dates and times in WIB', () => {
    expect(formatDate('2026-12-07')).toBe('Senin, 7 Desember 2026');
    expect(formatDate('2027-01-01')).toBe('Jumat, 1 Januari 2027');
    // 18:30 UTC on 6 December is already Monday 7 December in WIB.
    expect(formatDate('2026-12-06T18:30:00Z')).toBe('Senin, 7 Desember 2026');
    expect(formatDateTime('2026-12-07T07:05:00Z')).toBe('7 Desember 2026 pukul 14.05 WIB');
    expect(formatDateTime('2026-12-31T17:00:00Z')).toBe('1 Januari 2027 pukul 00.00 WIB');
    expect(formatDate('bukan tanggal')).toBe('bukan tanggal');
  });

  it('refuses dangerous URLs and keeps one-line text on one line', () => {
    expect(() => checkedUrl('javascript:alert(1)')).toThrow();
    expect(() => checkedUrl(' java\nscript:alert(1)')).toThrow();
    expect(checkedUrl(' /act/abc?x=1&y=2')).toBe('/act/abc?x=1&y=2');
    expect(singleLine('a\r\nb\u2028c')).toBe('a b c');
  });
});

describe('mail templates', () => {
  it('give the decider the RPJMD programme, the indicators, what changed and the earlier notes', () => {
    const [m] = allMails(program, 'Rincikan anggaran perangkat.');
    expect(m!.text).toContain('Program Pemenuhan Upaya Kesehatan Perorangan');
    expect(m!.text).toContain('Puskesmas terhubung: 12 puskesmas');
    expect(m!.text).toContain('- Anggaran: Rp 1.000.000.000 menjadi Rp 1.200.000.000');
    expect(m!.text).toContain('  | Rincikan anggaran perangkat.');
    expect(m!.html).toContain('<li>Anggaran: Rp 1.000.000.000 menjadi Rp 1.200.000.000</li>');
  });

  it('escape hostile titles and comments in HTML, and keep subjects on one line', () => {
    for (const m of allMails(hostile, `Mohon perbaiki ${evil}`)) {
      // The text part is plain text: the comment is there verbatim.
      expectHostileInputContained(m);
      expect(m.subject).toContain('Antrean');
    }
  });

  it('speak to officials, not developers: no API, HTTP verbs, commands, hash algorithms or internal codes', () => {
    const mails = [
      ...allMails(program, 'Lengkapi KPI.'),
      stageEscalationMail({
        program,
        recipient: sekda,
        stage: 'diskominfo_review',
        awaiting: [reviewer],
        dueDate: '2026-12-07',
        overdueWorkingDays: 3,
        programUrl: 'https://alur.example.go.id/programs/prg_01',
      }),
      holidayDataMissingMail({ recipient: sekda, year: 2028, knownYears: [2026, 2027] }),
    ];
    for (const m of mails) {
      const words = m.text.replace(/https?:\/\/\S+/g, '');
      expect(words).not.toMatch(/\bAPI\b|\b(GET|POST|PUT|DELETE)\b|\/v1\/|\bnpm\b|SHA-256|kanonis|Kode program|\b[0-9a-f]{12,}\b/);
    }
  });

  it('give every mail a subject with the title, both parts, and the footer', () => {
    for (const m of allMails(program, 'Lengkapi KPI.')) {
      expect(m.subject).toContain(program.title);
      expectMailShell(m);
    }
  });

  it('asks for a decision with the facts, the deadline and a personal link', () => {
    const [review] = allMails(program, '');
    expect(review).toBeDefined();
    const m = review!;
    expect(m.subject).toBe('[alur] Permohonan Reviu Diskominfo (usulan versi 2): Sistem Antrean Puskesmas Terpadu');
    for (const part of [m.text, m.html]) {
      expect(part).toContain('Rp 1.250.000.000');
      expect(part).toContain('Senin, 7 Desember 2026');
      expect(part).toContain('5 hari kerja');
      expect(part).toContain('membuka tautan tidak mengubah apa pun');
      expect(part).toContain('https://alur.example.go.id/act/tok');
      expect(part).toContain('salah satu peninjau');
    }
    expect(m.text).toContain('Mohon tidak meneruskan surel ini');
  });

  it('tells the OPD what was asked, verbatim, and how to resubmit', () => {
    const m = changesRequestedMail({
      program,
      recipient: opdHead,
      by: reviewer,
      result: 'request_changes',
      comment: 'Target KPI belum terukur.\nMohon lengkapi.',
      programUrl: 'https://alur.example.go.id/programs/prg_01',
      dueDate: '2026-12-21',
    });
    expect(m.text).toContain('Target KPI belum terukur.');
    expect(m.text).toContain('Mohon lengkapi.');
    expect(m.text).toContain('Rina Marlina (Pranata Komputer Ahli Muda, Diskominfo)');
    expect(m.text).toContain('tombol “Ajukan ulang” pada halaman program');
    expect(m.text).not.toMatch(/API|POST|\/v1\//);
    expect(m.text).toContain('Senin, 21 Desember 2026');
  });
});

describe('pages', () => {
  const page = (allowed: ('approve' | 'request_changes' | 'reject' | 'return' | 'sign')[], p = program) =>
    confirmationPage({
      program: p,
      stage: 'diskominfo_review',
      assignee: reviewer,
      allowed,
      actionPath: '/act/tok123',
      dueDate: '2026-12-07',
      commentRequiredFor: ['request_changes', 'reject'],
      context: null,
    });

  it('render a confirmation page with one POST form and exactly the allowed decisions', () => {
    const html = page(['approve', 'request_changes', 'reject']);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<html lang="id">');
    expect(html).toContain('<meta name="viewport"');
    expect(html).not.toMatch(/<script/i);
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html.match(/<form /g)).toHaveLength(1);
    expect(html).toContain('<form method="post" action="/act/tok123">');
    expect(html).toContain('<textarea id="comment" name="comment"');
    const values = [...html.matchAll(/<button type="submit" class="[^"]*" name="decision" value="([a-z_]+)"/g)].map((m) => m[1]);
    expect(values).toEqual(['approve', 'request_changes', 'reject']);
    expect(html).toContain('>Setujui</button>');
    expect(html).toContain('Anda bertindak sebagai Rina Marlina, Pranata Komputer Ahli Muda, Diskominfo.');
    expect(html).toContain('Membuka halaman ini tidak mengubah apa pun');
    expect(html).toContain('final');
    expect(html).toContain('Wajib diisi jika Anda memilih “Minta perbaikan” atau “Tolak”');
    expect(html).toContain('Untuk “Setujui”, catatan boleh dikosongkan.');
    expect(html).toContain('Senin, 7 Desember 2026');

    const approveOnly = page(['approve']);
    const only = [...approveOnly.matchAll(/name="decision" value="([a-z_]+)"/g)].map((m) => m[1]);
    expect(only).toEqual(['approve']);
  });

  it('escape hostile values on every page', () => {
    const outcome: StageOutcome = { result: 'reject', by: sekda, at: '2026-12-07T07:05:00Z', comment: evil };
    const pages = [
      page(['approve', 'reject'], hostile),
      resultPage({ program: hostile, headline: evil, detail: evil }),
      alreadyDonePage({ program: hostile, stage: 'sekda_approval', outcome }),
      problemPage({ title: evil, detail: evil }),
    ];
    for (const html of pages) {
      expect(html).not.toMatch(/<script/i);
      expect(html).toContain('&lt;script&gt;');
      expect(html).not.toMatch(/https?:\/\//);
    }
  });

  it('say who already finished a stage, and when', () => {
    const html = alreadyDonePage({
      program,
      stage: 'sekda_approval',
      outcome: { result: 'approve', by: sekda, at: '2026-12-07T07:05:00Z', comment: '' },
    });
    expect(html).toContain('Tahap ini sudah selesai: disetujui oleh Drs. Yulian Efi (Sekretaris Daerah) pada 7 Desember 2026 pukul 14.05 WIB.');
    expect(html).not.toContain('Catatan:');
    const withdrawn = alreadyDonePage({
      program,
      stage: 'revision',
      outcome: { result: 'withdrawn', by: opdHead, at: '2026-12-07T07:05:00Z', comment: 'Anggaran dialihkan.' },
    });
    expect(withdrawn).toContain('ditarik oleh OPD, dilakukan oleh dr. Syafrizal (Kepala Dinas Kesehatan)');
    expect(withdrawn).not.toContain('oleh OPD oleh');
    expect(withdrawn).toContain('Anggaran dialihkan.');
  });

  it('render problems without internals', () => {
    const html = problemPage({ title: 'Tautan sudah tidak berlaku', detail: 'Tautan ini telah kedaluwarsa.' });
    expect(html).toContain('<h1>Tautan sudah tidak berlaku</h1>');
    expect(html).toContain('hubungi Sekretariat Daerah');
    expect(html).not.toMatch(/<script|<form/i);
  });
});
