/**
 * The programme pages (docs/product.md §8): the list, the proposal form, one programme with
 * everything about it, and the forms for what this person may do now. Acting here sends the
 * programme's workflow the same Update as the API and the emailed links. Each form carries a
 * request id made when the page was drawn, used as the Update id: a double click, or sending
 * the form again, acts once. A button shows only where domain/roles.ts and the stage allow
 * the action; the workflow's validators still check.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { Hono, type Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import type { ActingFor } from '../../domain/offices.js';
import { programScopeOf } from '../../domain/opds.js';
import type { ProgramEvent, ProgramRecord } from '../../domain/program.js';
import {
  commentSchema,
  indicatorTypeLabels,
  programmeDate,
  proposalSchemaFor,
  revisionSchemaFor,
  type Proposal,
  type ProposalRules,
} from '../../domain/proposal.js';
import { actorOf, decisionRefusal, refusal, type Action, type Opd, type Person } from '../../domain/roles.js';
import { delegationKindLabels, describeSignature, signerOfficeLabels, signerOffices, type Signature, type SignerOffice } from '../../domain/signing.js';
import { commentRequired, decisionsByStage, isDecisionStage, isEnded, stageLabels, stages, type Decision } from '../../domain/stages.js';
import { formatNumber, formatRupiah } from '../../mail/format.js';
import { evaluationFacts, referenceLabels, rpjmdText, targetsByYearText, type ReferenceLabels } from '../../mail/program-summary.js';
import { periodLabel } from '../../mail/report-templates.js';
import { cancel, decide, extendDeadline, proposalRecorded, reportProgress, resubmit, sign, withdraw, workflowIdOf } from '../../workflows/messages.js';
import type { programWorkflow } from '../../workflows/program-workflow.js';
import type { AppDeps } from '../context.js';
import { toProblem } from '../problem.js';
import { LinkProblem } from '../links/link-handler.js';
import { reportExtras, type ProgressReport } from '../../domain/reports.js';
import { explainReportProblems, reportContentFromForm } from '../links/report-link.js';
import { ReportFields, reportExtraFacts } from '../report-pages.js';
import { kpiProblems, reportContentSchema } from '../routes/reports.js';
import { programIdFor, requestHashOf } from '../routes/programs.js';
import { updateProgram, withinUpdateDeadline } from '../updates.js';
import {
  Actions,
  Button,
  ButtonLink,
  DateInput,
  DateText,
  ErrorSummary,
  MultilineText,
  Notice,
  Select,
  SummaryList,
  TextInput,
  Textarea,
  type FieldError,
  formText,
} from '../views/components.js';
import { appPage, CsrfField } from './chrome.js';
import { actingForAwaited, officialsActedFor } from '../acting-officials.js';
import { loadProposalReferences, revisionReferences } from '../proposal-references.js';
import { commitmentPdfPath } from '../signing-pages.js';
import { checkedUrl } from '../views/urls.js';
import { listPage, programPageData, submitsProposals, type ListQuery, type ProgramPageData } from './program-data.js';
import {
  ProposalForm,
  cadenceLabels,
  draftFromForm,
  draftOf,
  editedRows,
  emptyDraft,
  problemsOf,
  proposalBodyOf,
  formFieldsOf,
  type ProposalDraft,
} from './proposal-form.js';
import { csrfField, viewerOf, type Viewer, type WebEnv } from './session.js';

/** The button words of the link pages (docs/product.md §8). */
export const actionWords = {
  approve: 'Setujui',
  request_changes: 'Minta perbaikan',
  reject: 'Tolak',
  return: 'Kembalikan',
  sign: 'Tanda tangani',
  report: 'Kirim laporan',
  resubmit: 'Ajukan ulang',
  withdraw: 'Tarik usulan',
  cancel: 'Batalkan',
  extend_deadline: 'Perpanjang batas waktu',
} as const;

const submitWords = { propose: 'Ajukan usulan', draft: 'Simpan draf' } as const;

/** What the page says after an action went through. */
const doneWords: Record<string, string> = {
  proposed: 'Usulan Anda telah diajukan dan menunggu reviu Diskominfo.',
  draft: 'Draf tersimpan. Kepala OPD dapat membukanya dari Tugas saya dan mengajukannya.',
  approve: 'Persetujuan Anda telah tercatat.',
  request_changes: 'Permintaan perbaikan Anda telah tercatat dan dikirim ke OPD.',
  reject: 'Penolakan Anda telah tercatat.',
  return: 'Usulan telah dikembalikan ke OPD.',
  sign: 'Tanda tangan Anda telah tercatat.',
  report: 'Laporan kemajuan Anda telah diterima.',
  correction: 'Koreksi laporan Anda telah dicatat sebagai versi baru; versi sebelumnya tetap tersimpan.',
  resubmit: 'Usulan perbaikan telah diajukan ulang.',
  withdraw: 'Usulan telah ditarik.',
  cancel: 'Program telah dibatalkan.',
  extend_deadline: 'Batas waktu tahap ini telah diperpanjang.',
};

const eventLabels: Record<string, string> = {
  proposed: 'Usulan diajukan',
  stage_opened: 'Tahap dimulai',
  decided: 'Keputusan',
  resubmitted: 'Usulan diajukan ulang',
  withdrawn: 'Usulan ditarik',
  cancelled: 'Program dibatalkan',
  signed: 'Komitmen ditandatangani',
  signers_rerouted: 'Penanda tangan diperbarui',
  deciders_rerouted: 'Tugas keputusan dialihkan',
  opd_work_rerouted: 'Tugas OPD dialihkan',
  report_submitted: 'Laporan kemajuan diterima',
  deadline_extended: 'Batas waktu diperpanjang',
  escalated: 'Eskalasi',
  completed: 'Program selesai',
};

const decisionPast: Record<Decision, string> = {
  approve: 'disetujui',
  request_changes: 'diminta perbaikan',
  reject: 'ditolak',
  return: 'dikembalikan ke OPD',
  sign: 'ditandatangani',
};

