/**
 * The portfolio as `/dasbor` and the exports read it: the filters of the query string
 * (`tahun`, `opd`, `dimensi`, the same for both), the portfolio loaded once
 * (store/portfolio.ts) and its figures (domain/portfolio.ts), with the names people read.
 */
import { z } from 'zod';
import { currentOpdOf } from '../domain/opds.js';
import { portfolioOverview, type PortfolioFilter, type PortfolioOverview } from '../domain/portfolio.js';
import type { TableNames } from '../domain/portfolio-table.js';
import { subDimensionId, type FieldProblem } from '../domain/proposal.js';
import type { QuickWin } from '../domain/masterplan.js';
import type { Opd } from '../domain/roles.js';
import type { Dimension } from '../store/index.js';
import type { AppDeps } from './context.js';

/** The filters as the query string carries them; an empty field means "all". */
export const portfolioQuerySchema = z.object({
  tahun: z
    .string()
    .regex(/^(20\d\d)?$/, 'must be a year from 2000 to 2099')
    .optional(),
  opd: z.string().max(64).optional(),
  dimensi: z.string().max(64).optional(),
});
export type PortfolioQuery = z.infer<typeof portfolioQuerySchema>;

export interface References {
  opds: Opd[];
  dimensions: Dimension[];
  quickWins: QuickWin[];
}

export async function loadReferences(deps: Pick<AppDeps, 'store'>): Promise<References> {
  const [opds, dimensions, quickWins] = await Promise.all([deps.store.roster.listOpds(), deps.store.roster.listDimensions(), deps.store.portfolio.quickWins()]);
  return { opds, dimensions, quickWins };
}

/** The filter a query asks for, or what is wrong with it (an unknown OPD or dimension too). */
export function filterOf(raw: Record<string, string>, refs: References): { filter: PortfolioFilter; problems: FieldProblem[] } {
  const parsed = portfolioQuerySchema.safeParse(raw);
  if (!parsed.success) return { filter: {}, problems: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
  const { tahun, opd, dimensi } = parsed.data;
  const problems: FieldProblem[] = [];
  if (opd && !refs.opds.some((o) => o.id === opd)) problems.push({ path: 'opd', message: 'unknown OPD' });
  if (dimensi && !refs.dimensions.some((d) => d.id === dimensi)) problems.push({ path: 'dimensi', message: 'unknown dimension' });
  return {
    filter: { ...(tahun ? { year: Number(tahun) } : {}), ...(opd ? { opdId: opd } : {}), ...(dimensi ? { dimension: dimensi } : {}) },
    problems,
  };
}

/** Ids to names, for pages and exports. */
export function namesOf(refs: References, publicBaseUrl: string): TableNames {
  return {
    opds: new Map(refs.opds.map((o) => [o.id, o.name])),
    dimensions: new Map(refs.dimensions.map((d) => [d.id, d.name])),
    subDimensions: new Map(refs.dimensions.flatMap((d) => d.sub.map((name) => [subDimensionId(d.id, name), name] as const))),
    quickWins: refs.quickWins,
    programUrl: (id) => new URL(`/program/${id}`, publicBaseUrl).toString(),
  };
}

/**
 * The whole portfolio filtered, with every figure the dashboard shows. A programme of an OPD
 * merged into another counts under the OPD that carries it today (domain/opds.ts), in the
 * figures, the OPD filter and the lists alike; its own page keeps the name it was proposed under.
 */
export async function loadOverview(deps: Pick<AppDeps, 'store'>, filter: PortfolioFilter, refs: References, now = new Date()): Promise<PortfolioOverview> {
  const programs = (await deps.store.portfolio.loadPortfolio()).map((p) => {
    const opdId = currentOpdOf(p.program.proposal.opdId, refs.opds);
    return opdId === p.program.proposal.opdId ? p : { ...p, program: { ...p.program, proposal: { ...p.program.proposal, opdId } } };
  });
  const current = filter.opdId === undefined ? filter : { ...filter, opdId: currentOpdOf(filter.opdId, refs.opds) };
  return portfolioOverview(programs, current, refs.quickWins, now.toISOString());
}
