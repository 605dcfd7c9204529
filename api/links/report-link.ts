/**
 * Links that ask the OPD head for one period's progress report (laporan kemajuan). The link
 * opens a form (changes nothing); its POST is the report, sent through the `reportProgress`
 * Update like `POST /v1/programs/:id/progress-reports`, with the same content rules. A link
 * reports a period once: a correction is a new version, sent through the API.
 */
import type { z } from 'zod';
import { reportingPeriods } from '../../domain/periods.js';
import { actorOf } from '../../domain/roles.js';
import { isEnded } from '../../domain/stages.js';
import { formatDateTime } from '../../mail/format.js';
import { periodLabel, type ReportPeriodFacts } from '../../mail/report-templates.js';
import { reportProgress } from '../../workflows/messages.js';
import type { AppDeps } from '../context.js';
import { resultPage } from '../pages.js';
import { programEndedPage, reportFormPage, reportReceivedPage } from '../report-pages.js';
import { kpiProblems, maxEvidenceLinks, maxNarrativeLength, reportContentSchema, type ReportContent } from '../routes/reports.js';
import { parseRupiah } from '../web/proposal-form.js';
import { reportExtras } from '../../domain/reports.js';
import { updateProgram } from '../updates.js';
import type { FieldError } from '../views/components.js';
import { LinkProblem, linkRequestId, type FoundLink, type LinkHandler } from './link-handler.js';

/** What a report link's POST carries: the report's content (the period is the link's). */
export type ReportForm = ReportContent;

function periodIdOf(f: FoundLink): string {
  if (f.token.purpose.kind !== 'report') throw new Error(`link ${f.tokenHash.slice(0, 8)} is not a report link`);
  return f.token.purpose.period;
}

