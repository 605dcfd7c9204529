/**
 * Mails one sign-in link (docs/product.md §8). The web application records the request and starts
 * this workflow; the activity runs on the worker, which holds the link secret and the mail relay.
 * Retries stop when the link would have expired anyway, and an address the relay refuses for good
 * is not tried again: either way the request simply ends without a link.
 */
import { ActivityFailure, log, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { signInLinkMinutes, type SignInLinkInput, type SignInLinkOutcome } from '../domain/sign-in.js';

const { sendSignInLink } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: `${signInLinkMinutes} minutes`,
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function signInLinkWorkflow(input: SignInLinkInput): Promise<SignInLinkOutcome> {
  try {
    return await sendSignInLink(input);
  } catch (e) {
    if (!(e instanceof ActivityFailure)) throw e;
    log.warn('sign-in link not sent', { requestId: input.requestId, error: e.cause?.message ?? e.message });
    return 'not_sent';
  }
}