/** "Plh. Sekretaris Daerah": the capacity and the office of the official acted for. */
export const actingLabel = (a: Pick<ActingFor, 'kind' | 'official'>) => `${delegationKindLabels[a.kind]} ${a.official.title}`;

const requestIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What this person may do on the programme now, as the API and the workflow would judge it. */
export interface Allowed {
  decisions: Decision[];
  /** Set when the decisions are taken as Plt./Plh. for an official the stage awaits. */
  actingFor: ActingFor | null;
  signOffices: SignerOffice[];
  report: { period: string } | null;
  /** The periods already reported, whose report this person may correct (a new version). */
  correct: string[];
  resubmit: boolean;
  withdraw: boolean;
  cancel: boolean;
  extendDeadline: boolean;
}

/**
 * `actingFor`: the delegation in force by which this person acts today for an official the stage
 * awaits (`actingForAwaited`); their own place in the stage comes first.
 */
export function allowedActions(person: Person, data: ProgramPageData, opds: readonly Opd[], actingFor: ActingFor | null = null): Allowed {
  const { program } = data;
  const scope = programScopeOf(program, opds);
  const may = (action: Action) => refusal(person, action, scope) === null;
  const awaited = program.awaiting.some((a) => a.userId === person.id);
  const ended = isEnded(program.stage);
  const nextReport = data.progress.nextDue;
  const stage = program.stage;
  const acting =
    isDecisionStage(stage) && !awaited && actingFor !== null && decisionRefusal(person, stage, { opdId: scope.opdId, awaited, actsForAwaited: true }) === null;
  return {
    decisions: isDecisionStage(stage) && (awaited || acting) ? decisionsByStage[stage].filter((d) => d !== 'sign') : [],
    actingFor: acting ? actingFor : null,
    signOffices:
      program.stage === 'signing' ? data.signing.missing.filter((m) => m.signers.some((s) => s.signer.userId === person.id)).map((m) => m.office) : [],
    report: program.stage === 'implementation' && may('report') && nextReport ? { period: nextReport.period } : null,
    correct: program.stage === 'implementation' && may('report') ? [...new Set(data.progress.reports.map((r) => r.period))] : [],
    resubmit: program.stage === 'revision' && may('resubmit'),
    // The OPD may withdraw until signing has ended (docs/product.md §2).
    withdraw: !ended && program.stage !== 'implementation' && may('withdraw'),
    cancel: !ended && may('cancel'),
    // Only a stage that waits with a deadline has one to extend.
    extendDeadline: !ended && program.dueAt !== null && may('extend_deadline'),
  };
}

// ---------------------------------------------------------------------------------------
// Pieces of the programme page.

