/**
 * The workflow does not take a request's word for who is acting: the activity that records an
 * action reads the person, their roles and the delegations from the store at that moment.
 * Proven against the real stack: an Update sent straight to Temporal with a made-up role, and a
 * delegation revoked without the re-route that should have followed it.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as } from '../support/api.js';
import { addDays, wibToday } from '../support/dates.js';
import { events, expectProblem, program, propose } from '../support/flow.js';
import { recordDelegation, signByApi, signatures, signRequestMail, toSigning, firstSigningSeq } from '../support/signing.js';
import { stack } from '../support/stack.js';
import { openStore } from '../support/store.js';
import { decide, refusalTypes, workflowIdOf } from '../../workflows/messages.js';
import type { Store } from '../../store/index.js';

let connection: Connection;
let client: Client;
let store: Store;
beforeAll(async () => {
  connection = await Connection.connect({ address: stack().temporalAddress });
  client = new Client({ connection });
  store = openStore();
});
afterAll(async () => {
  await connection?.close();
  store?.close();
});

describe('who is acting, as the roster says', () => {
  it('refuses a decision whose request claims a role the person does not hold, and the programme goes on', async () => {
    const { id } = await propose('kepala-bappeda', { opdId: 'bappeda' });
    // Dewi is Diskominfo staff, not a reviewer; the request says she is one.
    const forged = { userId: 'staf-kominfo', name: 'Dewi Kartika, A.Md.', title: 'Peninjau', roles: ['diskominfo_reviewer' as const], opdId: 'diskominfo' };
    const failure = await client.workflow
      .getHandle(workflowIdOf(id))
      .executeUpdate(decide, { args: [{ requestId: randomUUID(), actor: forged, channel: 'api', stageSeq: 1, decision: 'approve', comment: '' }] })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(failure).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (failure as WorkflowUpdateFailedError).cause;
    expect(cause instanceof ApplicationFailure ? cause.type : cause).toBe(refusalTypes.notAllowed);

    expect(await program(id)).toMatchObject({ stage: 'diskominfo_review', stageSeq: 1 });
    expect((await events(id)).filter((e) => e.type === 'decided')).toEqual([]);
    const approved = await as('reviewer-kominfo-1', 'POST', `/v1/programs/${id}/decisions`, { json: { decision: 'approve', comment: '' } });
    expect(approved.status, approved.text).toBe(200);
    expect((await events(id)).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });

  it('refuses the signature of an acting official whose delegation was revoked, even when no re-route followed', async () => {
    const { id } = await toSigning('kadis-kesehatan');
    const today = wibToday();
    const plh = await recordDelegation({
      officialId: 'sekda',
      delegateId: 'kepala-bappeda',
      kind: 'plh',
      from: today,
      until: addDays(today, 7),
      basis: 'SK Bupati Solok Selatan No. 800/131/2026',
    });
    await signRequestMail(id, firstSigningSeq, 'sekda', 'kepala-bappeda', { rerouted: true });

    // Revoked in the store only: the signal that would re-route the programme never comes.
    await store.signing.revokeDelegation(plh.id, new Date().toISOString(), {
      userId: 'sekretariat-1',
      name: 'Nurhayati, S.Sos.',
      title: 'Kepala Bagian Perencanaan dan Keuangan Setda',
    });
    expectProblem(await as('kepala-bappeda', 'POST', `/v1/programs/${id}/signatures`, { json: { office: 'sekda' } }), 403);

    expect((await signatures(id)).signatures).toEqual([]);
    const own = await signByApi('sekda', id, 'sekda');
    expect(own.result).toMatchObject({ signature: { office: 'sekda', capacity: 'self', signedBy: { userId: 'sekda' } } });
  });
});
