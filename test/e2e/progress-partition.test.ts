/**
 * The programme page in implementation is built from the programme's partition, without asking
 * the workflow; these checks hold it to what the workflow itself says, asked directly through
 * Temporal: after the periods already past close on entering implementation (the current
 * month still open), after a late report of a past month, after its correction, and once every
 * past month is reported.
 */
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { programState, workflowIdOf } from '../../workflows/messages.js';
import { as } from '../support/api.js';
import { monthOf, wibToday } from '../support/dates.js';
import { program } from '../support/flow.js';
import { uniqueTitle } from '../support/proposal.js';
import { signAllByApi, toSigning } from '../support/signing.js';
import { stack } from '../support/stack.js';
import type { ReportAnswer } from '../support/types.js';
import { eventually } from '../support/wait.js';

let connection: Connection;
let client: Client;
beforeAll(async () => {
  connection = await Connection.connect({ address: stack().temporalAddress });
  client = new Client({ connection });
});
afterAll(() => connection.close());

const queryWorkflow = (programId: string) => client.workflow.getHandle(workflowIdOf(programId)).query(programState);

/** The page's periods beside the workflow's: the same periods, due days, versions and next due day. */
async function expectPageEqualsWorkflow(programId: string): Promise<void> {
  const view = await queryWorkflow(programId);
  const page = (await program(programId)).progress;
  const impl = view.implementation;
  expect(impl).not.toBeNull();
  const { periods: open, finished } = impl!;

  expect(page.periods.map((p) => p.id)).toEqual([...open.map((p) => p.id), ...Object.keys(finished)].sort());
  // Periods still awaited: a due day the workflow fixed is the page's, one it has not fixed yet is projected.
  const awaited = new Set(open.map((p) => p.id));
  expect(
    page.periods
      .filter((p) => awaited.has(p.id))
      .map((p) => ({
        id: p.id,
        start: p.start,
        end: p.end,
        last: p.last,
        dueDate: p.projected ? null : p.dueDate,
        dueAt: p.projected ? null : p.dueAt,
        reports: p.versions,
      })),
  ).toEqual(open.map((p) => ({ id: p.id, start: p.start, end: p.end, last: p.last, dueDate: p.dueDate, dueAt: p.dueAt, reports: p.reports })));
  // Periods the workflow finished (closed and reported): their versions, with a fixed due day.
  const done = page.periods.filter((p) => p.id in finished);
  expect(Object.fromEntries(done.map((p) => [p.id, p.versions]))).toEqual(finished);
  expect(done.every((p) => !p.projected)).toBe(true);
  // The workflow's next due report is the page's while one is due.
  if (view.dueDate !== null) expect(page.nextDue).toMatchObject({ dueDate: view.dueDate, dueAt: view.dueAt });
}

function report(programId: string, body: Record<string, unknown>) {
  return as<ReportAnswer>('kadis-kesehatan', 'POST', `/v1/programs/${programId}/progress-reports`, { json: body });
}

describe('the programme page in implementation, read from the partition', () => {
  it('shows the periods the workflow holds, across closed and open periods, a late report and a correction', async () => {
    const today = wibToday();
    const [p0, p1] = [monthOf(today, -2), monthOf(today, -1)];
    const { id } = await toSigning('kadis-kesehatan', {
      title: uniqueTitle('Jaringan Nagari pelaksanaan'),
      startDate: p0.first,
      endDate: monthOf(today, 2).last,
      reportingCadence: 'monthly',
      kpis: [{ name: 'Nagari terhubung', unit: 'nagari', target: 20 }],
    });
    expect((await signAllByApi(id)).program.stage).toBe('implementation');
    await eventually('the past months closed by the workflow', async () => {
      const closed = (await queryWorkflow(id)).implementation?.periods.filter((p) => p.dueDate !== null).map((p) => p.id) ?? [];
      return closed.includes(p0.id) && closed.includes(p1.id) ? true : undefined;
    });
    await expectPageEqualsWorkflow(id);

    const content = { percentComplete: 30, narrative: 'Enam nagari terhubung.', kpiValues: [{ name: 'Nagari terhubung', value: 6 }] };
    const late = await report(id, { period: p0.id, ...content });
    expect(late.status, late.text).toBe(201);
    await expectPageEqualsWorkflow(id);

    const corrected = await report(id, { period: p0.id, ...content, percentComplete: 32, correction: true });
    expect(corrected.status, corrected.text).toBe(201);
    expect(corrected.body.result).toMatchObject({ version: 2 });
    await expectPageEqualsWorkflow(id);

    const caughtUp = await report(id, { period: p1.id, ...content });
    expect(caughtUp.status, caughtUp.text).toBe(201);
    await expectPageEqualsWorkflow(id);
  });
});
