/**
 * Who may do what, walked cell by cell over real HTTP: every person of the dev roster (the
 * proposing OPD's head and staff, another OPD's head and staff, a Diskominfo reviewer, the
 * Sekda, the Bupati, the Wakil Bupati, the secretariat, a viewer) against every endpoint that
 * changes something, in every stage a programme can be in. A refused cell is a 403 (not yours)
 * or a 409 (not possible now) and changes nothing, in DynamoDB or in the workflow's history;
 * an allowed cell is carried out, on a programme of its own. Then the same refusals sent to the
 * workflow directly, past the API: the Update validators refuse them too.
 */
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { actorOf, type Person } from '../../domain/roles.js';
import { isEnded, type Stage } from '../../domain/stages.js';
import { cancel, decide, extendDeadline, refusalTypes, reportProgress, resubmit, sign, withdraw, workflowIdOf } from '../../workflows/messages.js';
import { as, person, type ApiResponse } from '../support/api.js';
import { events, propose } from '../support/flow.js';
import { validProposal } from '../support/proposal.js';
import { expectRefused, historyLength, programIn, storedAbout, temporal, thisMonth } from '../support/security.js';
import type { ProgramDetail } from '../support/types.js';

/** The dev roster's people, by the part they play for a programme of Dinas Kesehatan. */
const people = {
  opdHead: 'kadis-kesehatan',
  opdStaff: 'staf-kesehatan',
  otherOpdHead: 'kepala-bappeda',
  otherOpdStaff: 'staf-bappeda',
  reviewer: 'reviewer-kominfo-1',
  sekda: 'sekda',
  bupati: 'bupati',
  wakilBupati: 'wabup',
  secretariat: 'sekretariat-1',
  viewer: 'pemantau',
} as const;
type Who = keyof typeof people;
const everyone = Object.keys(people) as Who[];

const endpoints = ['decisions', 'revisions', 'withdraw', 'cancel', 'deadline', 'signatures', 'progress-reports'] as const;
type Endpoint = (typeof endpoints)[number];
const stages = ['diskominfo_review', 'sekda_approval', 'revision', 'signing', 'implementation', 'rejected'] as const satisfies readonly Stage[];
type WalkedStage = (typeof stages)[number];

type Outcome = 'ok' | 403 | 409;
const proposingOpd: readonly Who[] = ['opdHead', 'opdStaff'];
const waitingStages: readonly Stage[] = ['diskominfo_review', 'revision', 'sekda_approval', 'signing'];

/**
 * The matrix, written out from the design (docs/product.md §2, §5), not from the code. Actions on a
 * stage's own object (a decision, a signature) are 409 when the stage has none, then 403 when
 * it is not yours; actions on the programme are 403 when not yours, then 409 when not now.
 * `signers` are who the signing stage asks for now (officials, or their Plt./Plh.).
 */
function expected(endpoint: Endpoint, stage: WalkedStage, who: Who, signers: ReadonlySet<string>): Outcome {
  switch (endpoint) {
    case 'decisions':
      if (stage === 'diskominfo_review') return who === 'reviewer' ? 'ok' : 403;
      // The reviewer decided the stage before: told it is decided, not that it is not theirs.
      if (stage === 'sekda_approval') return who === 'sekda' ? 'ok' : who === 'reviewer' ? 409 : 403;
      return 409;
    case 'signatures':
      if (stage !== 'signing') return 409;
      return signers.has(people[who]) ? 'ok' : 403;
    case 'revisions':
      return !proposingOpd.includes(who) ? 403 : stage === 'revision' ? 'ok' : 409;
    case 'withdraw':
      return !proposingOpd.includes(who) ? 403 : waitingStages.includes(stage) ? 'ok' : 409;
    case 'progress-reports':
      return !proposingOpd.includes(who) ? 403 : stage === 'implementation' ? 'ok' : 409;
    case 'cancel':
      return who !== 'secretariat' ? 403 : isEnded(stage) ? 409 : 'ok';
    case 'deadline':
      return who !== 'secretariat' ? 403 : waitingStages.includes(stage) ? 'ok' : 409;
  }
}

