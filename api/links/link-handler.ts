/**
 * What differs between kinds of emailed link (decide, sign, report): how an open link's page
 * looks, what a POST carries, which Update it calls, and how "already done" reads. The
 * shared rules (GET changes nothing, one claim per POST, revocation, expiry, headers) live
 * in api/routes/act.ts.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ProgramRecord, StageRecord } from '../../domain/program.js';
import type { Person } from '../../domain/roles.js';
import type { ProgramSummary } from '../../mail/templates.js';
import type { LinkToken } from '../../store/index.js';
import type { AppDeps } from '../context.js';
import type { FieldError } from '../views/components.js';

export interface FoundLink {
  rawToken: string;
  tokenHash: string;
  token: LinkToken;
  program: ProgramRecord;
  summary: ProgramSummary;
  stage: StageRecord | null;
  /** The OPD that acts for the programme today (after a merge, the one it was merged into), for the request the link sends. */
  actingOpdId: string;
}

/** A page and its JSON twin (for `Accept: application/json`). */
export interface LinkReply {
  status: ContentfulStatusCode;
  html: string;
  json: Record<string, unknown>;
}

/** A form sent back for correction: each problem beside its field, and what was typed, so nothing is typed twice. */
export interface RefusedForm {
  errors: FieldError[];
  values: Record<string, string>;
}

/**
 * A 4xx the person can act on; shown as a problem page or problem+json. With `form`, a
 * browser gets the link's form back instead, with the problems marked (nothing was claimed).
 */
export class LinkProblem extends Error {
  override name = 'LinkProblem';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly title: string,
    detail: string,
    readonly form?: RefusedForm,
  ) {
    super(detail);
  }
}

export interface LinkHandler<Input> {
  /** What already happened to what this link asks for (by this person or another), or null. */
  done(deps: AppDeps, f: FoundLink): Promise<LinkReply | null>;
  /** The page of an open link, or its form sent back with what was wrong; changes nothing. */
  page(deps: AppDeps, f: FoundLink, actionPath: string, refused?: RefusedForm): Promise<LinkReply>;
  /** Reads and checks a POST body before the link is claimed; throws LinkProblem. */
  parse(f: FoundLink, body: unknown): Input;
  /** Performs the action through the programme's workflow; Update refusals are thrown as they are. */
  perform(deps: AppDeps, f: FoundLink, person: Person, input: Input): Promise<{ reply: LinkReply; usedFor: string }>;
}

/** The Update id a link's action uses: the same for every retry of the same link. */
export const linkRequestId = (f: FoundLink) => `link-${f.tokenHash.slice(0, 32)}`;
