/**
 * What the public verification of a commitment covers: the approved content (the hash each
 * signer saw), and every signature shown, through a second hash over the content's hash and
 * the signatures. A signature changed in the table afterwards is no longer "verified".
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { CommitmentRecord } from '../../domain/signing.js';
import { commitmentSignaturesHashOf, signingKeys } from '../../store/signing.js';
import { call } from '../support/api.js';
import { signAllByApi, toSigning } from '../support/signing.js';
import { stack } from '../support/stack.js';
import { openDocClient } from '../support/store.js';

interface Verification {
  verified: boolean;
  signaturesCovered: boolean;
  signaturesHash: string | null;
  signatures: CommitmentRecord['signatures'];
}

describe('a commitment as verified in public', () => {
  it('covers the signatures it shows, and stops verifying when one is changed in the table', async () => {
    const { id } = await toSigning('kadis-kesehatan');
    const hash = (await signAllByApi(id)).result.commitmentHash!;
    const shown = await call<Verification>('GET', `/v1/commitments/${hash}`);
    expect(shown.body).toMatchObject({ verified: true, signaturesCovered: true });

    const { doc, close } = openDocClient();
    try {
      const key = signingKeys.commitment(hash);
      const item = (await doc.send(new GetCommand({ TableName: stack().tableName, Key: key }))).Item!;
      const data = item['data'] as CommitmentRecord;
      expect(shown.body.signaturesHash).toBe(commitmentSignaturesHashOf(hash, data.signatures));
      expect(shown.body.signatures.map((s) => s.office)).toEqual(data.signatures.map((s) => s.office));
      const forged = { ...data, signatures: data.signatures.map((s, i) => (i === 0 ? { ...s, signedBy: { ...s.signedBy, name: 'Orang Lain' } } : s)) };
      await doc.send(new PutCommand({ TableName: stack().tableName, Item: { ...item, data: forged } }));
    } finally {
      close();
    }
    expect((await call<Verification>('GET', `/v1/commitments/${hash}`)).body).toMatchObject({ verified: false, signaturesCovered: false });
  });
});
