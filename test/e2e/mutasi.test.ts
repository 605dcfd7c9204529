/**
 * A mutasi in the middle of signing (docs/product.md §10): the head of an OPD moves to another
 * OPD while a programme of the old OPD waits for their signature, and a new head is added.
 * The programme's workflow hears of the roster change, the new head gets the signing link, and
 * the old head's link stops working. Nothing already signed is touched.
 */
import { describe, expect, it } from 'vitest';
import { as, openLink, type Json } from '../support/api.js';
import { linkIn, waitForMail } from '../support/mailbox.js';
import { uniqueTitle } from '../support/proposal.js';
import { firstSigningSeq, signatures, toSigning } from '../support/signing.js';
import { eventually } from '../support/wait.js';

interface Created {
  id: string;
  email: string;
}

async function createHead(nip: string, name: string, opdId: string): Promise<Created> {
  const res = await as<Created>('sekretariat-1', 'POST', '/v1/people', {
    json: { nip, name, title: 'Kepala Pelaksana BPBD', email: `${nip}@solselkab.example`, opdId, roles: ['opd_head'] } satisfies Json,
  });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

const signRequest = (programId: string, who: Created, rerouted: boolean) =>
  waitForMail({
    to: who.email,
    messageId: new RegExp(`alur\\.${programId}\\.${firstSigningSeq}\\.signing\\.${rerouted ? 'reroute-\\d+\\.' : ''}opd_head\\.${who.id}@`),
  });

describe('a mutasi while a programme waits for signatures', () => {
  it("routes the OPD head's signature to the new head, and the moved head's link stops working", async () => {
    const oldHead = await createHead('197511022000051001', 'Drs. Syamsul Bahri', 'bpbd');
    const { id } = await toSigning(oldHead.id, { opdId: 'bpbd', title: uniqueTitle('Sistem peringatan dini banjir') });
    const oldLink = linkIn(await signRequest(id, oldHead, false));

    const moved = await as('sekretariat-1', 'PATCH', `/v1/people/${oldHead.id}`, { json: { opdId: 'bpkd' } });
    expect(moved.status, moved.text).toBe(200);
    const newHead = await createHead('198002142005011002', 'Ir. Hendri Yusman', 'bpbd');

    await eventually('the OPD head office routed to the new head', async () => {
      const signers = (await signatures(id)).missing.find((m) => m.office === 'opd_head')?.signers.map((s) => s.signer.userId);
      return signers?.length === 1 && signers[0] === newHead.id ? true : undefined;
    });
    const newLink = linkIn(await signRequest(id, newHead, true));
    expect((await openLink(newLink, { json: true })).status).toBe(200);
    expect((await openLink(oldLink, { json: true })).status).toBe(410);
  });
});