/** What an allowed request is answered: a progress report is a new resource, the others change the programme. */
const successOf: Record<Endpoint, 200 | 201> = {
  decisions: 200,
  revisions: 200,
  withdraw: 200,
  cancel: 200,
  deadline: 200,
  signatures: 200,
  'progress-reports': 201,
};

/** What an allowed request leaves as the newest audit event. */
const eventOf: Record<Endpoint, string> = {
  decisions: 'decided',
  revisions: 'resubmitted',
  withdraw: 'withdrawn',
  cancel: 'cancelled',
  deadline: 'deadline_extended',
  signatures: 'signed',
  'progress-reports': 'report_submitted',
};

function bodyOf(endpoint: Endpoint, program: ProgramDetail): unknown {
  switch (endpoint) {
    case 'decisions':
      return { decision: 'approve', comment: 'Uji matriks.' };
    case 'revisions':
      return { ...program.proposal, comment: 'Perbaikan uji matriks.' };
    case 'withdraw':
    case 'cancel':
      return { reason: 'Uji matriks.' };
    case 'deadline':
      return { dueDate: '2030-06-03', reason: 'Uji matriks.' };
    case 'signatures':
      return {};
    case 'progress-reports':
      return { period: thisMonth().period, percentComplete: 10, narrative: 'Uji matriks.', kpiValues: [], evidenceLinks: [] };
  }
}

const send = (who: Who, endpoint: Endpoint, program: ProgramDetail): Promise<ApiResponse> =>
  as(people[who], 'POST', `/v1/programs/${program.id}/${endpoint}`, { json: bodyOf(endpoint, program) });

async function detail(id: string): Promise<ProgramDetail> {
  const res = await as<ProgramDetail>('pemantau', 'GET', `/v1/programs/${id}`);
  expect(res.status, res.text).toBe(200);
  return res.body;
}

/** Who the signing stage asks for now, as the API shows it. */
async function signersOf(id: string): Promise<Set<string>> {
  const res = await as<{ missing: { signers: { signer: { userId: string } }[] }[] }>('pemantau', 'GET', `/v1/programs/${id}/signatures`);
  return new Set(res.body.missing.flatMap((m) => m.signers.map((s) => s.signer.userId)));
}

/** Runs `work` over `items`, a few at a time. */
async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return results;
}

