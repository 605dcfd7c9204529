/** Proposal bodies for tests: valid by default (Dinas Kesehatan, dimension "living"), unique titles. */
import { randomBytes } from 'node:crypto';

export interface ProposalBody {
  title: string;
  summary: string;
  opdId: string;
  dimension: string;
  rpjmdRef?: string;
  quickWin: boolean;
  budgetIdr: number;
  startDate: string;
  endDate: string;
  reportingCadence: 'monthly' | 'quarterly';
  kpis: {
    name: string;
    unit: string;
    target: number;
    type?: 'input' | 'output' | 'outcome' | 'impact';
    baseline?: { value: number; year: number };
    targetsByYear?: { year: number; target: number }[];
  }[];
  subDimension?: string;
  quickWinId?: string;
  rpjmdProgram?: { code: string; name: string };
  renstraRef?: string;
  budgetByYear?: { year: number; amountIdr: number }[];
}

/** A title no other test uses, so its emails can be told apart. */
export function uniqueTitle(prefix = 'Program uji'): string {
  return `${prefix} ${randomBytes(4).toString('hex')}`;
}

export function validProposal(overrides: Partial<ProposalBody> = {}): ProposalBody {
  return {
    title: uniqueTitle('Telemedisin Puskesmas'),
    summary: 'Layanan konsultasi jarak jauh antara puskesmas dan RSUD untuk nagari terpencil.',
    opdId: 'dinkes',
    dimension: 'living',
    rpjmdRef: 'RPJMD 2021-2026 Misi 3, Program Peningkatan Pelayanan Kesehatan',
    quickWin: true,
    budgetIdr: 750_000_000,
    startDate: '2027-01-04',
    endDate: '2027-12-31',
    reportingCadence: 'monthly',
    kpis: [{ name: 'Puskesmas terhubung', unit: 'puskesmas', target: 12 }],
    ...overrides,
  };
}
