/**
 * The signing store against a real dynalite, started in-process (no other server needed):
 * conditional, idempotent writes are behaviour of the database, not something to mock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite, type Dynalite } from '../../dev/dynalite.js';
import type { Assignee } from '../../domain/program.js';
import { defaultSigningPolicy, type CommitmentRecord, type Delegation, type Signature, type SigningPolicy } from '../../domain/signing.js';
import { connectDynamo, ensureTable, type Dynamo } from '../../store/client.js';
import {
  CommitmentConflictError,
  SigningPolicyVersionError,
  commitmentHashOf,
  createSigningStore,
  signingPolicyOf,
  type SigningStore,
} from '../../store/signing.js';

let dynalite: Dynalite;
let db: Dynamo;
let store: SigningStore;

beforeAll(async () => {
  dynalite = await startDynalite({ port: 0 });
  db = connectDynamo({ endpoint: dynalite.endpoint, region: 'ap-southeast-3', tableName: 'alur-signing-test' });
  await ensureTable(db);
  store = createSigningStore(db);
});

afterAll(async () => {
  db?.client.destroy();
  await dynalite?.stop();
});

const bupati: Assignee = { userId: 'bupati', name: 'H. Rahmat Hidayat', title: 'Bupati Solok Selatan' };
const wabup: Assignee = { userId: 'wabup', name: 'Yulia Sartika, S.E.', title: 'Wakil Bupati Solok Selatan' };
const sekda: Assignee = { userId: 'sekda', name: 'Dr. Syafrizal', title: 'Sekretaris Daerah' };
const asisten: Assignee = { userId: 'asisten-1', name: 'Ir. Yuliandri', title: 'Asisten Pemerintahan' };

const signature = (over: Partial<Signature>): Signature => ({
  office: 'bupati',
  official: bupati,
  signedBy: bupati,
  capacity: 'self',
  basis: null,
  at: '2026-12-08T02:00:00.000Z',
  channel: 'link',
  ...over,
});

describe('signatures', () => {
  it('keep the first write per office and signing occurrence; a second write gets the first back', async () => {
    const first = signature({});
    const second = signature({ at: '2026-12-08T05:00:00.000Z', channel: 'api' });
    expect(await store.putSignature('prg-sig-1', 4, first)).toEqual(first);
    expect(await store.putSignature('prg-sig-1', 4, second)).toEqual(first);
    expect(await store.putSignature('prg-sig-1', 4, first)).toEqual(first);
    expect(await store.listSignatures('prg-sig-1')).toEqual([{ ...first, stageSeq: 4 }]);
  });

  it('list a programme’s signatures by occurrence and time, and nobody else’s', async () => {
    const plh = signature({ office: 'sekda', official: sekda, signedBy: asisten, capacity: 'plh', basis: 'SK 800/1/2026', at: '2026-12-08T01:00:00.000Z' });
    const vice = signature({ office: 'wakil_bupati', official: wabup, signedBy: wabup, at: '2026-12-09T01:00:00.000Z' });
    const older = signature({ office: 'bupati', at: '2026-11-01T01:00:00.000Z' });
    await store.putSignature('prg-sig-2', 7, vice);
    await store.putSignature('prg-sig-2', 7, plh);
    await store.putSignature('prg-sig-2', 3, older);
    await store.putSignature('prg-sig-3', 7, signature({}));
    const listed = await store.listSignatures('prg-sig-2');
    expect(listed.map((s) => [s.stageSeq, s.office])).toEqual([
      [3, 'bupati'],
      [7, 'sekda'],
      [7, 'wakil_bupati'],
    ]);
    expect(listed[1]).toEqual({ ...plh, stageSeq: 7 });
    expect(await store.listSignatures('prg-none')).toEqual([]);
  });
});

describe('commitments', () => {
  const content = {
    programId: 'prg-com-1',
    proposalVersion: 2,
    proposal: { title: 'Antrean Puskesmas', budgetIdr: 1_250_000_000, kpis: [{ name: 'puskesmas', unit: 'unit', target: 4 }] },
  };
  const record: CommitmentRecord = {
    hash: commitmentHashOf(content),
    programId: 'prg-com-1',
    content,
    signatures: [signature({}), signature({ office: 'sekda', official: sekda, signedBy: asisten, capacity: 'plh', basis: 'SK 800/1/2026' })],
    completedAt: '2026-12-09T01:00:00.000Z',
    tte: null,
  };

  it('hash the canonical form: key order does not matter', () => {
    const reordered = {
      proposal: { kpis: content.proposal.kpis, budgetIdr: content.proposal.budgetIdr, title: content.proposal.title },
      proposalVersion: 2,
      programId: 'prg-com-1',
    };
    expect(commitmentHashOf(reordered)).toBe(record.hash);
    expect(commitmentHashOf({ ...content, proposalVersion: 3 })).not.toBe(record.hash);
  });

  it('are stored once by hash and found by hash and by programme; a retry gets the first record', async () => {
    expect(await store.putCommitment(record)).toEqual(record);
    const retry = { ...record, completedAt: '2026-12-09T09:00:00.000Z' };
    expect(await store.putCommitment(retry)).toEqual(record);
    expect(await store.getCommitment(record.hash)).toEqual(record);
    expect(await store.getCommitmentOfProgram('prg-com-1')).toEqual(record);
    expect(await store.getCommitment('0'.repeat(64))).toBeNull();
    expect(await store.getCommitmentOfProgram('prg-com-none')).toBeNull();
  });

  it('refuse a record whose hash is not the hash of its content, and a second commitment for a programme', async () => {
    await expect(store.putCommitment({ ...record, hash: 'f'.repeat(64) })).rejects.toThrow(CommitmentConflictError);
    const other = { ...content, proposalVersion: 9 };
    await expect(store.putCommitment({ ...record, content: other, hash: commitmentHashOf(other) })).rejects.toThrow(/already has commitment/);
    expect(await store.getCommitmentOfProgram('prg-com-1')).toEqual(record);
  });
});

describe('delegations', () => {
  const delegation = (over: Partial<Delegation>): Delegation => ({
    id: 'd'.repeat(32),
    officialId: 'sekda',
    delegateId: 'asisten-1',
    kind: 'plh',
    from: '2026-12-07',
    until: '2026-12-11',
    basis: 'SK Bupati Nomor 800/123/BKPSDM-2026',
    exclusive: false,
    createdAt: '2026-12-01T02:00:00.000Z',
    revokedAt: null,
    ...over,
  });

  const secretariat = { userId: 'sekretariat-1', name: 'Nurhayati', title: 'Kepala Bagian' };

  it('are stored once, listed by start date, and revoked exactly once', async () => {
    const later = delegation({
      id: 'b'.repeat(32),
      officialId: 'bupati',
      delegateId: 'wabup',
      kind: 'plt',
      from: '2027-01-04',
      until: '2027-03-31',
      exclusive: true,
    });
    const first = delegation({});
    expect(await store.putDelegation(later)).toEqual(later);
    expect(await store.putDelegation(first)).toEqual(first);
    expect(await store.putDelegation({ ...first, basis: 'changed' })).toEqual(first);
    expect(await store.getDelegation(first.id)).toEqual(first);
    expect(await store.getDelegation('0'.repeat(32))).toBeNull();
    expect((await store.listDelegations()).map((d) => d.id)).toEqual([first.id, later.id]);

    const revoked = await store.revokeDelegation(first.id, '2026-12-08T03:00:00.000Z', secretariat);
    expect(revoked).toEqual({ ...first, revokedAt: '2026-12-08T03:00:00.000Z', revokedBy: secretariat });
    expect(await store.revokeDelegation(first.id, '2026-12-08T04:00:00.000Z', secretariat)).toBeNull();
    expect((await store.getDelegation(first.id))?.revokedAt).toBe('2026-12-08T03:00:00.000Z');
    expect(await store.revokeDelegation('0'.repeat(32), '2026-12-08T04:00:00.000Z', secretariat)).toBeNull();
    expect((await store.listDelegations()).find((d) => d.id === first.id)?.revokedAt).toBe('2026-12-08T03:00:00.000Z');
  });

  it('an exclusive one becomes exclusive once, when it asked to be and is not revoked, naming who confirmed', async () => {
    const asked = delegation({ id: 'c'.repeat(32), exclusiveRequested: true });
    const plain = delegation({ id: 'd'.repeat(32) });
    await store.putDelegation(asked);
    await store.putDelegation(plain);

    const confirmed = await store.confirmExclusive(asked.id, '2026-12-02T01:00:00.000Z', secretariat);

    expect(confirmed).toEqual({ ...asked, exclusive: true, exclusiveConfirmedAt: '2026-12-02T01:00:00.000Z', exclusiveConfirmedBy: secretariat });
    expect(await store.confirmExclusive(asked.id, '2026-12-02T02:00:00.000Z', secretariat)).toBeNull();
    expect(await store.confirmExclusive(plain.id, '2026-12-02T02:00:00.000Z', secretariat)).toBeNull();
  });

  it('keep each recording, confirmation and revocation once as an attributed event with the delegation before and after', async () => {
    const sekda = { userId: 'sekda', name: 'Sekda', title: 'Sekretaris Daerah' };
    const d = delegation({
      id: 'e'.repeat(32),
      exclusiveRequested: true,
      exclusiveConfirmedAt: null,
      exclusiveConfirmedBy: null,
      createdBy: secretariat,
      revokedBy: null,
    });
    await store.putDelegation(d);
    await store.putDelegation(d); // a retry
    const confirmed = await store.confirmExclusive(d.id, '2026-12-02T01:00:00.000Z', sekda);
    await store.confirmExclusive(d.id, '2026-12-02T02:00:00.000Z', secretariat); // refused: confirmed already
    const revoked = await store.revokeDelegation(d.id, '2026-12-03T01:00:00.000Z', secretariat);

    const changes = (await store.listDelegationChanges()).filter((c) => c.delegationId === d.id);
    expect(changes).toEqual([
      { delegationId: d.id, type: 'created', at: d.createdAt, by: secretariat, before: null, after: d },
      { delegationId: d.id, type: 'exclusive_confirmed', at: '2026-12-02T01:00:00.000Z', by: sekda, before: d, after: confirmed },
      { delegationId: d.id, type: 'revoked', at: '2026-12-03T01:00:00.000Z', by: secretariat, before: confirmed, after: revoked },
    ]);
  });
});

describe('signing policy', () => {
  const secretariat = { userId: 'sekretariat-1', name: 'Nurhayati', via: 'api' as const };

  it('is the default until one is stored, then the stored one', async () => {
    expect(await store.readSigningPolicy()).toEqual({ policy: defaultSigningPolicy, version: 0 });
    const policy: SigningPolicy = { default: ['bupati', 'sekda', 'opd_head'], quickWin: ['bupati', 'wakil_bupati', 'sekda', 'opd_head', 'diskominfo_head'] };

    await store.updateSigningPolicy(defaultSigningPolicy, 0, policy, secretariat, new Date('2026-12-03T03:00:00Z'));

    expect(await store.readSigningPolicy()).toEqual({ policy, version: 1 });
  });

  it('keeps every change with who, when, before and after', async () => {
    const changes = await store.signingPolicyChanges();

    expect(changes.map((c) => ({ version: c.version, by: c.by.name, before: c.before.default.length, after: c.after.default.length }))).toEqual([
      { version: 1, by: 'Nurhayati', before: 4, after: 3 },
    ]);
  });

  it('refuses a change made from a version read before another change', async () => {
    const { policy, version } = await store.readSigningPolicy();

    await expect(store.updateSigningPolicy(policy, version - 1, { default: ['bupati'] }, secretariat, new Date())).rejects.toBeInstanceOf(
      SigningPolicyVersionError,
    );
    expect((await store.readSigningPolicy()).policy).toEqual(policy);
  });

  it('is seeded only when none is stored', async () => {
    const stored = await store.readSigningPolicy();

    expect(await store.seedSigningPolicy(defaultSigningPolicy)).toBe(false);
    expect(await store.readSigningPolicy()).toEqual(stored);
  });

  it('refuses unknown offices, duplicates and an empty list', () => {
    expect(() => signingPolicyOf({ default: ['bupati', 'camat'] })).toThrow(/unknown office "camat"/);
    expect(() => signingPolicyOf({ default: ['bupati', 'bupati'] })).toThrow(/twice/);
    expect(() => signingPolicyOf({ default: [] })).toThrow(/non-empty/);
    expect(signingPolicyOf({ default: ['sekda'], note: 'ignored' })).toEqual({ default: ['sekda'] });
  });
});
