/** "Tugas saya": what waits for the signed-in person (or the official they act for), overdue first. */
import { Hono } from 'hono';
import { stageLabels } from '../../domain/stages.js';
import type { AppDeps } from '../context.js';
import type { ProposalDraftRecord } from '../../store/index.js';
import { DateText, Notice, SummaryList } from '../views/components.js';
import { formatDate } from '../views/dates.js';
import { appPage } from './chrome.js';
import { submitsProposals, tasksOf, type Task, type TaskKind } from './program-data.js';
import { viewerOf, type WebEnv } from './session.js';

export const taskLabels: Record<TaskKind, string> = {
  decide: 'Keputusan',
  sign: 'Tanda tangan komitmen',
  report: 'Laporan kemajuan',
  revise: 'Perbaikan usulan',
};

/** "Kamis, 10 Desember 2026 (terlambat 2 hari kerja)". */
export function dueText(t: Pick<Task, 'dueDate' | 'overdue' | 'workingDays'>): string {
  if (!t.dueDate) return 'Tanpa batas waktu';
  const date = formatDate(t.dueDate);
  if (t.overdue) return `${date} (terlambat ${t.workingDays} hari kerja)`;
  if (t.workingDays === 0) return `${date} (hari ini)`;
  return `${date} (${t.workingDays} hari kerja lagi)`;
}

function TaskItem(p: { task: Task }) {
  const { task } = p;
  return (
    <li class={task.overdue ? 'task task-overdue' : 'task'}>
      <h2 class="task-title">
        <a href={`/program/${task.program.id}`}>{task.program.proposal.title}</a>
      </h2>
      <SummaryList
        rows={[
          { term: 'Tugas', value: `${taskLabels[task.kind]} · ${stageLabels[task.program.stage]}` },
          {
            term: 'Batas waktu',
            value: (
              <>
                {task.overdue ? <strong>Terlambat: </strong> : null}
                {dueText(task)}
              </>
            ),
          },
          ...(task.actingFor ? [{ term: 'Atas nama', value: `${task.actingFor.kind} ${task.actingFor.title} (${task.actingFor.name})` }] : []),
        ]}
      />
    </li>
  );
}

/** Drafts the OPD's staff prepared: the Kepala OPD submits them, the staff may go on editing. */
function Drafts(p: { drafts: ProposalDraftRecord[]; submits: boolean }) {
  if (p.drafts.length === 0) return null;
  return (
    <section aria-labelledby="draf">
      <h2 id="draf">{p.submits ? 'Draf usulan menunggu diajukan' : 'Draf usulan OPD Anda'}</h2>
      <ul class="task-list">
        {p.drafts.map((d) => (
          <li class="task">
            <a href={`/program/draf/${d.id}`}>{typeof d.fields['title'] === 'string' && d.fields['title'] !== '' ? d.fields['title'] : 'Draf tanpa judul'}</a>
            <p class="hint">
              Disiapkan oleh {d.author.name}, <DateText value={d.updatedAt} time />
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function taskRoutes(deps: AppDeps) {
  return new Hono<WebEnv>().get('/', async (c) => {
    const viewer = viewerOf(c);
    const { person } = viewer;
    const preparesProposals = person.opdId !== null && person.roles.some((r) => r === 'opd_head' || r === 'opd_staff');
    const [tasks, drafts, submits] = await Promise.all([
      tasksOf(deps, person),
      preparesProposals ? deps.store.drafts.listOfOpd(person.opdId!) : Promise.resolve([]),
      submitsProposals(deps, person),
    ]);
    return c.html(
      appPage({
        title: 'Tugas saya',
        viewer,
        current: '/tugas',
        children: (
          <>
            <h1>Tugas saya</h1>
            <Drafts drafts={drafts} submits={submits} />
            {tasks.length === 0 ? (
              <Notice kind="info">Tidak ada yang menunggu tindakan Anda saat ini.</Notice>
            ) : (
              <>
                <p>
                  {tasks.length} tugas menunggu tindakan Anda
                  {tasks.some((t) => t.overdue) ? `, ${tasks.filter((t) => t.overdue).length} di antaranya terlambat` : ''}.
                </p>
                <ul class="task-list">
                  {tasks.map((t) => (
                    <TaskItem task={t} />
                  ))}
                </ul>
              </>
            )}
          </>
        ),
      }),
    );
  });
}
