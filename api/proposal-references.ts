/**
 * The reference data a proposal points into, as stored now: OPDs, dimensions with their
 * sub-dimensions, and the masterplan's quick wins. The API and the web form check a proposal
 * against the same, in one schema (domain/proposal.ts).
 */
import { isActiveOpd } from '../domain/opds.js';
import type { Masterplan } from '../domain/masterplan.js';
import { subDimensionId, type ProposalReferences } from '../domain/proposal.js';
import type { Opd } from '../domain/roles.js';
import type { Dimension, Store } from '../store/index.js';

export interface ProposalReferenceData {
  /** The OPDs a proposal may name: those not merged into another. */
  opds: Opd[];
  dimensions: Dimension[];
  /** Null only before the reference data was seeded. */
  masterplan: Masterplan | null;
  refs: ProposalReferences;
}

export async function loadProposalReferences(store: Pick<Store, 'roster' | 'masterplan'>): Promise<ProposalReferenceData> {
  const [all, dimensions, current] = await Promise.all([store.roster.listOpds(), store.roster.listDimensions(), store.masterplan.current()]);
  const opds = all.filter(isActiveOpd);
  const masterplan = current?.masterplan ?? null;
  return {
    opds,
    dimensions,
    masterplan,
    refs: {
      opdIds: new Set(opds.map((o) => o.id)),
      dimensionIds: new Set(dimensions.map((d) => d.id)),
      subDimensionIds: new Set(dimensions.flatMap((d) => d.sub.map((name) => subDimensionId(d.id, name)))),
      quickWinIds: new Set(masterplan?.quickWins.map((q) => q.id) ?? []),
    },
  };
}

/**
 * What a revision of `program` may name: the references of now, and the programme's own OPD even
 * when it was merged into another since (a revision never moves a programme to another OPD).
 */
export const revisionReferences = (refs: ProposalReferences, program: { proposal: { opdId: string } }): ProposalReferences => ({
  ...refs,
  opdIds: new Set([...refs.opdIds, program.proposal.opdId]),
});