function ProposalFacts(p: { proposal: Proposal; opdName: string; dimensionName: string; labels: ReferenceLabels }) {
  const { proposal } = p;
  const evaluation = evaluationFacts(proposal, p.labels).map((f) => ({ term: f.label, value: f.value }));
  // Each evaluation fact beside the fact it details: the sub-dimension after the dimension, the yearly budget after the total.
  const facts = (...labels: string[]) => evaluation.filter((f) => labels.includes(f.term));
  const hasYearlyTargets = proposal.kpis.some((k) => (k.targetsByYear ?? []).length > 0);
  return (
    <>
      <SummaryList
        rows={[
          { term: 'Ringkasan', value: <MultilineText text={proposal.summary} /> },
          { term: 'OPD', value: p.opdName },
          { term: 'Dimensi', value: p.dimensionName },
          ...facts('Sub-dimensi'),
          { term: 'Quick win', value: proposal.quickWin ? 'Ya' : 'Tidak' },
          ...facts('Quick win yang diwujudkan', 'Program RPJMD', 'Rujukan Renstra OPD'),
          ...(rpjmdText(proposal) === null ? [{ term: 'Program RPJMD', value: '-' }] : []),
          { term: 'Anggaran', value: formatRupiah(proposal.budgetIdr) },
          ...facts('Anggaran per tahun'),
          { term: 'Tanggal mulai', value: <DateText value={proposal.startDate} /> },
          { term: 'Tanggal selesai', value: <DateText value={proposal.endDate} /> },
          { term: 'Frekuensi laporan', value: cadenceLabels[proposal.reportingCadence] },
        ]}
      />
      <h3>Indikator kinerja</h3>
      <div class="table-scroll">
        <table>
          <caption class="visually-hidden">Indikator kinerja, jenis, baseline, dan targetnya</caption>
          <thead>
            <tr>
              <th scope="col">Nama indikator</th>
              <th scope="col">Jenis</th>
              <th scope="col">Satuan</th>
              <th scope="col">Baseline</th>
              {hasYearlyTargets ? <th scope="col">Target per tahun</th> : null}
              <th scope="col">Target akhir</th>
            </tr>
          </thead>
          <tbody>
            {proposal.kpis.map((k) => (
              <tr>
                <td>{k.name}</td>
                <td>{k.type ? indicatorTypeLabels[k.type] : '-'}</td>
                <td>{k.unit}</td>
                <td>{k.baseline ? `${formatNumber(k.baseline.value)} (${k.baseline.year})` : '-'}</td>
                {hasYearlyTargets ? <td>{k.targetsByYear && k.targetsByYear.length > 0 ? targetsByYearText(k.targetsByYear) : '-'}</td> : null}
                <td>{formatNumber(k.target)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

const comparedFields: { key: keyof Proposal; label: string }[] = [
  { key: 'title', label: 'Judul program' },
  { key: 'summary', label: 'Ringkasan' },
  { key: 'dimension', label: 'Dimensi' },
  { key: 'subDimension', label: 'Sub-dimensi' },
  { key: 'quickWin', label: 'Quick win' },
  { key: 'quickWinId', label: 'Quick win yang diwujudkan' },
  { key: 'rpjmdRef', label: 'Rujukan RPJMD lama' },
  { key: 'rpjmdProgram', label: 'Program RPJMD' },
  { key: 'renstraRef', label: 'Rujukan Renstra OPD' },
  { key: 'budgetIdr', label: 'Anggaran' },
  { key: 'budgetByYear', label: 'Anggaran per tahun' },
  { key: 'startDate', label: 'Tanggal mulai' },
  { key: 'endDate', label: 'Tanggal selesai' },
  { key: 'reportingCadence', label: 'Frekuensi laporan' },
  { key: 'kpis', label: 'Indikator kinerja' },
];

/** The fields a version changed from the one before it. */
export function changedFields(before: Proposal, after: Proposal): string[] {
  return comparedFields.filter((f) => JSON.stringify(before[f.key]) !== JSON.stringify(after[f.key])).map((f) => f.label);
}

function Versions(p: { data: ProgramPageData }) {
  const versions = p.data.proposalVersions;
  if (versions.length < 2) return null;
  return (
    <section aria-labelledby="versi">
      <h2 id="versi">Versi usulan</h2>
      <ol class="plain-list">
        {versions.map((v, i) => {
          const previous = versions[i - 1];
          const changed = previous ? changedFields(previous.proposal, v.proposal) : [];
          return (
            <li>
              <strong>Versi {v.version}</strong>, <DateText value={v.at} time />
              {previous ? <p>Yang berubah: {changed.length > 0 ? changed.join(', ') : 'tidak ada'}.</p> : <p>Usulan awal.</p>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** ", sebagai Plh. Sekretaris Daerah atas nama …" for a decision or signature of a Plt./Plh., as its event records it; '' otherwise. */
function actingWords(e: ProgramEvent): string {
  const decided = e.details?.['actingFor'] as ActingFor | undefined;
  if (decided) return `, sebagai ${actingLabel(decided)} atas nama ${decided.official.name}`;
  const signed = e.details?.['signature'] as Signature | undefined;
  if (signed && signed.capacity !== 'self')
    return `, sebagai ${delegationKindLabels[signed.capacity]} ${signerOfficeLabels[signed.office]} atas nama ${signed.official.name}`;
  return '';
}

function Timeline(p: { data: ProgramPageData }) {
  return (
    <section aria-labelledby="riwayat">
      <h2 id="riwayat">Riwayat</h2>
      <ol class="timeline">
        {p.data.events.map((e) => (
          <li>
            <DateText value={e.at} time />
            <div>
              <strong>{eventLabels[e.type] ?? e.type}</strong>
              {e.decision ? `: ${decisionPast[e.decision]}` : ''} · {stageLabels[e.toStage]}
            </div>
            {e.actor ? (
              <div>
                oleh {e.actor.name} ({e.actor.title}){actingWords(e)}
              </div>
            ) : null}
            {/* A signature's event carries the commitment's fingerprint for machines; the signatures section says it in words. */}
            {e.comment && e.decision !== 'sign' ? <blockquote>{e.comment}</blockquote> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

function WhoActs(p: { program: ProgramRecord }) {
  const { program } = p;
  if (program.awaiting.length === 0) return null;
  return (
    <SummaryList
      rows={[
        { term: 'Menunggu tindakan', value: program.awaiting.map((a) => `${a.name} (${a.title})`).join('; ') },
        {
          term: 'Batas waktu',
          value: program.dueDate ? (
            <>
              <DateText value={program.dueDate} />
              {program.dueAt && program.dueAt < new Date().toISOString() ? <strong> (terlambat)</strong> : null}
            </>
          ) : (
            'Tanpa batas waktu'
          ),
        },
      ]}
    />
  );
}

function Signatures(p: { data: ProgramPageData }) {
  const { signing } = p.data;
  if (signing.signatures.length === 0 && signing.missing.length === 0) return null;
  return (
    <section aria-labelledby="tanda-tangan">
      <h2 id="tanda-tangan">Tanda tangan komitmen</h2>
      <ul class="plain-list">
        {signing.signatures.map((s) => (
          <li>
            {signerOfficeLabels[s.office]}: {describeSignature(s)}, <DateText value={s.at} time />
          </li>
        ))}
        {signing.missing.map((m) => (
          <li>
            {signerOfficeLabels[m.office]}: belum ditandatangani ({m.signers.map((s) => s.signer.name).join(' atau ')})
          </li>
        ))}
      </ul>
      {signing.commitmentHash === null || signing.verifyUrl === null ? null : (
        <p>
          <a href={checkedUrl(signing.verifyUrl)}>Verifikasi komitmen</a> · <a href={commitmentPdfPath(signing.commitmentHash)}>Unduh dokumen (PDF)</a>
        </p>
      )}
    </section>
  );
}

/** One version of a period's report: what was reported, by whom, when. */
function ReportVersion(p: { report: ProgressReport; kpis: Proposal['kpis'] }) {
  const r = p.report;
  const unitOf = (name: string) => p.kpis.find((k) => k.name === name)?.unit ?? '';
  return (
    <>
      <p>
        {formatNumber(r.percentComplete)}% selesai, oleh {r.submittedBy.name} ({r.submittedBy.title}), <DateText value={r.at} time />
      </p>
      <SummaryList
        rows={[
          ...r.kpiValues.map((k) => ({ term: `Realisasi ${k.name}`, value: `${formatNumber(k.value)} ${unitOf(k.name)}` })),
          ...reportExtraFacts(r).map((f) => ({ term: f.label, value: <MultilineText text={f.value} /> })),
        ]}
      />
      <blockquote>
        <MultilineText text={r.narrative} />
      </blockquote>
    </>
  );
}

/** "Laporan awal" for the first version, "Koreksi ke-1" for the second, and so on. */
const versionLabel = (version: number) => (version === 1 ? 'Laporan awal' : `Koreksi ke-${version - 1}`);

function Reports(p: { data: ProgramPageData; correctable: readonly string[] }) {
  const { reports } = p.data.progress;
  const { kpis } = p.data.program.proposal;
  if (reports.length === 0 && p.data.program.stage !== 'implementation') return null;
  // Every version is kept: the latest of each period is shown, the earlier ones beneath it.
  const byPeriod = new Map<string, ProgressReport[]>();
  for (const r of reports) byPeriod.set(r.period, [...(byPeriod.get(r.period) ?? []), r]);
  return (
    <section aria-labelledby="laporan">
      <h2 id="laporan">Laporan kemajuan</h2>
      {reports.length === 0 ? (
        <p>Belum ada laporan.</p>
      ) : (
        <ul class="plain-list">
          {[...byPeriod].map(([period, versions]) => {
            const sorted = [...versions].sort((a, b) => a.version - b.version);
            const latest = sorted[sorted.length - 1]!;
            const earlier = sorted.slice(0, -1).reverse();
            return (
              <li>
                <h3>
                  Periode {periodLabel(period)}
                  {latest.version > 1 ? ` (${versionLabel(latest.version)})` : ''}
                </h3>
                <ReportVersion report={latest} kpis={kpis} />
                {p.correctable.includes(period) ? (
                  <p>
                    <a href={`/program/${p.data.program.id}?koreksi=${period}#koreksi`}>Koreksi laporan periode {periodLabel(period)}</a>
                  </p>
                ) : null}
                {earlier.length > 0 ? (
                  <details>
                    <summary>Versi sebelumnya ({earlier.length})</summary>
                    {earlier.map((r) => (
                      <div>
                        <h4>{versionLabel(r.version)}</h4>
                        <ReportVersion report={r} kpis={kpis} />
                      </div>
                    ))}
                  </details>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** The correction form filled with the latest version of a period's report, to change what needs changing. */
function correctionOf(data: ProgramPageData, period: string): RefusedReport | undefined {
  const latest = data.progress.reports.filter((r) => r.period === period).sort((a, b) => b.version - a.version)[0];
  if (!latest) return undefined;
  const { kpis } = data.program.proposal;
  const values: Record<string, string> = {
    percentComplete: String(latest.percentComplete),
    narrative: latest.narrative,
    evidenceLinks: latest.evidenceLinks.join('\n'),
    ...Object.fromEntries(latest.kpiValues.map((v) => [`kpi.${kpis.findIndex((k) => k.name === v.name)}`, String(v.value)])),
    ...(latest.budgetRealisedIdr === undefined ? {} : { budgetRealisedIdr: String(latest.budgetRealisedIdr) }),
    ...(latest.obstacles === undefined ? {} : { obstacles: latest.obstacles }),
    ...(latest.followUp === undefined ? {} : { followUp: latest.followUp }),
  };
  return { correction: true, period, errors: [], values };
}

/** A report form sent back: what was typed and what was wrong, for the form it came from. */
interface RefusedReport {
  correction: boolean;
  period: string;
  errors: FieldError[];
  values: Record<string, string>;
}

/** The correction form's field ids, apart from the report form's on the same page. */
const correctionPrefix = 'koreksi-';

function ActionForms(p: { data: ProgramPageData; allowed: Allowed; viewer: Viewer; refusedReport?: RefusedReport; correcting?: RefusedReport }) {
  const { data, allowed, viewer } = p;
  const id = data.program.id;
  const common = (
    <>
      <CsrfField session={viewer.session} />
      <input type="hidden" name="permintaan" value={randomUUID()} />
      <input type="hidden" name="tahap" value={String(data.program.stageSeq)} />
    </>
  );
  const forms: Child[] = [];
  if (allowed.decisions.length > 0) {
    const acting = allowed.actingFor;
    forms.push(
      <form method="post" action={`/program/${id}/tindakan`}>
        {common}
        {acting ? (
          <>
            <h3>Putuskan sebagai {actingLabel(acting)}</h3>
            <Notice kind="info">
              Anda memutuskan atas nama {acting.official.name} ({acting.official.title}) berdasarkan {acting.basis}. Keputusan dicatat dengan keterangan{' '}
              {actingLabel(acting)} dan nama Anda.
            </Notice>
            <input type="hidden" name="atasNama" value={acting.delegationId} />
          </>
        ) : null}
        <Textarea name="komentar" label="Catatan" hint="Wajib diisi untuk Minta perbaikan, Tolak, dan Kembalikan." rows={4} />
        <Actions>
          {allowed.decisions.map((d) => (
            <Button name="aksi" value={d} variant={d === 'approve' ? 'primary' : d === 'reject' ? 'warning' : 'secondary'}>
              {actionWords[d]}
            </Button>
          ))}
        </Actions>
      </form>,
    );
  }
  if (allowed.signOffices.length > 0) {
    forms.push(
      <form method="post" action={`/program/${id}/tindakan`}>
        {common}
        <p>Dengan menandatangani, Anda menyetujui komitmen atas program ini sesuai usulan di atas.</p>
        <Actions>
          {allowed.signOffices.map((office) => {
            // A Plt./Plh. says for whom they sign; an official says which office only when they hold several.
            const capacity = data.signing.missing.find((m) => m.office === office)?.signers.find((r) => r.signer.userId === viewer.person.id)?.capacity;
            const acting = capacity !== undefined && capacity !== 'self';
            return (
              <Button name="kantor" value={office}>
                {actionWords.sign}
                {acting
                  ? ` sebagai ${delegationKindLabels[capacity]} ${signerOfficeLabels[office]}`
                  : allowed.signOffices.length > 1
                    ? ` sebagai ${signerOfficeLabels[office]}`
                    : ''}
              </Button>
            );
          })}
        </Actions>
        <input type="hidden" name="aksi" value="sign" />
      </form>,
    );
  }
  const refused = p.refusedReport;
  if (allowed.report) {
    const mine = refused && !refused.correction ? refused : undefined;
    forms.push(
      <form method="post" action={`/program/${id}/laporan`} novalidate>
        {common}
        <input type="hidden" name="periode" value={allowed.report.period} />
        <h3>Laporan periode {periodLabel(allowed.report.period)}</h3>
        <ReportFields kpis={data.program.proposal.kpis} typed={(name) => mine?.values[name]} errors={mine?.errors ?? []} />
        <Actions>
          <Button>{actionWords.report}</Button>
        </Actions>
      </form>,
    );
  }
  if (allowed.correct.length > 0) {
    const mine = refused?.correction ? refused : p.correcting;
    forms.push(
      <details id="koreksi" open={mine !== undefined}>
        <summary>Koreksi laporan</summary>
        <form method="post" action={`/program/${id}/laporan`} novalidate>
          {common}
          <p>Koreksi dicatat sebagai versi baru; versi sebelumnya tetap tersimpan dan terlihat di halaman ini.</p>
          <Select
            name="periode"
            id={`${correctionPrefix}periode`}
            label="Periode yang dikoreksi"
            options={allowed.correct.map((period) => ({ value: period, label: periodLabel(period) }))}
            value={mine?.period}
            narrow
            required
          />
          <ReportFields kpis={data.program.proposal.kpis} typed={(name) => mine?.values[name]} errors={mine?.errors ?? []} idPrefix={correctionPrefix} />
          <Actions>
            <Button variant="secondary">Kirim koreksi</Button>
          </Actions>
        </form>
      </details>,
    );
  }
  if (allowed.resubmit) {
    forms.push(
      <p>
        <ButtonLink href={`/program/${id}/perbaikan`}>Perbaiki usulan</ButtonLink>
      </p>,
    );
  }
  if (allowed.extendDeadline) {
    forms.push(
      <details>
        <summary>{actionWords.extend_deadline}</summary>
        <form method="post" action={`/program/${id}/tindakan`}>
          {common}
          <DateInput name="batas" label="Batas waktu baru" required />
          <Textarea name="komentar" id="alasan-extend_deadline" label="Alasan" rows={3} required />
          <Actions>
            <Button name="aksi" value="extend_deadline" variant="secondary">
              {actionWords.extend_deadline}
            </Button>
          </Actions>
        </form>
      </details>,
    );
  }
  for (const action of ['withdraw', 'cancel'] as const) {
    if (!allowed[action]) continue;
    forms.push(
      <details>
        <summary>{actionWords[action]}</summary>
        <form method="post" action={`/program/${id}/tindakan`}>
          {common}
          <Textarea name="komentar" id={`alasan-${action}`} label="Alasan" rows={3} required />
          <Actions>
            <Button name="aksi" value={action} variant="warning">
              {actionWords[action]}
            </Button>
          </Actions>
        </form>
      </details>,
    );
  }
  if (forms.length === 0) return null;
  return (
    <section aria-labelledby="tindakan" class="action-panel">
      <h2 id="tindakan">Tindakan Anda</h2>
      {forms}
    </section>
  );
}

// ---------------------------------------------------------------------------------------
// The routes.

const lapsedDelegationWords =
  'Keputusan tidak dicatat: pelimpahan wewenang Anda sebagai pelaksana tugas atau pelaksana harian untuk pejabat ini sudah tidak berlaku (masa berlakunya telah berakhir atau telah dicabut), atau pejabat tersebut tidak lagi diminta memutuskan tahap ini.';

const listQuery = z.object({
  opd: z.string().max(64).optional(),
  tahap: z.enum(stages).optional().catch(undefined),
  dimensi: z.string().max(64).optional(),
  quickwin: z.literal('ya').optional().catch(undefined),
  terlambat: z.literal('ya').optional().catch(undefined),
  cari: z.string().max(200).optional(),
  halaman: z.string().max(2000).optional(),
});

export function programPages(deps: AppDeps) {
  const { store, temporal } = deps;

  const references = async () => {
    const data = await loadProposalReferences(store);
    return { ...data, opds: data.opds.sort((a, b) => a.name.localeCompare(b.name)), quickWins: data.masterplan?.quickWins ?? [] };
  };

  /** The refusal of an action in the person's words; Temporal's and the API's own words are for machines. */
  function refusalWords(e: unknown): { status: ContentfulStatusCode; message: string } {
    const problem = toProblem(e);
    if (problem.status >= 500) {
      console.error('web action failed:', e);
      return {
        status: 503,
        message:
          'Layanan sedang sibuk sehingga tindakan Anda belum dapat dipastikan tercatat. Tekan tombol yang sama sekali lagi: tindakan tidak akan tercatat dua kali.',
      };
    }
    if (problem.status === 403) return { status: 403, message: 'Anda tidak berwenang melakukan tindakan ini pada program ini.' };
    return { status: 409, message: 'Tindakan ini tidak dapat dilakukan pada tahap program saat ini. Lihat riwayat di bawah untuk yang telah terjadi.' };
  }

  /**
   * The delegation a decision form was drawn with (`atasNama`), checked again now: still in force
   * and for an official the stage still awaits; 'lapsed' when it ended, was revoked or no longer
   * fits; null when the form was the person's own.
   */
  async function actingForRequested(person: Person, programId: string, delegationId: string): Promise<ActingFor | 'lapsed' | null> {
    if (delegationId === '') return null;
    const program = await store.programs.getProgram(programId);
    const acting = program ? await actingForAwaited(store, person, program.awaiting) : null;
    return acting?.delegationId === delegationId ? acting : 'lapsed';
  }

  async function programPage(
    c: Context<WebEnv>,
    id: string,
    notice?: { kind: 'success' | 'warning'; message: string },
    status: ContentfulStatusCode = 200,
    refusedReport?: RefusedReport,
  ) {
    const viewer = viewerOf(c);
    const data = await programPageData(deps, id);
    const { program } = data;
    if (refusal(viewer.person, 'view', { opdId: program.proposal.opdId, stage: program.stage })) {
      return c.html(appPage({ title: 'Tidak berwenang', viewer, current: '/program', children: <h1>Anda tidak berwenang melihat program ini</h1> }), 403);
    }
    const { opds, dimensions, quickWins } = await references();
    const allowed = allowedActions(viewer.person, data, await store.roster.listOpds(), await actingForAwaited(store, viewer.person, program.awaiting));
    const asked = c.req.query('koreksi');
    const correcting = !refusedReport && asked && allowed.correct.includes(asked) ? correctionOf(data, asked) : undefined;
    const lastNote = [...data.events].reverse().find((e) => e.type === 'decided' && e.comment);
    return c.html(
      appPage({
        title: program.proposal.title,
        viewer,
        current: '/program',
        children: (
          <>
            {notice ? <Notice kind={notice.kind}>{notice.message}</Notice> : null}
            <span class="caption">{stageLabels[program.stage]}</span>
            <h1>{program.proposal.title}</h1>
            <WhoActs program={program} />
            {program.stage === 'revision' && lastNote?.comment ? (
              <Notice kind="warning" title="Catatan peninjau">
                <p>{lastNote.comment}</p>
              </Notice>
            ) : null}
            {refusedReport ? (
              <ErrorSummary errors={refusedReport.errors.map((e) => ({ ...e, field: refusedReport.correction ? `${correctionPrefix}${e.field}` : e.field }))} />
            ) : null}
            <ActionForms data={data} allowed={allowed} viewer={viewer} {...(refusedReport ? { refusedReport } : {})} {...(correcting ? { correcting } : {})} />
            <h2>Usulan</h2>
            <ProposalFacts
              proposal={program.proposal}
              opdName={opds.find((o) => o.id === program.proposal.opdId)?.name ?? program.proposal.opdId}
              dimensionName={dimensions.find((d) => d.id === program.proposal.dimension)?.name ?? program.proposal.dimension}
              labels={referenceLabels(dimensions, quickWins)}
            />
            <Versions data={data} />
            <Signatures data={data} />
            <Reports data={data} correctable={allowed.correct} />
            <Timeline data={data} />
          </>
        ),
      }),
      status,
    );
  }

  async function formPage(
    c: Context<WebEnv>,
    p: {
      title: string;
      action: string;
      draft: ProposalDraft;
      errors: FieldError[];
      submitLabel: string;
      intro?: Child;
      status?: ContentfulStatusCode;
      /** The stored draft this form edits. */
      draftId?: string;
      /** A revision: the programme's own OPD, the only one it may name (even once merged into another). */
      programOpd?: Opd;
    },
  ) {
    const viewer = viewerOf(c);
    const { opds, dimensions, quickWins } = await references();
    return c.html(
      appPage({
        title: p.title,
        viewer,
        current: '/program/baru',
        hasErrors: p.errors.length > 0,
        children: (
          <>
            <h1>{p.title}</h1>
            {p.intro}
            <ProposalForm
              action={p.action}
              draft={p.draft}
              errors={p.errors}
              opds={p.programOpd ? [p.programOpd] : opds}
              dimensions={dimensions}
              quickWins={quickWins}
              ownOpdId={p.programOpd?.id ?? viewer.person.opdId}
              submitLabel={p.submitLabel}
              hiddenFields={{ _csrf: viewer.session.csrfToken, permintaan: randomUUID(), ...(p.draftId ? { draf: p.draftId } : {}) }}
            />
          </>
        ),
      }),
      p.status ?? (p.errors.length > 0 ? 400 : 200),
    );
  }

  /** Validates a posted proposal like the API does: one schema, the reference data included. */
  async function checkedProposal(draft: ProposalDraft, schemaFor: typeof proposalSchemaFor | typeof revisionSchemaFor, rules: ProposalRules = {}) {
    const { refs } = await references();
    const parsed = schemaFor(refs, rules).safeParse(proposalBodyOf(draft));
    const errors = problemsOf(parsed.success ? [] : parsed.error.issues);
    return errors.length === 0 && parsed.success ? { proposal: parsed.data, errors } : { proposal: null, errors };
  }

  /** A stored draft of this person's OPD (drafts are shared within the OPD, hidden from others). */
  async function ownDraft(person: Person, id: string) {
    const stored = /^[a-f0-9]{20}$/.test(id) ? await store.drafts.get(id) : null;
    return stored && stored.opdId === person.opdId ? stored : null;
  }

  const requestIdOf = (form: Record<string, unknown>) => {
    const raw = formText(form['permintaan']);
    return requestIdPattern.test(raw) ? raw : randomUUID();
  };

  return new Hono<WebEnv>()
    .get('/', async (c) => {
      const viewer = viewerOf(c);
      const q = listQuery.safeParse(c.req.query());
      const query = q.success ? q.data : {};
      const list: ListQuery = {
        opdId: query.opd || undefined,
        stage: query.tahap,
        dimension: query.dimensi || undefined,
        quickWin: query.quickwin === 'ya' ? true : undefined,
        overdue: query.terlambat === 'ya' ? true : undefined,
        search: query.cari?.trim() || undefined,
        cursor: query.halaman || undefined,
      };
      let page: Awaited<ReturnType<typeof listPage>>;
      try {
        page = await listPage(deps, list);
      } catch {
        // A cursor from an old or edited address: start from the first page.
        page = await listPage(deps, { ...list, cursor: undefined });
      }
      const { opds, dimensions } = await references();
      const next = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (k !== 'halaman' && typeof v === 'string' && v !== '') next.set(k, v);
      if (page.nextCursor) next.set('halaman', page.nextCursor);
      const now = new Date().toISOString();
      return c.html(
        appPage({
          title: 'Program',
          viewer,
          current: '/program',
          children: (
            <>
              <h1>Program</h1>
              <form method="get" action="/program" class="filters">
                <TextInput name="cari" label="Cari judul" type="search" value={query.cari ?? ''} />
                <Select name="opd" label="OPD" placeholder="Semua OPD" options={opds.map((o) => ({ value: o.id, label: o.name }))} value={query.opd} />
                <Select
                  name="tahap"
                  label="Tahap"
                  placeholder="Semua tahap"
                  options={stages.map((s) => ({ value: s, label: stageLabels[s] }))}
                  value={query.tahap}
                />
                <Select
                  name="dimensi"
                  label="Dimensi"
                  placeholder="Semua dimensi"
                  options={dimensions.map((d) => ({ value: d.id, label: d.name }))}
                  value={query.dimensi}
                />
                <div class="checkboxes">
                  <label>
                    <input type="checkbox" name="quickwin" value="ya" checked={query.quickwin === 'ya'} /> Quick win saja
                  </label>
                  <label>
                    <input type="checkbox" name="terlambat" value="ya" checked={query.terlambat === 'ya'} /> Terlambat saja
                  </label>
                </div>
                <Actions>
                  <Button variant="secondary">Tampilkan</Button>
                </Actions>
              </form>
              {page.items.length === 0 ? (
                <Notice kind="info">Tidak ada program yang sesuai.</Notice>
              ) : (
                <ul class="program-list">
                  {page.items.map((p) => (
                    <li>
                      <a href={`/program/${p.id}`}>{p.proposal.title}</a>
                      <div class="hint">
                        {opds.find((o) => o.id === p.proposal.opdId)?.abbr ?? p.proposal.opdId} · {stageLabels[p.stage]}
                        {p.proposal.quickWin ? ' · Quick win' : ''}
                        {p.dueAt && p.dueAt < now ? ' · Terlambat' : ''}
                      </div>
                    </li>
                  ))}
                </ul>
              )}
              {page.nextCursor ? (
                <p>
                  <a href={`/program?${next.toString()}`}>Halaman berikutnya</a>
                </p>
              ) : null}
            </>
          ),
        }),
      );
    })

    .get('/baru', async (c) => {
      const { person } = viewerOf(c);
      if (refusal(person, 'prepare', { opdId: person.opdId ?? '', stage: 'diskominfo_review' })) {
        return c.html(
          appPage({
            title: 'Usulan baru',
            viewer: viewerOf(c),
            current: '/program/baru',
            children: <p>Hanya Kepala OPD dan staf OPD yang dapat mengusulkan program.</p>,
          }),
          403,
        );
      }
      const submitLabel = (await submitsProposals(deps, person)) ? submitWords.propose : submitWords.draft;
      return formPage(c, { title: 'Usulan program baru', action: '/program', draft: emptyDraft(person.opdId ?? ''), errors: [], submitLabel });
    })

    .get('/draf/:draftId', async (c) => {
      const { person } = viewerOf(c);
      const stored = await ownDraft(person, c.req.param('draftId'));
      if (!stored) return c.notFound();
      const submits = await submitsProposals(deps, person);
      const done = c.req.query('selesai') === 'draft' ? <Notice kind="success">{doneWords['draft']}</Notice> : null;
      return formPage(c, {
        title: 'Draf usulan',
        action: '/program',
        draft: draftFromForm(stored.fields),
        errors: [],
        submitLabel: submits ? submitWords.propose : submitWords.draft,
        draftId: stored.id,
        intro: (
          <>
            {done}
            <p>
              Disiapkan oleh {stored.author.name} ({stored.author.title}), terakhir diubah <DateText value={stored.updatedAt} time />.
            </p>
          </>
        ),
      });
    })

    .post('/', async (c) => {
      const { person } = viewerOf(c);
      const form = await c.req.parseBody();
      const typed = draftFromForm(form);
      const edited = editedRows(typed, formText(form['aksi']));
      const submits = await submitsProposals(deps, person);
      const existing = formText(form['draf']) === '' ? null : await ownDraft(person, formText(form['draf']));
      const page = { title: 'Usulan program baru', action: '/program', submitLabel: submits ? submitWords.propose : submitWords.draft, draftId: existing?.id };
      if (edited) return formPage(c, { ...page, draft: edited, errors: [] });
      if (!submits) {
        // OPD staff prepare; their Kepala OPD submits. A draft may be incomplete.
        const id = existing?.id ?? randomBytes(10).toString('hex');
        const author = existing?.author ?? { userId: person.id, name: person.name, title: person.title };
        await store.drafts.put({ id, opdId: person.opdId ?? '', author, fields: formFieldsOf(typed), updatedAt: new Date().toISOString() });
        return c.redirect(`/program/draf/${id}?selesai=draft`, 303);
      }
      // A new proposal from the form gives the evaluation's fields the API leaves optional for older
      // clients; a revision may keep a programme proposed before they were asked without them.
      const { proposal, errors } = await checkedProposal(typed, proposalSchemaFor, { evaluationRequired: true });
      if (!proposal) return formPage(c, { ...page, draft: typed, errors });
      if (refusal(person, 'propose', { opdId: proposal.opdId, stage: 'diskominfo_review' }, await officialsActedFor(store, person))) {
        return formPage(c, {
          ...page,
          draft: typed,
          errors: [{ field: 'opdId', message: 'Anda hanya dapat mengusulkan program untuk OPD Anda sendiri.' }],
          status: 403,
        });
      }
      // The form's request id names the programme: the same form sent twice proposes once.
      const programId = programIdFor(person, `web-${requestIdOf(form)}`);
      try {
        await temporal.workflow.start<typeof programWorkflow>('programWorkflow', {
          workflowId: workflowIdOf(programId),
          taskQueue: deps.taskQueue,
          args: [{ programId, proposal, proposer: actorOf(person), requestHash: requestHashOf(proposal) }],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        });
      } catch (e) {
        if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
      }
      await withinUpdateDeadline(temporal, () => temporal.workflow.getHandle(workflowIdOf(programId)).executeUpdate(proposalRecorded));
      if (existing) await store.drafts.delete(existing.id);
      return c.redirect(`/program/${programId}?selesai=proposed`, 303);
    })

    .get('/:id', async (c) => {
      const done = doneWords[c.req.query('selesai') ?? ''];
      return programPage(c, c.req.param('id'), done ? { kind: 'success', message: done } : undefined);
    })

    .post('/:id/tindakan', async (c) => {
      const { person } = viewerOf(c);
      const id = c.req.param('id');
      const form = await c.req.parseBody();
      const action = formText(form['aksi']);
      const requestId = `web-${action}-${person.id}-${requestIdOf(form)}`;
      const comment = commentSchema.safeParse(formText(form['komentar']));
      const stageSeq = Number(formText(form['tahap']));
      const base = { requestId, actor: actorOf(person), channel: 'web' as const };
      const refuse = (message: string, status: ContentfulStatusCode = 400) => programPage(c, id, { kind: 'warning', message }, status);
      if (!comment.success) return refuse('Catatan memuat karakter yang tidak diizinkan atau lebih dari 2.000 karakter.');
      try {
        if (action === 'withdraw' || action === 'cancel') {
          if (comment.data === '') return refuse('Tuliskan alasannya.');
          await updateProgram(deps, id, action === 'withdraw' ? withdraw : cancel, { args: [{ ...base, reason: comment.data }], updateId: requestId });
        } else if (action === 'extend_deadline') {
          const dueDate = programmeDate.safeParse(formText(form['batas']));
          if (!dueDate.success) return refuse('Isi batas waktu baru dengan tanggal yang benar.');
          if (comment.data === '') return refuse('Tuliskan alasannya.');
          await updateProgram(deps, id, extendDeadline, { args: [{ ...base, stageSeq, dueDate: dueDate.data, reason: comment.data }], updateId: requestId });
        } else if (action === 'sign') {
          const office = signerOffices.find((o) => o === formText(form['kantor']));
          if (!office) return refuse('Pilih jabatan yang Anda tandatangani.');
          await updateProgram(deps, id, sign, { args: [{ ...base, stageSeq, office }], updateId: requestId });
        } else {
          const decision = [...decisionsByStage.diskominfo_review, ...decisionsByStage.sekda_approval].find((d) => d === action);
          if (!decision) return refuse('Pilih salah satu tombol keputusan.');
          if (commentRequired.includes(decision) && comment.data === '')
            return refuse(`Tuliskan catatan untuk "${actionWords[decision as keyof typeof actionWords]}".`);
          const actingFor = await actingForRequested(person, id, formText(form['atasNama']));
          if (actingFor === 'lapsed') return refuse(lapsedDelegationWords, 403);
          await updateProgram(deps, id, decide, {
            args: [{ ...base, stageSeq, decision, comment: comment.data, ...(actingFor ? { actingFor } : {}) }],
            updateId: requestId,
          });
        }
      } catch (e) {
        const { status, message } = refusalWords(e);
        return refuse(message, status);
      }
      return c.redirect(`/program/${id}?selesai=${action}`, 303);
    })

    .post('/:id/laporan', async (c) => {
      const { person } = viewerOf(c);
      const id = c.req.param('id');
      const form = await c.req.parseBody({ all: true });
      const data = await programPageData(deps, id);
      const { kpis } = data.program.proposal;
      const period = formText(form['periode']);
      // A period already reported gets a new version: the correction form names one of them.
      const correction = data.progress.reports.some((r) => r.period === period);
      const { [csrfField]: _csrf, permintaan: _request, tahap: _stage, periode: _period, ...fields } = form;
      const values = Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => typeof e[1] === 'string'));
      const refuse = (errors: FieldError[]) =>
        programPage(c, id, { kind: 'warning', message: 'Laporan belum terkirim. Periksa isian yang ditandai.' }, 400, { correction, period, errors, values });
      let content: Record<string, unknown>;
      try {
        content = reportContentFromForm(kpis, fields);
      } catch (e) {
        if (!(e instanceof LinkProblem)) throw e;
        return refuse(e.form?.errors ?? [{ field: 'percentComplete', message: e.message }]);
      }
      const parsed = reportContentSchema.safeParse(content);
      if (!parsed.success) return refuse(explainReportProblems(parsed.error.issues, content, kpis));
      // The form lists this programme's indicators, each once; a form from before a revision may not.
      if (kpiProblems(parsed.data.kpiValues, kpis).length > 0) return refuse([{ field: 'kpi-0', message: 'Indikator telah berubah; muat ulang halaman ini.' }]);
      const requestId = `web-report-${person.id}-${requestIdOf(form)}`;
      try {
        await updateProgram(deps, id, reportProgress, {
          args: [
            {
              requestId,
              actor: actorOf(person),
              channel: 'web',
              period,
              percentComplete: parsed.data.percentComplete,
              narrative: parsed.data.narrative,
              kpiValues: parsed.data.kpiValues,
              evidenceLinks: parsed.data.evidenceLinks,
              ...reportExtras(parsed.data),
              correction,
            },
          ],
          updateId: requestId,
        });
      } catch (e) {
        const { status, message } = refusalWords(e);
        return programPage(c, id, { kind: 'warning', message }, status);
      }
      return c.redirect(`/program/${id}?selesai=${correction ? 'correction' : 'report'}`, 303);
    })

    .get('/:id/perbaikan', async (c) => {
      const data = await programPageData(deps, c.req.param('id'));
      const note = [...data.events].reverse().find((e) => e.type === 'decided' && e.comment);
      return formPage(c, {
        title: 'Perbaikan usulan',
        action: `/program/${data.program.id}/perbaikan`,
        programOpd: (await store.roster.getOpd(data.program.proposal.opdId)) ?? undefined,
        draft: draftOf(data.program.proposal),
        errors: [],
        submitLabel: actionWords.resubmit,
        intro: note?.comment ? <ReviewerNote comment={note.comment} by={note.actor?.name ?? ''} /> : undefined,
      });
    })

    .post('/:id/perbaikan', async (c) => {
      const { person } = viewerOf(c);
      const data = await programPageData(deps, c.req.param('id'));
      const id = data.program.id;
      const form = await c.req.parseBody();
      const typed = draftFromForm(form);
      const page = {
        title: 'Perbaikan usulan',
        action: `/program/${id}/perbaikan`,
        submitLabel: actionWords.resubmit,
        programOpd: (await store.roster.getOpd(data.program.proposal.opdId)) ?? undefined,
      };
      const edited = editedRows(typed, formText(form['aksi']));
      if (edited) return formPage(c, { ...page, draft: edited, errors: [] });
      const { proposal, errors } = await checkedProposal(typed, (refs, rules) => revisionSchemaFor(refs && revisionReferences(refs, data.program), rules));
      if (!proposal) return formPage(c, { ...page, draft: typed, errors });
      const requestId = `web-resubmit-${person.id}-${requestIdOf(form)}`;
      try {
        await updateProgram(deps, id, resubmit, { args: [{ requestId, proposal, comment: '', actor: actorOf(person), channel: 'web' }], updateId: requestId });
      } catch (e) {
        const { status, message } = refusalWords(e);
        return programPage(c, id, { kind: 'warning', message }, status);
      }
      return c.redirect(`/program/${id}?selesai=resubmit`, 303);
    });
}

function ReviewerNote(p: { comment: string; by: string }) {
  return (
    <Notice kind="warning" title="Catatan peninjau">
      <p>
        <MultilineText text={p.comment} />
      </p>
      {p.by ? <p class="hint">{p.by}</p> : null}
    </Notice>
  );
}
