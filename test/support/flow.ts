/** Steps of a programme's life that several e2e tests share, done the way people do them: over HTTP and by email. */
import { expect } from 'vitest';
import { as, emailOf, type ApiResponse } from './api.js';
import { linkIn, waitForMail, type SinkMessage } from './mailbox.js';
import { validProposal, type ProposalBody } from './proposal.js';
import type { DecisionAnswer, ProgramDetail, ProgramEvent, Problem } from './types.js';

export const reviewers = ['reviewer-kominfo-1', 'reviewer-kominfo-2'] as const;

/** Proposes a programme and expects it to be accepted (201). */
export async function propose(
  userId = 'kadis-kesehatan',
  overrides: Partial<ProposalBody> = {},
): Promise<{ res: ApiResponse<ProgramDetail>; id: string; proposal: ProposalBody }> {
  const proposal = validProposal(overrides);
  const res = await as<ProgramDetail>(userId, 'POST', '/v1/programs', { json: proposal });
  expect(res.status, res.text).toBe(201);
  expect(res.body.id).toMatch(/^[a-f0-9]{20}$/);
  return { res, id: res.body.id, proposal };
}

/** The decision-request mail a person got for one stage occurrence, and its personal link. */
export async function requestMail(programId: string, userId: string, stageSeq: number): Promise<{ mail: SinkMessage; link: string }> {
  const mail = await waitForMail({ programId, stageSeq, to: await emailOf(userId) });
  return { mail, link: linkIn(mail) };
}

/** A decision through the API, expected to be accepted (200). */
export async function decideByApi(userId: string, programId: string, decision: string, comment = ''): Promise<ApiResponse<DecisionAnswer>> {
  const res = await as<DecisionAnswer>(userId, 'POST', `/v1/programs/${programId}/decisions`, { json: { decision, comment } });
  expect(res.status, res.text).toBe(200);
  return res;
}

/** The programme as the API shows it. */
export async function program(programId: string, userId = 'pemantau'): Promise<ProgramDetail> {
  const res = await as<ProgramDetail>(userId, 'GET', `/v1/programs/${programId}`);
  expect(res.status, res.text).toBe(200);
  return res.body;
}

/** The programme's audit trail, oldest first. */
export async function events(programId: string, userId = 'pemantau'): Promise<ProgramEvent[]> {
  const res = await as<{ programId: string; items: ProgramEvent[] }>(userId, 'GET', `/v1/programs/${programId}/events`);
  expect(res.status, res.text).toBe(200);
  expect(res.body.programId).toBe(programId);
  return res.body.items;
}

/** A refusal as the API gives it: this status, as application/problem+json with a title and a detail. */
export function expectProblem(res: ApiResponse<unknown>, status: number, detail?: RegExp): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers.get('content-type'), res.text).toMatch(/^application\/problem\+json/);
  const body = res.body as Partial<Problem>;
  expect(body.status).toBe(status);
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  if (detail) expect(body.detail).toMatch(detail);
}
