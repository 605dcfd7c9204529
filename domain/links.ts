/** What an emailed link lets its holder do, and the subject its token is derived for. */
import type { SignerRoute } from './signing.js';
import type { Decision } from './stages.js';

export type LinkPurpose = { kind: 'decide'; allowed: Decision[] } | { kind: 'sign'; route: SignerRoute } | { kind: 'report'; period: string };

/** The subject within a stage occurrence: one link per person and subject. */
export function linkSubject(purpose: LinkPurpose): string {
  switch (purpose.kind) {
    case 'decide':
      return 'decide';
    case 'sign':
      return signLinkSubject(purpose.route);
    case 'report':
      return `report:${purpose.period}`;
  }
}

/** The subject of a signer's link: their office, and the round of re-routing that sent it. */
export function signLinkSubject(route: Pick<SignerRoute, 'office' | 'round'>): string {
  return route.round ? `sign:${route.office}:${route.round}` : `sign:${route.office}`;
}

/** A link as the workflow knows it: enough to revoke it when its stage or period ends. */
export interface LinkRef {
  userId: string;
  subject: string;
}
