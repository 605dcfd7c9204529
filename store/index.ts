/** The store: every read and write of the one table, grouped by what it is about. */
import { connectDynamo, ensureTable, pingTable, type DynamoSettings } from './client.js';
import { createDraftStore } from './drafts.js';
import { createLinkTokenStore } from './link-tokens.js';
import { createMailLogStore } from './mail-log.js';
import { createMasterplanStore } from './masterplan.js';
import { createOpdStore } from './opds.js';
import { createPeopleStore } from './people.js';
import { createPortfolioStore } from './portfolio.js';
import { createProgramStore } from './programs.js';
import { createReportStore } from './reports.js';
import { createRosterStore } from './roster.js';
import { createSessionStore } from './sessions.js';
import { createSigningStore } from './signing.js';

/** `auditKey` only in the worker: it seals the audit events the worker writes. */
export function createStore(settings: DynamoSettings, options: { auditKey?: string } = {}) {
  const db = connectDynamo(settings);
  return {
    programs: createProgramStore(db, options),
    roster: createRosterStore(db),
    masterplan: createMasterplanStore(db),
    people: createPeopleStore(db),
    opds: createOpdStore(db),
    linkTokens: createLinkTokenStore(db),
    mailLog: createMailLogStore(db),
    signing: createSigningStore(db),
    reports: createReportStore(db),
    portfolio: createPortfolioStore(db),
    sessions: createSessionStore(db),
    drafts: createDraftStore(db),
    ensureTable: () => ensureTable(db),
    ping: () => pingTable(db),
    close: () => db.client.destroy(),
  };
}

export type Store = ReturnType<typeof createStore>;
export type { Dimension } from './roster.js';
export type { PersonChange, RosterEditor } from './people.js';
export { PersonVersionError, ValueTakenError } from './people.js';
export { OpdVersionError } from './opds.js';
export type { LinkToken, ClaimResult } from './link-tokens.js';
export type { Session, SignInLink, SsoAttempt } from './sessions.js';
export type { ProposalDraftRecord } from './drafts.js';
export type { ProgramFilter, ProgramItems, Page } from './programs.js';
export { InvalidCursorError, verifyAnchoredTrail, verifyEventChain, type AuditAnchor, type ChainVerdict } from './programs.js';
