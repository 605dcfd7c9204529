/**
 * What the pages behind email links (docs/product.md §6) share, on the one layout of
 * api/views: the card they sit in, the programme's facts, "you act as", the deadline
 * sentence, and what a decision needs beside the facts (indicators, RPJMD, earlier notes,
 * changes since the last version). Pages are pure: facts in, an HTML document out.
 */
import type { Child } from 'hono/jsx';
import type { Assignee } from '../domain/program.js';
import { stageSlaWorkingDays, type Stage } from '../domain/stages.js';
import type { DecisionContext } from '../mail/decision-context.js';
import type { Fact } from '../mail/document.js';
import { formatDate, formatDateTime, formatNumber, personLine, singleLine } from '../mail/format.js';
import { programFacts, type ProgramSummary } from '../mail/templates.js';
import { MultilineText, SummaryList } from './views/components.js';
import { Layout, renderDocument } from './views/layout.js';

/** A link page: the layout with `body` in one card; `hasErrors` when a form came back refused. */
export function linkDocument(title: string, body: Child, hasErrors = false): string {
  return renderDocument(
    <Layout title={title} hasErrors={hasErrors}>
      <div class="card">{body}</div>
    </Layout>,
  );
}

export function Facts(p: { facts: readonly Fact[] }) {
  return <SummaryList rows={p.facts.map((f) => ({ term: f.label, value: <MultilineText text={f.value} /> }))} />;
}

/** Title, OPD and version: enough to recognise the programme after an action. */
export function shortFacts(program: ProgramSummary): Fact[] {
  const keep = new Set(['Judul program', 'OPD pengusul', 'Versi usulan']);
  return programFacts(program).filter((f) => keep.has(f.label));
}

/** "Anda bertindak sebagai <name>, <title>." for the person a link was sent to. */
export function ActingAs(p: { assignee: Assignee }) {
  return (
    <p>
      <strong>
        Anda bertindak sebagai {singleLine(p.assignee.name)}, {singleLine(p.assignee.title)}.
      </strong>
    </p>
  );
}

/** Said on a page after its link was used. */
export function SpentLinkNote() {
  return <p class="muted">Anda dapat menutup halaman ini. Tautan yang telah digunakan tidak dapat digunakan kembali.</p>;
}

/** "Batas waktu: paling lambat <date> (WIB), yaitu <n> hari kerja sejak tahap ini dimulai." or `none` without a deadline. */
export function deadlineSentence(stage: Stage, dueDate: string | null, none: string): string {
  if (dueDate === null) return none;
  const sla = stageSlaWorkingDays[stage];
  return `Batas waktu: paling lambat ${formatDate(dueDate)} (WIB)${sla === undefined ? '' : `, yaitu ${sla} hari kerja sejak tahap ini dimulai`}.`;
}

/** The indicators with their targets, as a table that scrolls on its own on a narrow screen. */
export function KpiTable(p: { kpis: DecisionContext['kpis'] }) {
  return (
    <div class="table-scroll">
      <table>
        <caption class="visually-hidden">Indikator kinerja dan targetnya</caption>
        <thead>
          <tr>
            <th scope="col">Indikator</th>
            <th scope="col">Target</th>
          </tr>
        </thead>
        <tbody>
          {p.kpis.map((k) => (
            <tr>
              <td>{singleLine(k.name)}</td>
              <td>
                {formatNumber(k.target)} {singleLine(k.unit)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What a decision needs beside the key facts: RPJMD, indicators, changes since the last version, earlier notes. */
export function DecisionContextSections(p: { context: DecisionContext }) {
  const { context } = p;
  return (
    <>
      <h2>Program RPJMD yang didukung</h2>
      <p>{context.rpjmdRef === null ? 'Usulan ini tidak menyebutkan program RPJMD.' : singleLine(context.rpjmdRef)}</p>
      <h2>Indikator kinerja</h2>
      <KpiTable kpis={context.kpis} />
      {context.changes === null ? null : (
        <>
          <h2>
            Perubahan dari versi {context.changes.fromVersion} ke versi {context.changes.toVersion}
          </h2>
          {context.changes.lines.length === 0 ? (
            <p>Isi usulan tidak berubah dari versi sebelumnya.</p>
          ) : (
            <ul>
              {context.changes.lines.map((l) => (
                <li>{l}</li>
              ))}
            </ul>
          )}
        </>
      )}
      {context.earlierNotes.length === 0 ? null : (
        <>
          <h2>Catatan tahap sebelumnya</h2>
          {context.earlierNotes.map((n) => (
            <>
              <p>
                <strong>{n.what}</strong> oleh {personLine(n.by)}, {formatDateTime(n.at)}:
              </p>
              <blockquote>
                <MultilineText text={n.comment} />
              </blockquote>
            </>
          ))}
        </>
      )}
    </>
  );
}
