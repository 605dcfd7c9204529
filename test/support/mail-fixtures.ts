/**
 * The facts the email and link-page unit tests render (a sample programme, a hostile one, the
 * people they go to) and the checks every email must pass.
 */
import { expect } from 'vitest';
import type { Assignee } from '../../domain/program.js';
import type { MailContent, ProgramSummary } from '../../mail/templates.js';

/** What must never reach HTML unescaped. */
export const evil = '<script>alert(1)</script>';

/** A programme of Dinas Kesehatan, 2027, version 2; `overrides` change what a test needs. */
export function sampleProgram(overrides: Partial<ProgramSummary> = {}): ProgramSummary {
  return {
    id: 'prg_01',
    title: 'Sistem Antrean Puskesmas Terpadu',
    summary: 'Antrean daring untuk seluruh puskesmas.',
    opdName: 'Dinas Kesehatan',
    dimensionName: 'Smart Living',
    quickWin: true,
    budgetIdr: 1_250_000_000,
    startDate: '2027-01-04',
    endDate: '2027-12-31',
    proposalVersion: 2,
    ...overrides,
  };
}

/** `program` with markup and a header injection in its title, and markup in its summary and OPD name. */
export function hostileProgram(program: ProgramSummary): ProgramSummary {
  return { ...program, title: `Antrean ${evil}\r\nBcc: attacker@example.com`, summary: evil, opdName: `Dinas ${evil}` };
}

export const reviewer: Assignee = { userId: 'u-rev', name: 'Rina Marlina', title: 'Pranata Komputer Ahli Muda, Diskominfo' };
export const opdHead: Assignee = { userId: 'u-opd', name: 'dr. Syafrizal', title: 'Kepala Dinas Kesehatan' };
export const sekda: Assignee = { userId: 'u-sekda', name: 'Drs. Yulian Efi', title: 'Sekretaris Daerah' };

/** A mail built from `hostileProgram`: the markup escaped in HTML and verbatim in the text, the subject on one line. */
export function expectHostileInputContained(m: MailContent): void {
  expect(m.html).not.toContain('<script');
  expect(m.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  expect(m.subject).not.toMatch(/[\r\n\u2028\u2029]/);
  expect(m.subject.startsWith('[alur] ')).toBe(true);
  expect(m.text).toContain(evil);
}

/** Every mail: the government and the TTE note in both parts, and nothing external in the HTML. */
export function expectMailShell(m: MailContent): void {
  for (const part of [m.text, m.html]) {
    expect(part).toContain('Pemerintah Kabupaten Solok Selatan');
    expect(part).toContain('bukan tanda tangan elektronik tersertifikasi (TTE)');
  }
  expect(m.html).not.toMatch(/<img|<script|<link|<iframe|src=/i);
}
