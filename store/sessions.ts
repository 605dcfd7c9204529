/**
 * Web sessions and emailed sign-in links (docs/product.md §8). Both are kept on the server and
 * only as the SHA-256 hash of the secret the browser or the email holds, so a copy of the table
 * signs nobody in. Items carry the TTL attribute DynamoDB deletes them by; dynalite has no TTL,
 * so every read checks the expiry too.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SignInRequest } from '../domain/sign-in.js';
import { isConditionFailed, type Dynamo } from './client.js';
import { itemKeys, tableIndexes, ttlAttribute } from './table.js';

export interface Session {
  /** SHA-256 of the cookie's value. */
  idHash: string;
  personId: string;
  /** Sent back in every form of the session's pages; a POST without it is refused. */
  csrfToken: string;
  /** How the person signed in: 'link', 'oidc' or 'dev'. */
  method: string;
  createdAt: string;
  expiresAt: string;
}

export interface SignInLink {
  tokenHash: string;
  personId: string;
  /** Where the person wanted to go when sign-in began (a path of this application). */
  returnTo: string;
  expiresAt: string;
  /** Set when the link signed someone in; the item stays until it expires, so a retried email cannot issue it again. */
  usedAt?: string;
}

/** A sign-in begun at the OpenID provider: what the way back must match (kept under the hash of its `state`). */
export interface SsoAttempt {
  stateHash: string;
  codeVerifier: string;
  nonce: string;
  returnTo: string;
  expiresAt: string;
}

const kindIndex = tableIndexes.byKind;
const epochSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

export function createSessionStore(db: Dynamo) {
  const TableName = db.tableName;

  /**
   * Deletes an item under the condition that it has not expired, answering what it held: of
   * many concurrent requests exactly one gets it, the rest get null.
   */
  async function takeOnce<T>(Key: { pk: string; sk: string }, now: Date): Promise<T | null> {
    try {
      const out = await db.doc.send(
        new DeleteCommand({
          TableName,
          Key,
          ConditionExpression: 'attribute_exists(pk) AND #d.expiresAt > :now',
          ExpressionAttributeNames: { '#d': 'data' },
          ExpressionAttributeValues: { ':now': now.toISOString() },
          ReturnValues: 'ALL_OLD',
        }),
      );
      return (out.Attributes?.['data'] as T | undefined) ?? null;
    } catch (e) {
      if (isConditionFailed(e)) return null;
      throw e;
    }
  }

  return {
    async create(session: Session): Promise<void> {
      await db.doc.send(
        new PutCommand({
          TableName,
          Item: {
            ...itemKeys.session(session.idHash),
            // Listed by person, so that ending someone's access ends every session they have.
            [kindIndex.partitionKey]: 'KIND#session',
            [kindIndex.sortKey]: `${session.personId}#${session.idHash}`,
            kind: 'session',
            data: session,
            [ttlAttribute]: epochSeconds(session.expiresAt),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },

    /** The session, or null when there is none or it has expired. */
    async get(idHash: string, now: Date): Promise<Session | null> {
      const out = await db.doc.send(new GetCommand({ TableName, Key: itemKeys.session(idHash), ConsistentRead: true }));
      const session = out.Item?.['data'] as Session | undefined;
      return session && session.expiresAt > now.toISOString() ? session : null;
    },

    async delete(idHash: string): Promise<void> {
      await db.doc.send(new DeleteCommand({ TableName, Key: itemKeys.session(idHash) }));
    },

    /** Ends every session of one person (removed from the roster, made inactive). */
    async deleteAllOf(personId: string): Promise<number> {
      let ended = 0;
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const out = await db.doc.send(
          new QueryCommand({
            TableName,
            IndexName: 'byKind',
            KeyConditionExpression: '#k = :kind AND begins_with(#s, :person)',
            ExpressionAttributeNames: { '#k': kindIndex.partitionKey, '#s': kindIndex.sortKey },
            ExpressionAttributeValues: { ':kind': 'KIND#session', ':person': `${personId}#` },
            ExclusiveStartKey,
          }),
        );
        for (const item of out.Items ?? []) {
          await db.doc.send(new DeleteCommand({ TableName, Key: { pk: item['pk'] as string, sk: item['sk'] as string } }));
          ended++;
        }
        ExclusiveStartKey = out.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return ended;
    },

    async recordSignInRequest(request: SignInRequest): Promise<void> {
      await db.doc.send(
        new PutCommand({
          TableName,
          Item: { ...itemKeys.signInRequest(request.requestId), kind: 'sign_in_request', data: request, [ttlAttribute]: epochSeconds(request.expiresAt) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },

    /** An unexpired sign-in request, or null. */
    async getSignInRequest(requestId: string, now: Date): Promise<SignInRequest | null> {
      const out = await db.doc.send(new GetCommand({ TableName, Key: itemKeys.signInRequest(requestId), ConsistentRead: true }));
      const request = out.Item?.['data'] as SignInRequest | undefined;
      return request && request.expiresAt > now.toISOString() ? request : null;
    },

    /**
     * Issues a sign-in link once: issuing the same token again (a retried email) changes nothing,
     * and in particular does not make a used link usable again.
     */
    async issueSignInLink(link: SignInLink): Promise<void> {
      try {
        await db.doc.send(
          new PutCommand({
            TableName,
            Item: { ...itemKeys.signInLink(link.tokenHash), kind: 'sign_in_link', data: link, [ttlAttribute]: epochSeconds(link.expiresAt) },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (e) {
        if (!isConditionFailed(e)) throw e;
      }
    },

    /** An unused, unexpired sign-in link, without using it (what its page shows). */
    async peekSignInLink(tokenHash: string, now: Date): Promise<SignInLink | null> {
      const out = await db.doc.send(new GetCommand({ TableName, Key: itemKeys.signInLink(tokenHash), ConsistentRead: true }));
      const link = out.Item?.['data'] as SignInLink | undefined;
      return link && link.usedAt === undefined && link.expiresAt > now.toISOString() ? link : null;
    },

    /**
     * Uses a sign-in link: marked used under the condition that it is unused and unexpired, so of
     * many concurrent requests exactly one gets the link and the rest get null.
     */
    async useSignInLink(tokenHash: string, now: Date): Promise<SignInLink | null> {
      try {
        const out = await db.doc.send(
          new UpdateCommand({
            TableName,
            Key: itemKeys.signInLink(tokenHash),
            UpdateExpression: 'SET #d.usedAt = :now',
            ConditionExpression: 'attribute_exists(pk) AND #d.expiresAt > :now AND attribute_not_exists(#d.usedAt)',
            ExpressionAttributeNames: { '#d': 'data' },
            ExpressionAttributeValues: { ':now': now.toISOString() },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return (out.Attributes?.['data'] as SignInLink | undefined) ?? null;
      } catch (e) {
        if (isConditionFailed(e)) return null;
        throw e;
      }
    },

    async beginSso(attempt: SsoAttempt): Promise<void> {
      await db.doc.send(
        new PutCommand({
          TableName,
          Item: { ...itemKeys.ssoAttempt(attempt.stateHash), kind: 'sso_attempt', data: attempt, [ttlAttribute]: epochSeconds(attempt.expiresAt) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },

    /** Takes an unexpired SSO attempt, once. */
    finishSso: (stateHash: string, now: Date) => takeOnce<SsoAttempt>(itemKeys.ssoAttempt(stateHash), now),
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
