/**
 * The regency's Smart City masterplan (docs/product.md §9): its period, the dimensions and
 * sub-dimensions it is organised by (Kominfo's six × three "bidang", kept as reference data),
 * and the quick wins it names. Programmes point into it; its commitment is signed by the
 * Bupati, Wakil Bupati, Sekda and every OPD head.
 */

/** A quick win the masterplan names: a short-term result the regency committed to. */
export interface QuickWin {
  /** Stable id a programme points at (`Proposal.quickWinId`). */
  id: string;
  name: string;
  /** The dimension it belongs to, when the masterplan says so. */
  dimension?: string;
  /** The OPD that leads it, when the masterplan says so. */
  opdId?: string;
}

export interface Masterplan {
  id: string;
  /** "Masterplan Smart City Kabupaten Solok Selatan 2023–2028" */
  title: string;
  /** First and last calendar year the masterplan covers. */
  startYear: number;
  endYear: number;
  quickWins: QuickWin[];
}

/** Who changed the masterplan, and through which door. */
export interface MasterplanEditor {
  userId: string;
  name: string;
  via: 'api' | 'web';
}

/** One change of the masterplan, kept for good: who, when, the masterplan before and after. */
export interface MasterplanChange {
  masterplanId: string;
  /** The version the change produced (the seed is version 0). */
  version: number;
  at: string;
  by: MasterplanEditor;
  before: Masterplan;
  after: Masterplan;
}

/** A quick win's id from its name, as a sub-dimension's is made: 'Satu Data Solok Selatan' → 'satu-data-solok-selatan'. */
export const quickWinIdOf = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 64);
