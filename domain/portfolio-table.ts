/**
 * The portfolio as one table for the evaluation (docs/product.md §9): one row per programme and
 * per indicator, columns named in Bahasa Indonesia, typed so a spreadsheet gets numbers as
 * numbers and dates as dates. The CSV and the XLSX export write this same table.
 *
 * A programme's own columns (budget included) repeat on each of its indicator rows: a sum of
 * a budget column counts a programme once per indicator, so sum over distinct programmes.
 */
import type { QuickWin } from './masterplan.js';
import { budgetYears, indicatorYears, percentComplete, programYears, type PortfolioProgram } from './portfolio.js';
import type { IndicatorType } from './proposal.js';
import { stageLabels } from './stages.js';

export type CellKind = 'text' | 'number' | 'date';
/** A date cell holds its calendar date as `YYYY-MM-DD`; an empty cell is null. */
export type Cell = string | number | null;

export interface Column {
  header: string;
  kind: CellKind;
}

export interface PortfolioTable {
  columns: Column[];
  rows: Cell[][];
}

/** The names the table shows instead of ids. */
export interface TableNames {
  opds: ReadonlyMap<string, string>;
  dimensions: ReadonlyMap<string, string>;
  subDimensions: ReadonlyMap<string, string>;
  quickWins: readonly QuickWin[];
  /** The programme's page, for whoever wants to read more. */
  programUrl: (id: string) => string;
}

/** What a text cell says when an older programme does not have the field. */
export const notFilled = 'tidak diisi';

export const indicatorTypeLabels: Record<IndicatorType, string> = { input: 'Input', output: 'Output', outcome: 'Outcome', impact: 'Dampak' };

const text = (header: string): Column => ({ header, kind: 'text' });
const number = (header: string): Column => ({ header, kind: 'number' });
const date = (header: string): Column => ({ header, kind: 'date' });

/** The columns repeated for each year. */
const yearColumns = (year: number): Column[] => [
  number(`Target ${year}`),
  number(`Realisasi ${year}`),
  number(`Capaian ${year} (%)`),
  number(`Anggaran ${year} (Rp)`),
  number(`Realisasi anggaran ${year} (Rp)`),
];

/** The years the table has columns for: the one asked for, or every year a programme runs in. */
export function tableYears(programs: readonly PortfolioProgram[], year?: number): number[] {
  if (year !== undefined) return [year];
  return [...new Set(programs.flatMap((p) => programYears(p.program)))].sort((a, b) => a - b);
}

const rounded = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100);

function quickWinText(p: PortfolioProgram, names: TableNames): string {
  const { quickWin, quickWinId } = p.program.proposal;
  if (!quickWin) return 'Tidak';
  const named = names.quickWins.find((q) => q.id === quickWinId);
  return named ? `Ya: ${named.name}` : 'Ya (quick win belum ditentukan)';
}

function rpjmdText(p: PortfolioProgram): string {
  const { rpjmdProgram, rpjmdRef } = p.program.proposal;
  if (rpjmdProgram) return `${rpjmdProgram.code} ${rpjmdProgram.name}`;
  return rpjmdRef ?? notFilled;
}

export function portfolioTable(programs: readonly PortfolioProgram[], names: TableNames, year?: number): PortfolioTable {
  const years = tableYears(programs, year);
  const columns: Column[] = [
    text('Judul program'),
    text('OPD'),
    text('Dimensi'),
    text('Sub-dimensi'),
    text('Quick win'),
    text('Program RPJMD'),
    text('Renstra OPD'),
    text('Tahap'),
    date('Tanggal mulai'),
    date('Tanggal selesai'),
    number('Anggaran (Rp)'),
    number('Persentase selesai (%)'),
    text('Indikator'),
    text('Jenis indikator'),
    text('Satuan'),
    number('Baseline'),
    number('Tahun baseline'),
    number('Target akhir'),
    ...years.flatMap(yearColumns),
    text('Tautan'),
  ];
  const rows = programs.flatMap((p) => {
    const { proposal, stage, id } = p.program;
    const indicators = indicatorYears(p);
    const budgets = budgetYears(p);
    const programCells: Cell[] = [
      proposal.title,
      names.opds.get(proposal.opdId) ?? proposal.opdId,
      names.dimensions.get(proposal.dimension) ?? proposal.dimension,
      proposal.subDimension === undefined ? notFilled : (names.subDimensions.get(proposal.subDimension) ?? proposal.subDimension),
      quickWinText(p, names),
      rpjmdText(p),
      proposal.renstraRef ?? notFilled,
      stageLabels[stage],
      proposal.startDate,
      proposal.endDate,
      proposal.budgetIdr,
      percentComplete(p),
    ];
    return proposal.kpis.map((kpi): Cell[] => [
      ...programCells,
      kpi.name,
      kpi.type === undefined ? notFilled : indicatorTypeLabels[kpi.type],
      kpi.unit,
      kpi.baseline?.value ?? null,
      kpi.baseline?.year ?? null,
      kpi.target,
      ...years.flatMap((y) => {
        const i = indicators.find((x) => x.name === kpi.name && x.year === y);
        const b = budgets.find((x) => x.year === y);
        return [i?.target ?? null, i?.realised ?? null, rounded(i?.achievementPercent ?? null), b?.plannedIdr ?? null, b?.realisedIdr ?? null];
      }),
      names.programUrl(id),
    ]);
  });
  return { columns, rows };
}
