/**
 * Mailing a sign-in link the web application recorded a request for (docs/product.md §8). Safe to
 * retry: the token is derived from the request, so every attempt stores and mails the same link,
 * and the Message-ID is derived from the request, so the mail log sends it once. The token is
 * made here, never passed through the workflow, so it is in no workflow history.
 */
import { isActivePerson } from '../domain/people.js';
import { deriveSignInToken, hashLinkToken } from '../security/link-tokens.js';
import type { SignInLinkInput, SignInLinkOutcome } from '../domain/sign-in.js';
import { signInLinkMail } from '../mail/sign-in-templates.js';
import { toAssignee, type ActivityContext } from './context.js';

export function createSignInActivities(ctx: ActivityContext) {
  const base = ctx.deps.publicBaseUrl.replace(/\/+$/, '');
  return {
    async sendSignInLink(input: SignInLinkInput): Promise<SignInLinkOutcome> {
      const request = await ctx.store.sessions.getSignInRequest(input.requestId, new Date());
      if (!request) return 'expired';
      const email = request.email.toLowerCase();
      // Nobody inactive is sent a way in: their sessions ended when they were made inactive.
      const person = (await ctx.roster.listPeople()).find((p) => p.email.toLowerCase() === email && isActivePerson(p));
      if (!person) return 'not_registered';
      const token = deriveSignInToken(ctx.deps.linkSecret, request.requestId);
      await ctx.store.sessions.issueSignInLink({
        tokenHash: hashLinkToken(token),
        personId: person.id,
        returnTo: request.returnTo,
        expiresAt: request.expiresAt,
      });
      await ctx.mail(`alur.signin.${request.requestId}`, person, signInLinkMail({ recipient: toAssignee(person), url: `${base}/masuk/${token}` }), null);
      return 'sent';
    },
  };
}
