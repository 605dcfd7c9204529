/**
 * Commitment signing: the signatures of each signing occurrence, the signed commitment
 * (by its content hash, with a pointer from its programme), the acting-official
 * delegations (Plt./Plh.) and the signing policy.
 *
 * dynalite has no transactions, so every write is a single conditional item write that a
 * retried activity can repeat: a signature or a commitment is written once and a retry gets
 * the stored one back; a delegation is revoked once.
 */
import { createHash } from 'node:crypto';
import type { UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { canonicalJson } from '../domain/canonical-json.js';
import type { Assignee } from '../domain/program.js';
import {
  defaultSigningPolicy,
  signerOffices,
  type AnyCommitmentRecord,
  type CommitmentRecord,
  type Delegation,
  type DelegationChange,
  type DroppedSeat,
  type MasterplanCommitmentRecord,
  type MasterplanCommitmentRound,
  sameSeat,
  seatKey,
  type SignerSeat,
  type Signature,
  type SignerOffice,
  type SigningPolicy,
} from '../domain/signing.js';
import type { Dynamo } from './client.js';
import { dataOf, getItem, kindKeys, putOnce, putOnceOrStored, queryKind, queryPrefix, updateIf } from './items.js';
import { itemKeys, programChildPrefix } from './table.js';

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const masterplanRoundPrefix = 'COMMITMENT_ROUND#';
const masterplanSignaturePrefix = 'COMMITMENT_SIGNATURE#';

/** Item keys of this module, in the prefix style of store/table.ts. */
export const signingKeys = {
  signature: (programId: string, stageSeq: number, office: SignerOffice) => ({
    pk: itemKeys.program(programId).pk,
    sk: `${programChildPrefix.signature}${pad(stageSeq, 4)}#${office}`,
  }),
  commitment: (hash: string) => ({ pk: `COMMITMENT#${hash}`, sk: 'COMMITMENT' }),
  /** Under the programme: which commitment it has (holds the hash). */
  programCommitment: (programId: string) => ({ pk: itemKeys.program(programId).pk, sk: 'COMMITMENT' }),
  delegation: (id: string) => ({ pk: `DELEGATION#${id}`, sk: 'DELEGATION' }),
  signingPolicy: () => ({ pk: 'POLICY#signing', sk: 'POLICY' }),
  /** Under the masterplan: one item per signing round of its commitment, and one per seat signed in it. */
  masterplanRound: (masterplanId: string, round: number) => ({ pk: itemKeys.masterplan(masterplanId).pk, sk: `${masterplanRoundPrefix}${pad(round, 4)}` }),
  masterplanSignature: (masterplanId: string, round: number, seat: SignerSeat) => ({
    pk: itemKeys.masterplan(masterplanId).pk,
    sk: `${masterplanSignaturePrefix}${pad(round, 4)}#${seatKey(seat)}`,
  }),
} as const;

/** A signature as stored under its programme, with the signing occurrence it belongs to. */
export type StoredSignature = Signature & { stageSeq: number };

export const signatureOfItem = (item: Record<string, unknown>): StoredSignature => ({ ...(item['data'] as Signature), stageSeq: item['stageSeq'] as number });

/** By signing occurrence, then in the order they were given. */
export const bySigningOrder = (a: StoredSignature, b: StoredSignature) => a.stageSeq - b.stageSeq || (a.at < b.at ? -1 : a.at > b.at ? 1 : 0);

/** SHA-256 (hex) over the canonical JSON of what a commitment covers: the one definition of its hash. */
export function commitmentHashOf(content: AnyCommitmentRecord['content']): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/** SHA-256 over the canonical JSON of a commitment's hash and its signatures: the one definition of what covers the signatures. */
export function commitmentSignaturesHashOf(hash: string, signatures: readonly Signature[]): string {
  return createHash('sha256').update(canonicalJson({ hash, signatures })).digest('hex');
}

/** Whether a stored commitment is as recorded: its content, and its signatures where a hash covers them. */
export function commitmentVerified(c: AnyCommitmentRecord): { content: boolean; signatures: boolean | null } {
  return {
    content: commitmentHashOf(c.content) === c.hash,
    signatures: c.signaturesHash === undefined ? null : commitmentSignaturesHashOf(c.hash, c.signatures) === c.signaturesHash,
  };
}

/** A signing policy from reference data or the store: known offices, none twice, never empty. */
export function signingPolicyOf(raw: unknown): SigningPolicy {
  const offices = (value: unknown, field: string): SignerOffice[] => {
    if (!Array.isArray(value) || value.length === 0) throw new Error(`signing policy: ${field} must be a non-empty list of offices`);
    for (const o of value) {
      if (!(signerOffices as readonly unknown[]).includes(o)) throw new Error(`signing policy: ${field} names an unknown office ${JSON.stringify(o)}`);
    }
    if (new Set(value).size !== value.length) throw new Error(`signing policy: ${field} names an office twice`);
    return value as SignerOffice[];
  };
  if (!raw || typeof raw !== 'object') throw new Error('signing policy: not an object');
  const r = raw as Record<string, unknown>;
  return { default: offices(r['default'], 'default'), ...(r['quickWin'] === undefined ? {} : { quickWin: offices(r['quickWin'], 'quickWin') }) };
}

export class CommitmentConflictError extends Error {
  override name = 'CommitmentConflictError';
}

/** The signing policy changed since the change was made from it. */
export class SigningPolicyVersionError extends Error {
  override name = 'SigningPolicyVersionError';
}

/** One change of the signing policy: the version it produced, who, when, before and after. */
export interface SigningPolicyChange {
  version: number;
  at: string;
  by: { userId: string; name: string; via: 'api' | 'web' };
  before: SigningPolicy;
  after: SigningPolicy;
}

export function createSigningStore(db: Dynamo) {
  const getRaw = (key: { pk: string; sk: string }) => getItem(db, key, (item) => item);
  const getData = <T>(key: { pk: string; sk: string }) => getItem(db, key, dataOf<T>());

  /** A signed commitment by its hash: a programme's or the masterplan's. */
  async function getCommitment(hash: string): Promise<AnyCommitmentRecord | null> {
    return getData<AnyCommitmentRecord>(signingKeys.commitment(hash));
  }

  /** The record every commitment is stored as, checked against its hashes first. */
  function checkedHashes(c: AnyCommitmentRecord): void {
    const expected = commitmentHashOf(c.content);
    if (c.hash !== expected) throw new CommitmentConflictError(`commitment hash ${c.hash} is not the hash of its content (${expected})`);
    if (c.signaturesHash !== undefined && c.signaturesHash !== commitmentSignaturesHashOf(c.hash, c.signatures))
      throw new CommitmentConflictError(`commitment ${c.hash}: signaturesHash is not the hash of its signatures`);
  }

  /** The policy in force and the version a change must be made from (0: the default, or stored before versions were kept). */
  async function readSigningPolicy(): Promise<{ policy: SigningPolicy; version: number }> {
    const item = await getRaw(signingKeys.signingPolicy());
    if (!item) return { policy: defaultSigningPolicy, version: 0 };
    return { policy: signingPolicyOf(item['data']), version: typeof item['version'] === 'number' ? item['version'] : 0 };
  }

  async function getDelegation(id: string): Promise<Delegation | null> {
    return getData<Delegation>(signingKeys.delegation(id));
  }

  /**
   * Keeps a delegation's change as its audit event (`CHANGE#<type>` beside it, and by time in
   * the `delegation_change` kind): each type happens once to a delegation, so a retry finds it.
   */
  async function putDelegationChange(c: DelegationChange): Promise<void> {
    await putOnce(db, {
      pk: signingKeys.delegation(c.delegationId).pk,
      sk: `CHANGE#${c.type}`,
      ...kindKeys('delegation_change', `${c.at}#${c.delegationId}#${c.type}`),
      kind: 'delegation_change',
      data: c,
    });
  }

  /** One conditional change to a delegation's data; null when the condition does not hold. */
  async function updateDelegation(
    id: string,
    change: Pick<UpdateCommandInput, 'UpdateExpression' | 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'>,
  ): Promise<Delegation | null> {
    const out = await updateIf(db, {
      Key: signingKeys.delegation(id),
      ...change,
      ExpressionAttributeNames: { '#data': 'data', ...change.ExpressionAttributeNames },
      ReturnValues: 'ALL_NEW',
    });
    return (out?.Attributes?.['data'] as Delegation | undefined) ?? null;
  }

  return {
    /** Records a signature once per office and signing occurrence; a retry (or a second signer) gets the stored one back. */
    putSignature: (programId: string, stageSeq: number, s: Signature): Promise<Signature> =>
      putOnceOrStored(db, { ...signingKeys.signature(programId, stageSeq, s.office), kind: 'signature', programId, stageSeq, data: s }, dataOf<Signature>()),

    /** Every signature of a programme, by signing occurrence and then in the order they were given. */
    async listSignatures(programId: string): Promise<StoredSignature[]> {
      return (await queryPrefix(db, itemKeys.program(programId).pk, programChildPrefix.signature, signatureOfItem)).sort(bySigningOrder);
    },

    /**
     * Stores the signed commitment under its hash, then points its programme at it. Idempotent:
     * a retry returns the record stored first. The hash must be the hash of the content.
     */
    async putCommitment(c: CommitmentRecord): Promise<CommitmentRecord> {
      checkedHashes(c);
      if (c.content.programId !== c.programId)
        throw new CommitmentConflictError(`commitment content names programme ${c.content.programId}, record names ${c.programId}`);

      const stored = await putOnceOrStored(
        db,
        { ...signingKeys.commitment(c.hash), kind: 'commitment', programId: c.programId, data: c },
        dataOf<CommitmentRecord>(),
      );
      const pointer = signingKeys.programCommitment(c.programId);
      if (!(await putOnce(db, { ...pointer, kind: 'commitment_pointer', hash: c.hash }))) {
        const current = await getRaw(pointer);
        if (current && current['hash'] !== c.hash) {
          throw new CommitmentConflictError(`programme ${c.programId} already has commitment ${String(current['hash'])}; refusing to point it at ${c.hash}`);
        }
      }
      return stored;
    },

    /** Stores the masterplan's signed commitment under its hash, once; a retry returns the record stored first. */
    async putMasterplanCommitment(c: MasterplanCommitmentRecord): Promise<MasterplanCommitmentRecord> {
      checkedHashes(c);
      return putOnceOrStored(
        db,
        { ...signingKeys.commitment(c.hash), kind: 'commitment', masterplanId: c.masterplanId, data: c },
        dataOf<MasterplanCommitmentRecord>(),
      );
    },

    getCommitment,

    /** Records a round of the masterplan's commitment as opened; a retry gets the stored one back. */
    putMasterplanRound: (r: MasterplanCommitmentRound): Promise<MasterplanCommitmentRound> =>
      putOnceOrStored(db, { ...signingKeys.masterplanRound(r.masterplanId, r.round), kind: 'masterplan_round', data: r }, dataOf<MasterplanCommitmentRound>()),

    getMasterplanRound: (masterplanId: string, round: number) => getData<MasterplanCommitmentRound>(signingKeys.masterplanRound(masterplanId, round)),

    /** The newest round of the masterplan's commitment; null before the first. */
    async latestMasterplanRound(masterplanId: string): Promise<MasterplanCommitmentRound | null> {
      const rounds = await queryPrefix(db, itemKeys.masterplan(masterplanId).pk, masterplanRoundPrefix, dataOf<MasterplanCommitmentRound>());
      return rounds.at(-1) ?? null;
    },

    /** Marks a round complete under its commitment's hash, once; a retry with the same hash finds it so. */
    async completeMasterplanRound(masterplanId: string, round: number, hash: string, at: string): Promise<void> {
      const done = await updateIf(db, {
        Key: signingKeys.masterplanRound(masterplanId, round),
        UpdateExpression: 'SET #data.#hash = :hash, #data.#at = :at',
        ConditionExpression: 'attribute_exists(pk) AND (#data.#hash = :null OR #data.#hash = :hash)',
        ExpressionAttributeNames: { '#data': 'data', '#hash': 'commitmentHash', '#at': 'completedAt' },
        ExpressionAttributeValues: { ':hash': hash, ':at': at, ':null': null },
      });
      if (!done) throw new CommitmentConflictError(`masterplan ${masterplanId} round ${round} is missing or already has another commitment`);
    },

    /**
     * Takes seats out of an open round (an OPD merged meanwhile), once each: a retry finds them
     * gone and adds nothing. Answers with the round as stored after.
     */
    async dropMasterplanSeats(masterplanId: string, round: number, dropped: readonly DroppedSeat[]): Promise<MasterplanCommitmentRound | null> {
      const current = await getData<MasterplanCommitmentRound>(signingKeys.masterplanRound(masterplanId, round));
      if (!current || current.commitmentHash !== null) return current;
      const fresh = dropped.filter((d) => current.seats.some((s) => sameSeat(s, d.seat)));
      if (fresh.length === 0) return current;
      const next: MasterplanCommitmentRound = {
        ...current,
        seats: current.seats.filter((s) => !fresh.some((d) => sameSeat(s, d.seat))),
        droppedSeats: [...(current.droppedSeats ?? []), ...fresh],
      };
      const done = await updateIf(db, {
        Key: signingKeys.masterplanRound(masterplanId, round),
        UpdateExpression: 'SET #data.#seats = :seats, #data.#dropped = :dropped',
        ConditionExpression: 'attribute_exists(pk) AND #data.#hash = :null',
        ExpressionAttributeNames: { '#data': 'data', '#seats': 'seats', '#dropped': 'droppedSeats', '#hash': 'commitmentHash' },
        ExpressionAttributeValues: { ':seats': next.seats, ':dropped': next.droppedSeats, ':null': null },
      });
      return done ? next : getData<MasterplanCommitmentRound>(signingKeys.masterplanRound(masterplanId, round));
    },

    /** Records a seat's signature in a round once; a retry (or a second signer of the seat) gets the stored one back. */
    putMasterplanSignature: (masterplanId: string, round: number, s: Signature): Promise<Signature> =>
      putOnceOrStored(db, { ...signingKeys.masterplanSignature(masterplanId, round, s), kind: 'masterplan_signature', data: s }, dataOf<Signature>()),

    /** The signatures of one round, in the order they were given. */
    async listMasterplanSignatures(masterplanId: string, round: number): Promise<Signature[]> {
      const all = await queryPrefix(db, itemKeys.masterplan(masterplanId).pk, `${masterplanSignaturePrefix}${pad(round, 4)}#`, dataOf<Signature>());
      return all.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    },

    async getCommitmentOfProgram(programId: string): Promise<CommitmentRecord | null> {
      const pointer = await getRaw(signingKeys.programCommitment(programId));
      const hash = pointer?.['hash'];
      return typeof hash === 'string' ? ((await getCommitment(hash)) as CommitmentRecord | null) : null;
    },

    /**
     * Stores a new delegation and its creation, by whoever recorded it, as an audit event; a
     * retry with the same id returns the one stored first.
     */
    async putDelegation(d: Delegation): Promise<Delegation> {
      const item = {
        ...signingKeys.delegation(d.id),
        ...kindKeys('delegation', `${d.from}#${d.id}`),
        kind: 'delegation',
        data: d,
      };
      const stored = await putOnceOrStored(db, item, dataOf<Delegation>());
      if (stored.createdBy)
        await putDelegationChange({ delegationId: d.id, type: 'created', at: stored.createdAt, by: stored.createdBy, before: null, after: stored });
      return stored;
    },

    /** Every change of every delegation (creation, exclusivity confirmed, revocation), oldest first. */
    listDelegationChanges: (): Promise<DelegationChange[]> => queryKind(db, 'delegation_change', dataOf<DelegationChange>()),

    getDelegation,

    /** Every delegation, revoked ones included, by start date. */
    listDelegations: (): Promise<Delegation[]> => queryKind(db, 'delegation', dataOf<Delegation>()),

    /** Revokes a delegation once, naming who did; null when there is no such delegation or it was revoked already. */
    async revokeDelegation(id: string, at: string, by: Assignee): Promise<Delegation | null> {
      const after = await updateDelegation(id, {
        UpdateExpression: 'SET #data.#revokedAt = :at, #data.#revokedBy = :by',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(#data.#revokedAt) OR #data.#revokedAt = :null)',
        ExpressionAttributeNames: { '#revokedAt': 'revokedAt', '#revokedBy': 'revokedBy' },
        ExpressionAttributeValues: { ':at': at, ':by': by, ':null': null },
      });
      // The condition says what it was before: not revoked.
      if (after) await putDelegationChange({ delegationId: id, type: 'revoked', at, by, before: { ...after, revokedAt: null, revokedBy: null }, after });
      return after;
    },

    /**
     * Makes a delegation that asked to be exclusive so, naming who confirmed; null when it did
     * not ask, is exclusive already, or was revoked. The caller checks the confirmer is a second person.
     */
    async confirmExclusive(id: string, at: string, by: Assignee): Promise<Delegation | null> {
      const after = await updateDelegation(id, {
        UpdateExpression: 'SET #data.#exclusive = :true, #data.#confirmedAt = :at, #data.#confirmedBy = :by',
        ConditionExpression: 'attribute_exists(pk) AND #data.#requested = :true AND #data.#exclusive = :false AND #data.#revokedAt = :null',
        ExpressionAttributeNames: {
          '#exclusive': 'exclusive',
          '#confirmedAt': 'exclusiveConfirmedAt',
          '#confirmedBy': 'exclusiveConfirmedBy',
          '#requested': 'exclusiveRequested',
          '#revokedAt': 'revokedAt',
        },
        ExpressionAttributeValues: { ':true': true, ':false': false, ':at': at, ':by': by, ':null': null },
      });
      // The condition says what it was before: asked to be exclusive, not yet confirmed.
      const before = after && { ...after, exclusive: false, exclusiveConfirmedAt: null, exclusiveConfirmedBy: null };
      if (after && before) await putDelegationChange({ delegationId: id, type: 'exclusive_confirmed', at, by, before, after });
      return after;
    },

    /** The offices that must sign, per kind of programme; the built-in default until one is stored. */
    async getSigningPolicy(): Promise<SigningPolicy> {
      return (await readSigningPolicy()).policy;
    },

    readSigningPolicy,

    /** Writes the policy of the reference data unless one is stored: what the secretariat changed stays. */
    seedSigningPolicy: (p: SigningPolicy): Promise<boolean> =>
      putOnce(db, { ...signingKeys.signingPolicy(), kind: 'policy', data: signingPolicyOf(p), version: 0 }),

    /**
     * Replaces the policy read at `version` and keeps the change (who, when, before, after) under
     * `CHANGE#<version>`; SigningPolicyVersionError when it changed meanwhile.
     */
    async updateSigningPolicy(
      before: SigningPolicy,
      version: number,
      policy: SigningPolicy,
      by: SigningPolicyChange['by'],
      now: Date,
    ): Promise<SigningPolicyChange> {
      const after = signingPolicyOf(policy);
      const done = await updateIf(db, {
        Key: signingKeys.signingPolicy(),
        UpdateExpression: 'SET #data = :after, #version = :next, #kind = :kind',
        // A policy stored before versions were kept, or none at all (the default), is version 0.
        ConditionExpression: version === 0 ? 'attribute_not_exists(pk) OR attribute_not_exists(#version) OR #version = :v' : '#version = :v',
        ExpressionAttributeNames: { '#data': 'data', '#version': 'version', '#kind': 'kind' },
        ExpressionAttributeValues: { ':after': after, ':next': version + 1, ':v': version, ':kind': 'policy' },
      });
      if (!done) throw new SigningPolicyVersionError('the signing policy changed meanwhile');
      const change: SigningPolicyChange = { version: version + 1, at: now.toISOString(), by, before, after };
      await putOnce(db, { pk: signingKeys.signingPolicy().pk, sk: `CHANGE#${pad(change.version, 6)}`, kind: 'policy_change', data: change });
      return change;
    },

    /** Every change of the signing policy, oldest first. */
    signingPolicyChanges: () => queryPrefix(db, signingKeys.signingPolicy().pk, 'CHANGE#', dataOf<SigningPolicyChange>()),
  };
}

export type SigningStore = ReturnType<typeof createSigningStore>;
