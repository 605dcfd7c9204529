/**
 * Emailed action links. Only the SHA-256 hash of a token is stored. A token is bound to one
 * programme, one stage occurrence, one person and the decisions allowed there; it is used
 * once, through a claim (conditional write) that a crashed request releases by expiring.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Assignee } from '../domain/program.js';
import type { LinkPurpose } from '../domain/links.js';
import type { Stage } from '../domain/stages.js';
import type { Dynamo } from './client.js';
import { putOnce, updateIf } from './items.js';
import { itemKeys, ttlAttribute } from './table.js';

export interface LinkToken {
  tokenHash: string;
  programId: string;
  stageSeq: number;
  stage: Stage;
  /** The person the link was sent to. */
  assignee: Assignee;
  purpose: LinkPurpose;
  issuedAt: string;
  expiresAt: string;
  claimedUntil?: string;
  usedAt?: string;
  /** What the link was used for ('approve', 'sign', 'report', ...). */
  usedFor?: string;
  revokedAt?: string;
}

export type ClaimResult = 'claimed' | 'busy' | 'used' | 'revoked' | 'expired' | 'unknown';

/** How long a claim holds before another request may try again (a crashed request's claim lapses). */
const CLAIM_MS = 30_000;

export function createLinkTokenStore(db: Dynamo) {
  const TableName = db.tableName;
  return {
    /** Idempotent: issuing the same token twice keeps the first record. */
    async issue(token: LinkToken): Promise<void> {
      await putOnce(db, {
        ...itemKeys.linkToken(token.tokenHash),
        kind: 'link_token',
        ...token,
        [ttlAttribute]: Math.floor(Date.parse(token.expiresAt) / 1000) + 90 * 86400,
      });
    },

    async get(tokenHash: string): Promise<LinkToken | null> {
      const out = await db.doc.send(new GetCommand({ TableName, Key: itemKeys.linkToken(tokenHash), ConsistentRead: true }));
      if (!out.Item) return null;
      const { pk: _pk, sk: _sk, kind: _kind, [ttlAttribute]: _ttl, ...token } = out.Item;
      return token as LinkToken;
    },

    /** Takes the token for one request: exactly one of many concurrent callers gets 'claimed'. */
    async claim(tokenHash: string, now: Date): Promise<ClaimResult> {
      const nowIso = now.toISOString();
      const claimed = await updateIf(db, {
        Key: itemKeys.linkToken(tokenHash),
        UpdateExpression: 'SET claimedUntil = :until',
        ConditionExpression:
          'attribute_exists(pk) AND attribute_not_exists(usedAt) AND attribute_not_exists(revokedAt) AND expiresAt > :now AND (attribute_not_exists(claimedUntil) OR claimedUntil < :now)',
        ExpressionAttributeValues: { ':now': nowIso, ':until': new Date(now.getTime() + CLAIM_MS).toISOString() },
      });
      if (claimed) return 'claimed';
      const token = await this.get(tokenHash);
      if (!token) return 'unknown';
      if (token.usedAt) return 'used';
      if (token.revokedAt) return 'revoked';
      if (token.expiresAt <= nowIso) return 'expired';
      return 'busy';
    },

    /** Marks a claimed token used; the decision it carried is kept for the "already done" page. */
    async markUsed(tokenHash: string, usedFor: string, now: Date): Promise<void> {
      await db.doc.send(
        new UpdateCommand({
          TableName,
          Key: itemKeys.linkToken(tokenHash),
          UpdateExpression: 'SET usedAt = :now, usedFor = :decision REMOVE claimedUntil',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedAt)',
          ExpressionAttributeValues: { ':now': now.toISOString(), ':decision': usedFor },
        }),
      );
    },

    /** Gives a claim back when the action did not happen, so the person can try again. */
    async release(tokenHash: string): Promise<void> {
      await db.doc.send(
        new UpdateCommand({
          TableName,
          Key: itemKeys.linkToken(tokenHash),
          UpdateExpression: 'REMOVE claimedUntil',
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
    },

    /** Revokes an unused token (its stage ended); a used or missing one is left as it is. */
    async revoke(tokenHash: string, now: Date): Promise<void> {
      await updateIf(db, {
        Key: itemKeys.linkToken(tokenHash),
        UpdateExpression: 'SET revokedAt = :now',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedAt) AND attribute_not_exists(revokedAt)',
        ExpressionAttributeValues: { ':now': now.toISOString() },
      });
    },
  };
}

export type LinkTokenStore = ReturnType<typeof createLinkTokenStore>;