describe('the role × endpoint × stage matrix', () => {
  it('propose: the Kepala OPD only (201); everyone else, OPD staff included, 403 and nothing is created', async () => {
    for (const who of everyone) {
      const res = await as<ProgramDetail>(people[who], 'POST', '/v1/programs', { json: validProposal() });
      if (who === 'opdHead') {
        expect(res.status, `${who}: ${res.text}`).toBe(201);
        expect(res.body.proposer.userId).toBe(people[who]);
      } else {
        expectRefused(res, 403);
      }
    }
    // Another OPD's head may propose for their own OPD, not for Dinas Kesehatan; its staff not even that.
    const bappeda = validProposal({ opdId: 'bappeda', dimension: 'governance' });
    expect((await as(people.otherOpdHead, 'POST', '/v1/programs', { json: bappeda })).status).toBe(201);
    expectRefused(await as(people.otherOpdStaff, 'POST', '/v1/programs', { json: bappeda }), 403);
  });

  it('delegations: the secretariat only (201, then revoked); everyone else 403', async () => {
    const body = {
      officialId: 'wabup',
      delegateId: 'kepala-bappeda',
      kind: 'plh',
      from: '2041-03-04',
      until: '2041-03-06',
      basis: 'SK Bupati Nomor 800/1/2041',
    };
    for (const who of everyone) {
      const res = await as<{ id: string }>(people[who], 'POST', '/v1/delegations', { json: body });
      if (who !== 'secretariat') {
        expectRefused(res, 403);
        continue;
      }
      expect(res.status, res.text).toBe(201);
      for (const other of everyone.filter((w) => w !== 'secretariat')) expectRefused(await as(people[other], 'DELETE', `/v1/delegations/${res.body.id}`), 403);
      expect((await as(people.secretariat, 'DELETE', `/v1/delegations/${res.body.id}`)).status).toBe(200);
    }
  });

  it.each(stages)('in %s: every refused cell is a 403 or 409 and changes nothing; every allowed cell is carried out', async (stage) => {
    const target = await detail((await programIn(stage)).id);
    const signers = stage === 'signing' ? await signersOf(target.id) : new Set<string>();
    if (stage === 'signing') expect([...signers].sort()).toEqual(['bupati', 'kadis-kesehatan', 'sekda', 'wabup']);

    // Refused cells, all on one programme: nothing may change.
    const history = await historyLength(target.id);
    const before = { stored: await storedAbout(target.id), history };
    const allowed: { endpoint: Endpoint; who: Who }[] = [];
    for (const endpoint of endpoints) {
      for (const who of everyone) {
        const outcome = expected(endpoint, stage, who, signers);
        if (outcome === 'ok') {
          allowed.push({ endpoint, who });
          continue;
        }
        const res = await send(who, endpoint, target);
        expect(res.status, `${who} → ${endpoint} in ${stage}: ${res.text}`).toBe(outcome);
        expectRefused(res, outcome);
      }
    }
    expect(await storedAbout(target.id)).toEqual(before.stored);
    expect(await historyLength(target.id)).toBe(before.history);

    // Allowed cells, each on a programme of its own in this stage.
    await inBatches(allowed, 6, async ({ endpoint, who }) => {
      const fresh = await detail((await programIn(stage)).id);
      const res = await send(who, endpoint, fresh);
      expect(res.status, `${who} → ${endpoint} in ${stage}: ${res.text}`).toBe(successOf[endpoint]);
      const trail = await events(fresh.id);
      const mine = trail.filter((e) => e.actor?.userId === people[who]);
      expect(mine.at(-1)?.type, `${who} → ${endpoint} in ${stage}`).toBe(eventOf[endpoint]);
    });
    // Sanity: the matrix does let someone act wherever the design says something can happen.
    if (stage !== 'rejected') expect(allowed.length).toBeGreaterThan(0);
  });
});

describe('who a stage awaits by name', () => {
  it("Diskominfo's own proposal: its reviewers may not review it, the secretariat the stage awaits decides", async () => {
    const { id } = await propose('kadis-kominfo', { opdId: 'diskominfo', dimension: 'governance' });
    const proposed = await detail(id);
    expect(proposed.awaiting.map((a) => a.userId)).toEqual(['sekretariat-1']);
    const before = await storedAbout(id);
    for (const who of ['reviewer-kominfo-1', 'reviewer-kominfo-2', 'kadis-kominfo', 'staf-kominfo', 'sekda']) {
      expectRefused(await as(who, 'POST', `/v1/programs/${id}/decisions`, { json: { decision: 'approve', comment: 'bukan giliran' } }), 403);
    }
    expect(await storedAbout(id)).toEqual(before);
    const decided = await as<{ result: { toStage: Stage } }>('sekretariat-1', 'POST', `/v1/programs/${id}/decisions`, {
      json: { decision: 'approve', comment: 'Diputuskan sekretariat.' },
    });
    expect(decided.status, decided.text).toBe(200);
    expect(decided.body.result.toStage).toBe('sekda_approval');
  });
});

