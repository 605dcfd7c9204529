import { describe, expect, it } from 'vitest';
import { programEndedPage, reportFormPage, reportReceivedPage } from '../../api/report-pages.js';
import type { ProgressReport } from '../../domain/reports.js';
import { periodLabel, reportEscalationMail, reportRequestMail, type ReportPeriodFacts } from '../../mail/report-templates.js';
import type { MailContent, ProgramSummary } from '../../mail/templates.js';
import { evil, expectHostileInputContained, expectMailShell, hostileProgram, opdHead, sampleProgram, sekda } from '../support/mail-fixtures.js';

const program = sampleProgram({ proposalVersion: 1 });
const hostile = hostileProgram(program);

const january: ReportPeriodFacts = { id: '2027-01', start: '2027-01-04', end: '2027-01-31', last: false };
const december: ReportPeriodFacts = { id: '2027-12', start: '2027-12-01', end: '2027-12-31', last: true };
const urls = { actionUrl: 'https://alur.example.go.id/act/tok', programUrl: 'https://alur.example.go.id/programs/prg_01' };

function allMails(p: ProgramSummary, period: ReportPeriodFacts, opdName = p.opdName): MailContent[] {
  return [
    reportRequestMail({ program: p, recipient: opdHead, period, dueDate: '2027-02-05', kind: 'reminder', overdueWorkingDays: 0, ...urls }),
    reportRequestMail({ program: p, recipient: opdHead, period, dueDate: '2027-02-05', kind: 'overdue_reminder', overdueWorkingDays: 3, ...urls }),
    reportRequestMail({ program: p, recipient: opdHead, period, dueDate: '2027-02-05', kind: 'overdue_reminder', overdueWorkingDays: 6, ...urls }),
    reportEscalationMail({ program: p, recipient: sekda, period, dueDate: '2027-02-05', overdueWorkingDays: 5, opdName, programUrl: urls.programUrl }),
  ];
}

describe('periodLabel', () => {
  it('names months and quarters in Bahasa Indonesia', () => {
    expect(periodLabel('2027-01')).toBe('Januari 2027');
    expect(periodLabel('2027-08')).toBe('Agustus 2027');
    expect(periodLabel('2028-12')).toBe('Desember 2028');
    expect(periodLabel('2027-Q1')).toBe('Triwulan I 2027');
    expect(periodLabel('2027-Q2')).toBe('Triwulan II 2027');
    expect(periodLabel('2027-Q3')).toBe('Triwulan III 2027');
    expect(periodLabel('2027-Q4')).toBe('Triwulan IV 2027');
  });

  it('returns anything else unchanged', () => {
    for (const odd of ['2027-13', '2027-00', '2027-Q5', '2027-1', 'periode', '']) expect(periodLabel(odd)).toBe(odd);
  });
});

