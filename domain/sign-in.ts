/**
 * Signing in by email (docs/product.md §8): the web application records a request and the worker
 * mails its link, so the API holds no mail credentials and a request survives the API returning.
 */

/** How long an emailed sign-in link stays usable, counted from the request. */
export const signInLinkMinutes = 15;

/** What the web application records when someone asks for a sign-in link (kept until it expires). */
export interface SignInRequest {
  requestId: string;
  /** The address as typed: the worker looks it up in the roster, so the page never tells who is registered. */
  email: string;
  /** Where the person wanted to go (a path of this application). */
  returnTo: string;
  expiresAt: string;
}

/** Why a sign-in request ended: a link was mailed, the address is not in the roster, or it came too late or was refused. */
export type SignInLinkOutcome = 'sent' | 'not_registered' | 'expired' | 'not_sent';

export interface SignInLinkInput {
  requestId: string;
}

/** One workflow per request: starting it again for the same request is refused by Temporal. */
export const signInWorkflowId = (requestId: string) => `signin-${requestId}`;