describe('past the API: the workflow refuses the same requests itself', () => {
  const actor = async (who: Who) => actorOf((await person(people[who])) as Person);
  let n = 0;
  const request = async (who: Who) => ({ requestId: `matrix-bypass-${Date.now()}-${n++}`, actor: await actor(who), channel: 'api' as const });

  /** The refusal type an Update was rejected with (fails when it was accepted). */
  async function refusalOf(run: () => Promise<unknown>): Promise<string> {
    try {
      await run();
    } catch (e) {
      expect(e).toBeInstanceOf(WorkflowUpdateFailedError);
      const cause = (e as WorkflowUpdateFailedError).cause;
      expect(cause).toBeInstanceOf(ApplicationFailure);
      return (cause as ApplicationFailure).type ?? '';
    }
    throw new Error('the workflow accepted a request the matrix refuses');
  }

  it('refuses forbidden decisions, revisions, withdrawals, cancellations, extensions, signatures and reports', async () => {
    const client = await temporal();
    const [review, revision, signing, implementation] = await Promise.all(
      (['diskominfo_review', 'revision', 'signing', 'implementation'] as const).map(async (s) => detail((await programIn(s)).id)),
    );
    const all = [review!, revision!, signing!, implementation!];
    const before = await Promise.all(all.map(async (p) => ({ history: await historyLength(p.id), stored: await storedAbout(p.id) })));
    const handle = (p: ProgramDetail) => client.workflow.getHandle(workflowIdOf(p.id));
    const { notAllowed, wrongStage } = refusalTypes;
    const cases: [string, ProgramDetail, () => Promise<unknown>, string][] = [];
    const add = (name: string, p: ProgramDetail, expectedType: string, run: (h: ReturnType<typeof handle>) => Promise<unknown>) =>
      cases.push([name, p, () => run(handle(p)), expectedType]);

    for (const who of ['viewer', 'sekda', 'opdHead', 'secretariat', 'bupati'] as const) {
      add(`${who} decides the Diskominfo review`, review!, notAllowed, async (h) =>
        h.executeUpdate(decide, { args: [{ ...(await request(who)), stageSeq: review!.stageSeq, decision: 'approve', comment: 'lewat samping' }] }),
      );
    }
    for (const who of ['otherOpdHead', 'reviewer', 'viewer'] as const) {
      add(`${who} resubmits`, revision!, notAllowed, async (h) =>
        h.executeUpdate(resubmit, { args: [{ ...(await request(who)), proposal: revision!.proposal, comment: '' }] }),
      );
      add(`${who} withdraws`, review!, notAllowed, async (h) => h.executeUpdate(withdraw, { args: [{ ...(await request(who)), reason: 'lewat samping' }] }));
    }
    for (const who of ['opdHead', 'sekda', 'viewer'] as const) {
      add(`${who} cancels`, review!, notAllowed, async (h) => h.executeUpdate(cancel, { args: [{ ...(await request(who)), reason: 'lewat samping' }] }));
      add(`${who} extends a deadline`, signing!, notAllowed, async (h) =>
        h.executeUpdate(extendDeadline, { args: [{ ...(await request(who)), stageSeq: signing!.stageSeq, dueDate: '2030-06-03', reason: 'lewat samping' }] }),
      );
    }
    for (const [who, office] of [
      ['viewer', 'bupati'],
      ['sekda', 'bupati'],
      ['otherOpdHead', 'opd_head'],
      ['opdStaff', 'opd_head'],
    ] as const) {
      add(`${who} signs for ${office}`, signing!, notAllowed, async (h) =>
        h.executeUpdate(sign, { args: [{ ...(await request(who)), stageSeq: signing!.stageSeq, office }] }),
      );
    }
    for (const who of ['otherOpdStaff', 'secretariat', 'viewer'] as const) {
      add(`${who} reports progress`, implementation!, notAllowed, async (h) =>
        h.executeUpdate(reportProgress, {
          args: [
            {
              ...(await request(who)),
              period: thisMonth().period,
              percentComplete: 5,
              narrative: 'lewat samping',
              kpiValues: [],
              evidenceLinks: [],
              correction: false,
            },
          ],
        }),
      );
    }
    // Allowed people, wrong moment: refused as the API would (409).
    add('the OPD withdraws during implementation', implementation!, wrongStage, async (h) =>
      h.executeUpdate(withdraw, { args: [{ ...(await request('opdHead')), reason: 'terlambat' }] }),
    );
    add('the reviewer decides an ended review again', signing!, wrongStage, async (h) =>
      h.executeUpdate(decide, { args: [{ ...(await request('reviewer')), stageSeq: 1, decision: 'reject', comment: 'terlambat' }] }),
    );

    for (const [name, , run, type] of cases) expect(await refusalOf(run), name).toBe(type);
    for (const [i, p] of all.entries()) {
      expect(await storedAbout(p.id), p.stage).toEqual(before[i]!.stored);
      // A rejected Update leaves no trace in the history.
      expect(await historyLength(p.id), p.stage).toBe(before[i]!.history);
    }
  });
});
