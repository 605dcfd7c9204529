/**
 * Signing the commitment over HTTP and email, for the e2e tier: a programme brought to the
 * signing stage, the personal signing request each signer is mailed, signatures through the
 * API, and acting officials (Plt./Plh.) recorded and revoked by the secretariat.
 */
import { expect } from 'vitest';
import type { SignerOffice, SigningPolicy } from '../../domain/signing.js';
import { as, emailOf } from './api.js';
import { decideByApi, propose } from './flow.js';
import { linkIn, waitForMail, type SinkMessage } from './mailbox.js';
import type { ProposalBody } from './proposal.js';
import type { DelegationView, SignAnswer, SignaturesView } from './types.js';

/** The stage occurrence signing opens as, when review and approval pass the first time. */
export const firstSigningSeq = 3;

/** Proposes and approves (Diskominfo review, then Sekda) through the API: the programme waits for signatures. */
export async function toSigning(userId = 'kadis-kesehatan', overrides: Partial<ProposalBody> = {}): Promise<{ id: string; proposal: ProposalBody }> {
  const { id, proposal } = await propose(userId, overrides);
  await decideByApi('reviewer-kominfo-2', id, 'approve', 'Sesuai arsitektur SPBE.');
  const approved = await decideByApi('sekda', id, 'approve', 'Disetujui untuk ditandatangani.');
  expect(approved.body.result).toMatchObject({ toStage: 'signing', stageSeq: firstSigningSeq });
  return { id, proposal };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The request to sign `office` mailed to `userId` for a signing occurrence: the first one
 * (Message-ID `alur.<programme>.<seq>.signing.<office>.<person>@…`), or with `rerouted` one sent
 * after a delegation changed (`…signing.reroute-<n>.<office>.<person>@…`); and its personal link.
 */
export async function signRequestMail(
  programId: string,
  stageSeq: number,
  office: SignerOffice,
  userId: string,
  options: { rerouted?: boolean } = {},
): Promise<{ mail: SinkMessage; link: string }> {
  const via = options.rerouted ? 'reroute-\\d+\\.' : '';
  const messageId = new RegExp(`alur\\.${programId}\\.${stageSeq}\\.signing\\.${via}${office}\\.${escape(userId)}@`);
  const mail = await waitForMail({ to: await emailOf(userId), messageId });
  return { mail, link: linkIn(mail) };
}

/**
 * Sets which offices sign (as the secretariat does, over the version read): the policy a
 * programme's signing reads when it opens. Answers with the policy it replaced.
 */
export async function setSigningPolicy(policy: SigningPolicy): Promise<SigningPolicy> {
  const current = await as<{ default: SignerOffice[]; quickWin: SignerOffice[] | null; version: number }>('sekretariat-1', 'GET', '/v1/signing-policy');
  expect(current.status, current.text).toBe(200);
  const res = await as('sekretariat-1', 'PUT', '/v1/signing-policy', {
    json: { version: current.body.version, default: policy.default, quickWin: policy.quickWin ?? null },
  });
  expect(res.status, res.text).toBe(200);
  return { default: current.body.default, ...(current.body.quickWin ? { quickWin: current.body.quickWin } : {}) };
}

/** Who signed and who is missing, as `GET /v1/programs/:id/signatures` shows it. */
export async function signatures(programId: string, userId = 'pemantau'): Promise<SignaturesView> {
  const res = await as<SignaturesView>(userId, 'GET', `/v1/programs/${programId}/signatures`);
  expect(res.status, res.text).toBe(200);
  return res.body;
}

/** A signature through the API, expected to be accepted (200). */
export async function signByApi(userId: string, programId: string, office?: SignerOffice): Promise<SignAnswer> {
  const res = await as<SignAnswer>(userId, 'POST', `/v1/programs/${programId}/signatures`, { json: office ? { office } : {} });
  expect(res.status, `${userId} signs ${office ?? ''}: ${res.text}`).toBe(200);
  return res.body;
}

/** Every missing office signed through the API by its own official, whatever the policy asks: the commitment is complete. */
export async function signAllByApi(programId: string): Promise<SignAnswer> {
  const { missing } = await signatures(programId);
  expect(missing.length).toBeGreaterThan(0);
  let last: SignAnswer | undefined;
  for (const m of missing) {
    const own = m.signers.find((s) => s.capacity === 'self') ?? m.signers[0];
    expect(own, `someone may sign office ${m.office}`).toBeDefined();
    last = await signByApi(own!.signer.userId, programId, m.office);
  }
  expect(last!.result.complete).toBe(true);
  expect(last!.result.commitmentHash).toMatch(/^[a-f0-9]{64}$/);
  return last!;
}

export interface DelegationBody {
  officialId: string;
  delegateId: string;
  kind: 'plt' | 'plh';
  from: string;
  until: string;
  basis: string;
  exclusive?: boolean;
}

/** The secretariat records an acting official (201). */
export async function recordDelegation(body: DelegationBody, userId = 'sekretariat-1'): Promise<DelegationView> {
  const res = await as<DelegationView>(userId, 'POST', '/v1/delegations', { json: body });
  expect(res.status, res.text).toBe(201);
  expect(res.headers.get('location')).toBe(`/v1/delegations/${res.body.id}`);
  return res.body;
}

/** The secretariat revokes an acting official (200). */
export async function revokeDelegation(id: string, userId = 'sekretariat-1'): Promise<DelegationView> {
  const res = await as<DelegationView>(userId, 'DELETE', `/v1/delegations/${id}`);
  expect(res.status, res.text).toBe(200);
  return res.body;
}