describe('report mails', () => {
  it('escape hostile input in HTML and keep subjects on one line', () => {
    for (const m of [...allMails(hostile, january, `Dinas ${evil}\r\nX: y`), ...allMails(hostile, december)]) {
      expectHostileInputContained(m);
      expect(m.subject).toContain('Bcc: attacker@example.com'); // flattened into the subject, not a header
    }
  });

  it('give every mail both parts, the footer and nothing external', () => {
    for (const m of [...allMails(program, january), ...allMails(program, december)]) {
      expect(m.subject).toContain(program.title);
      expectMailShell(m);
      for (const part of [m.text, m.html]) expect(part).toContain('Jumat, 5 Februari 2027');
    }
  });

  it('ask for a period’s report with the due day, the form link and what a report holds', () => {
    const [m] = allMails(program, january);
    expect(m!.subject).toBe('[alur] Permintaan laporan kemajuan periode Januari 2027: Sistem Antrean Puskesmas Terpadu');
    for (const part of [m!.text, m!.html]) {
      expect(part).toContain('Januari 2027');
      expect(part).toContain('telah berakhir');
      expect(part).toContain('paling lambat Jumat, 5 Februari 2027 (WIB)');
      expect(part).toContain('https://alur.example.go.id/act/tok');
      expect(part).toContain('membuka tautan tidak mengubah apa pun');
      expect(part).toContain('indikator kinerja (KPI)');
      expect(part).toContain('Diskominfo dan Sekretaris Daerah');
      expect(part).not.toContain('laporan akhir');
    }
    expect(m!.text).toContain('Laporan juga dapat disampaikan melalui aplikasi alur.');
    expect(m!.text).not.toMatch(/API|POST|\/v1\//);
    expect(m!.text).toContain('Mohon tidak meneruskan surel ini');
  });

  it('say how late an overdue report is, and whether it was escalated', () => {
    const [, late3, late6] = allMails(program, january);
    expect(late3!.subject).toBe('[alur] Laporan kemajuan periode Januari 2027 terlambat 3 hari kerja: Sistem Antrean Puskesmas Terpadu');
    expect(late3!.text).toContain('telah terlambat 3 hari kerja');
    expect(late3!.text).toContain('Apabila laporan belum diterima 5 hari kerja setelah batas waktu');
    expect(late6!.text).toContain('telah dilaporkan kepada Diskominfo dan Sekretaris Daerah');
  });

  it('call the last period’s report the final report that closes the programme', () => {
    const [request, overdue, , escalation] = allMails(program, december);
    expect(request!.subject).toBe('[alur] Permintaan laporan akhir periode Desember 2027: Sistem Antrean Puskesmas Terpadu');
    expect(overdue!.subject).toContain('Laporan akhir periode Desember 2027 terlambat 3 hari kerja');
    for (const part of [request!.text, request!.html]) {
      expect(part).toContain('periode pelaporan terakhir');
      expect(part).toContain('laporan akhir');
      expect(part).toContain('program dinyatakan selesai');
    }
    expect(request!.html).toContain('>Isi laporan akhir</a>');
    expect(escalation!.text).toContain('program belum dapat dinyatakan selesai sebelum laporan akhir diterima');
  });

  it('escalate to Diskominfo and the Sekda naming the OPD and the delay', () => {
    const m = reportEscalationMail({
      program: { ...program, id: 'prg_02' },
      recipient: sekda,
      period: { id: '2027-Q1', start: '2027-01-04', end: '2027-03-31', last: false },
      dueDate: '2027-04-07',
      overdueWorkingDays: 5,
      opdName: 'Dinas Kesehatan',
      programUrl: urls.programUrl,
    });
    expect(m.subject).toBe('[alur] Eskalasi: laporan kemajuan periode Triwulan I 2027 terlambat 5 hari kerja: Sistem Antrean Puskesmas Terpadu');
    for (const part of [m.text, m.html]) {
      expect(part).toContain('Yth. Drs. Yulian Efi');
      expect(part).toContain('dari Dinas Kesehatan belum diterima');
      expect(part).toContain('Rabu, 7 April 2027');
      expect(part).toContain('terlambat 5 hari kerja');
      expect(part).toContain('Tidak ada tindakan yang dilakukan secara otomatis');
    }
    // The escalation carries no personal action link.
    expect(m.text).not.toContain('/act/');
  });
});

describe('report pages', () => {
  const kpis = [
    { name: 'Puskesmas terhubung', unit: 'unit', target: 12 },
    { name: `Waktu tunggu ${evil}`, unit: 'menit', target: 15.5 },
  ];

  it('render one POST form with the period, percent, narrative, one input per KPI and evidence links', () => {
    const html = reportFormPage({ program, assignee: opdHead, period: january, dueDate: '2027-02-05', kpis, actionPath: '/act/tok123' });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html.match(/<form /g)).toHaveLength(1);
    expect(html.match(/<button /g)).toHaveLength(1);
    expect(html).toContain('<form method="post" action="/act/tok123">');
    expect(html).toMatch(
      /<input id="percentComplete" name="percentComplete" aria-describedby="percentComplete-hint" aria-required="true" type="text" value="" inputmode="decimal"/,
    );
    expect(html).toContain('<textarea id="narrative" name="narrative"');
    expect(html).toContain('name="kpi.0"');
    expect(html).toContain('name="kpi.1"');
    expect(html).not.toContain('name="kpi.2"');
    expect(html).toContain('<textarea id="evidenceLinks" name="evidenceLinks"');
    expect(html).toContain('Januari 2027');
    expect(html).toContain('Jumat, 5 Februari 2027');
    expect(html).toContain('Waktu tunggu &lt;script&gt;');
    expect(html).toContain('target: 15,5 menit');
    expect(html).toContain('Membuka halaman ini tidak mengubah apa pun');
    expect(html).not.toContain('laporan akhir');
  });

  it('say on the last period’s form that it is the final report', () => {
    const html = reportFormPage({ program, assignee: opdHead, period: december, dueDate: null, kpis, actionPath: '/act/t' });
    expect(html).toContain('Laporan akhir periode Desember 2027');
    expect(html).toContain('program dinyatakan selesai');
    expect(html).toContain('Kirim laporan akhir');
    expect(html).toContain('hari kerja ke-5 setelah periode berakhir');
  });

  it('show a received report: version, from whom, when', () => {
    const report: ProgressReport = {
      programId: 'prg_01',
      period: '2027-01',
      version: 2,
      percentComplete: 37.5,
      narrative: `Uji coba di 4 puskesmas.\n${evil}`,
      kpiValues: [{ name: 'Puskesmas terhubung', value: 4 }],
      evidenceLinks: ['https://solselkab.go.id/berita/antrean'],
      submittedBy: opdHead,
      channel: 'api',
      at: '2027-02-03T03:15:00.000Z',
    };
    const html = reportReceivedPage({ program, period: january, report });
    expect(html).toContain(
      'Laporan periode Januari 2027 sudah diterima (versi 2) dari dr. Syafrizal (Kepala Dinas Kesehatan) pada 3 Februari 2027 pukul 10.15 WIB',
    );
    expect(html).toContain('37,5%');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toMatch(/<script|<form/i);
    expect(html).toContain('https://solselkab.go.id/berita/antrean');
  });

  it('tell the holder of a link that the programme has ended', () => {
    const done = programEndedPage({ program, stage: 'completed', periodId: '2027-Q4' });
    expect(done).toContain('Program ini sudah berakhir');
    expect(done).toContain('sudah selesai');
    expect(done).toContain('Triwulan IV 2027');
    const cancelled = programEndedPage({ program: hostile, stage: 'cancelled', periodId: '2027-01' });
    expect(cancelled).toContain('(Dibatalkan)');
    expect(cancelled).not.toContain('<script');
  });
});
