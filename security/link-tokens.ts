/**
 * Emailed link tokens. A token is 32 bytes derived with HMAC-SHA256 from a server secret and
 * what it is bound to (programme, stage occurrence, person): unguessable without the
 * secret, yet the same on every retry of the activity that mails it, so a retried email
 * carries the same link and nothing random has to be kept in plain text anywhere.
 * Only the SHA-256 hash of a token is stored.
 */
import { createHash, createHmac } from 'node:crypto';

export interface LinkBinding {
  programId: string;
  stageSeq: number;
  userId: string;
  /** What the link is for within the stage: 'decide', 'sign:<office>', 'report:<period>'. */
  subject: string;
}

export function deriveLinkToken(secret: string, b: LinkBinding): string {
  return createHmac('sha256', secret).update(`alur-link:v2:${b.programId}:${b.stageSeq}:${b.userId}:${b.subject}`).digest('base64url');
}

/** A sign-in link's token, bound to its request, so that a retried email carries the same link. */
export function deriveSignInToken(secret: string, requestId: string): string {
  return createHmac('sha256', secret).update(`alur-signin:v1:${requestId}`).digest('base64url');
}

export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** 32 bytes in base64url, no padding. */
export const linkTokenPattern = /^[A-Za-z0-9_-]{43}$/;