/** The period's dates, from the record written when it closed, else from the programme's plan. */
async function periodFacts(deps: AppDeps, f: FoundLink, periodId: string): Promise<{ period: ReportPeriodFacts; dueDate: string | null }> {
  const recorded = await deps.store.reports.getPeriod(f.token.programId, periodId);
  if (recorded) return { period: { id: recorded.id, start: recorded.start, end: recorded.end, last: recorded.last }, dueDate: recorded.dueDate };
  const p = f.program.proposal;
  const planned = reportingPeriods(p.startDate, p.endDate, p.reportingCadence).find((x) => x.id === periodId);
  return { period: { id: periodId, start: planned?.start ?? periodId, end: planned?.end ?? periodId, last: planned?.last ?? false }, dueDate: null };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const invalid = (detail: string) => new LinkProblem(400, 'Isian laporan tidak valid', detail);

/** The text fields of a form body as typed, to put back into the form when it is refused. */
function typedValues(raw: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** A decimal as typed ("12,5" or "12.5"); undefined when left empty, NaN when not a number. */
function decimal(text: string): number | undefined {
  const s = text.trim();
  if (s === '') return undefined;
  const normal = s.includes(',') && !s.includes('.') ? s.replace(',', '.') : s;
  return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(normal) ? Number(normal) : Number.NaN;
}

const formFields = new Set(['percentComplete', 'narrative', 'evidenceLinks', 'budgetRealisedIdr', 'obstacles', 'followUp']);
const kpiField = /^kpi\.(\d{1,3})$/;

/** A paragraph as typed: line breaks as the API's JSON carries them; undefined when left empty (the field is optional). */
const optionalParagraph = (typed: string | undefined) => (typed === undefined || typed.trim() === '' ? undefined : typed.replace(/\r\n?/g, '\n'));

/**
 * A report form (urlencoded or multipart) in the API's JSON shape: the emailed link's form and
 * the programme page's report form carry the same fields (api/report-pages.tsx `ReportFields`).
 */
export function reportContentFromForm(kpis: readonly { name: string }[], raw: Record<string, unknown>): Record<string, unknown> {
  const unknown = Object.keys(raw).filter((k) => !formFields.has(k) && !kpiField.test(k));
  if (unknown.length > 0) throw invalid(`Isian tidak dikenal: ${unknown.slice(0, 5).join(', ')}.`);

  const text = (name: string): string | undefined => {
    const v = raw[name];
    if (v === undefined || typeof v === 'string') return v;
    throw invalid(`Isian ${name} harus dikirim satu kali, sebagai teks.`);
  };

  const kpiValues: { name: string; value: number }[] = [];
  for (const key of Object.keys(raw)) {
    const index = kpiField.exec(key)?.[1];
    if (index === undefined) continue;
    const kpi = kpis[Number(index)];
    if (!kpi) throw invalid(`Isian ${key} tidak sesuai dengan indikator program ini; muat ulang halaman formulir.`);
    const typed = text(key) ?? '';
    const n = decimal(typed);
    if (n === undefined) continue; // left empty: not measured this period
    if (!Number.isFinite(n)) {
      const message = `Nilai indikator “${kpi.name}” harus berupa angka (tertulis: “${typed.trim().slice(0, 40)}”).`;
      throw new LinkProblem(400, 'Isian laporan tidak valid', message, { errors: [{ field: `kpi-${index}`, message }], values: typedValues(raw) });
    }
    kpiValues.push({ name: kpi.name, value: n });
  }
  kpiValues.sort((a, b) => kpis.findIndex((k) => k.name === a.name) - kpis.findIndex((k) => k.name === b.name));

  const links = raw['evidenceLinks'];
  const linkText = Array.isArray(links) ? links.filter((l): l is string => typeof l === 'string').join('\n') : (text('evidenceLinks') ?? '');
  const percentText = text('percentComplete');
  const budgetText = text('budgetRealisedIdr') ?? '';
  return {
    percentComplete: percentText === undefined ? undefined : decimal(percentText),
    ...(budgetText.trim() === '' ? {} : { budgetRealisedIdr: parseRupiah(budgetText) }),
    ...(optionalParagraph(text('obstacles')) === undefined ? {} : { obstacles: optionalParagraph(text('obstacles')) }),
    ...(optionalParagraph(text('followUp')) === undefined ? {} : { followUp: optionalParagraph(text('followUp')) }),
    // Browsers send a textarea's line breaks as CRLF; keep them as the API's JSON would carry them.
    narrative: (text('narrative') ?? '').replace(/\r\n?/g, '\n'),
    kpiValues,
    evidenceLinks: linkText
      .split(/\r\n?|\n/)
      .map((l) => l.trim())
      .filter((l) => l !== ''),
  };
}

/** JSON sent to the link: the API's field names; `period`, if given, must be the link's. */
function fromJson(periodId: string, raw: Record<string, unknown>): Record<string, unknown> {
  const { period, ...rest } = raw;
  if (period !== undefined && period !== periodId) {
    throw new LinkProblem(
      422,
      'Periode tidak sesuai',
      `Tautan ini untuk laporan periode ${periodLabel(periodId)} (${periodId}); laporan periode lain disampaikan melalui tautannya sendiri atau melalui aplikasi alur.`,
    );
  }
  return rest;
}

/** Each problem in words the OPD can act on, with the id of the form field it is about. */
export function explainReportProblems(issues: readonly z.core.$ZodIssue[], content: Record<string, unknown>, kpis: readonly { name: string }[]): FieldError[] {
  const kpiName = (i: unknown) => {
    const list = content['kpiValues'];
    const item = Array.isArray(list) && typeof i === 'number' ? (list[i] as unknown) : undefined;
    return isRecord(item) && typeof item['name'] === 'string' ? item['name'] : `ke-${Number(i) + 1}`;
  };
  const kpiField = (i: unknown) => {
    const at = kpis.findIndex((k) => k.name === kpiName(i));
    return at < 0 ? 'percentComplete' : `kpi-${at}`;
  };
  const errors = issues.map((issue): FieldError => {
    const [head, index, leaf] = issue.path;
    switch (head) {
      case 'percentComplete':
        return { field: 'percentComplete', message: 'Persentase kemajuan wajib diisi dengan angka 0 sampai 100.' };
      case 'narrative':
        return {
          field: 'narrative',
          message: `Uraian kemajuan wajib diisi, paling banyak ${maxNarrativeLength.toLocaleString('id-ID')} karakter, tanpa karakter kendali.`,
        };
      case 'kpiValues':
        if (leaf === 'value') return { field: kpiField(index), message: `Nilai indikator “${kpiName(index)}” harus berupa angka.` };
        if (leaf === 'name') return { field: kpiField(index), message: `Nama indikator ke-${Number(index) + 1} tidak valid.` };
        return { field: 'kpi-0', message: 'Nilai indikator harus berupa daftar {name, value}.' };
      case 'budgetRealisedIdr':
        return { field: 'budgetRealisedIdr', message: 'Realisasi anggaran diisi dalam rupiah, angka bulat tanpa desimal, misalnya 125000000.' };
      case 'obstacles':
        return { field: 'obstacles', message: `Kendala paling banyak ${maxNarrativeLength.toLocaleString('id-ID')} karakter, tanpa karakter kendali.` };
      case 'followUp':
        return { field: 'followUp', message: `Tindak lanjut paling banyak ${maxNarrativeLength.toLocaleString('id-ID')} karakter, tanpa karakter kendali.` };
      case 'evidenceLinks':
        if (typeof index === 'number') {
          return {
            field: 'evidenceLinks',
            message: `Tautan bukti ke-${index + 1} tidak valid: setiap tautan harus diawali http:// atau https://, tanpa spasi.`,
          };
        }
        return { field: 'evidenceLinks', message: `Tautan bukti paling banyak ${maxEvidenceLinks}, satu tautan per baris.` };
      default:
        return {
          field: 'percentComplete',
          message: issue.code === 'unrecognized_keys' ? `Isian tidak dikenal: ${issue.keys.join(', ')}.` : 'Isian laporan tidak dapat dibaca.',
        };
    }
  });
  return errors.filter((e, i) => errors.findIndex((x) => x.message === e.message) === i);
}

export const reportLink: LinkHandler<ReportForm> = {
  async done(deps, f) {
    const periodId = periodIdOf(f);
    const reports = await deps.store.reports.listReports(f.token.programId, periodId);
    const latest = reports.at(-1);
    if (latest) {
      const { period } = await periodFacts(deps, f, periodId);
      return {
        status: 200,
        html: reportReceivedPage({ program: f.summary, period, report: latest }),
        json: { status: 'already_done', programId: f.token.programId, period: periodId, report: latest, versions: reports.length },
      };
    }
    if (isEnded(f.program.stage)) {
      return {
        status: 200,
        html: programEndedPage({ program: f.summary, stage: f.program.stage, periodId }),
        json: { status: 'program_ended', programId: f.token.programId, period: periodId, stage: f.program.stage },
      };
    }
    return null;
  },

  async page(deps, f, actionPath, refused) {
    const periodId = periodIdOf(f);
    const { period, dueDate } = await periodFacts(deps, f, periodId);
    const kpis = f.program.proposal.kpis;
    return {
      status: 200,
      html: reportFormPage({ program: f.summary, assignee: f.token.assignee, period, dueDate, kpis, actionPath, ...(refused ? { refused } : {}) }),
      json: {
        status: 'open',
        programId: f.token.programId,
        period: periodId,
        periodLabel: periodLabel(periodId),
        start: period.start,
        end: period.end,
        last: period.last,
        dueDate,
        assignee: f.token.assignee,
        kpis: kpis.map((k) => ({ name: k.name, unit: k.unit, target: k.target })),
        fields: ['percentComplete', 'narrative', 'kpiValues', 'evidenceLinks', 'budgetRealisedIdr', 'obstacles', 'followUp'],
      },
    };
  },

  parse(f, raw) {
    const periodId = periodIdOf(f);
    if (!isRecord(raw))
      throw invalid('Kirim formulir laporan, atau JSON {percentComplete, narrative, kpiValues, evidenceLinks, budgetRealisedIdr, obstacles, followUp}.');
    // JSON carries the API's shape (kpiValues as a list, numbers as numbers); a form carries text fields.
    const json = 'kpiValues' in raw || typeof raw['percentComplete'] === 'number';
    const content = json ? fromJson(periodId, raw) : reportContentFromForm(f.program.proposal.kpis, raw);
    const parsed = reportContentSchema.safeParse(content);
    if (!parsed.success) {
      const errors = explainReportProblems(parsed.error.issues, content, f.program.proposal.kpis);
      const detail = errors.map((e) => e.message).join(' ');
      // A browser's form comes back with each problem beside its field; JSON gets the problem.
      throw new LinkProblem(400, 'Isian laporan tidak valid', detail, json ? undefined : { errors, values: typedValues(raw) });
    }
    const problems = kpiProblems(parsed.data.kpiValues, f.program.proposal.kpis);
    if (problems.length > 0) {
      const names = f.program.proposal.kpis.map((k) => `“${k.name}”`).join(', ');
      const wrong = [...new Set(problems.map((p) => parsed.data.kpiValues[Number(p.path.split('.')[1])]?.name ?? '?'))].map((n) => `“${n}”`).join(', ');
      throw new LinkProblem(
        422,
        'Indikator tidak sesuai',
        `Indikator ${wrong} bukan indikator program ini atau diisi lebih dari sekali. Indikator program: ${names}.`,
      );
    }
    return parsed.data;
  },

  async perform(deps, f, person, input) {
    const requestId = linkRequestId(f);
    const period = periodIdOf(f);
    const result = await updateProgram(deps, f.token.programId, reportProgress, {
      args: [
        {
          requestId,
          period,
          percentComplete: input.percentComplete,
          narrative: input.narrative,
          kpiValues: input.kpiValues,
          evidenceLinks: input.evidenceLinks,
          ...reportExtras(input),
          correction: false,
          actor: actorOf(person),
          actingOpdId: f.actingOpdId,
          channel: 'link',
        },
      ],
      updateId: requestId,
    });
    const label = periodLabel(period);
    const detail = [
      `Laporan periode ${label} (versi ${result.version}) telah tercatat atas nama ${person.name} (${person.title}) pada ${formatDateTime(result.receivedAt)}.`,
      result.completed ? 'Laporan ini adalah laporan akhir: program telah dinyatakan selesai dan tahap pelaksanaan ditutup.' : '',
    ]
      .filter((s) => s !== '')
      .join('\n');
    return {
      usedFor: 'report',
      reply: {
        status: 200,
        html: resultPage({ program: f.summary, headline: `Laporan periode ${label} diterima`, detail }),
        json: { status: 'done', programId: f.token.programId, period, result },
      },
    };
  },
};
