/** The store: every read and write of the one table, grouped by what it is about. */
import { connectDynamo, ensureTable, pingTable, type DynamoSettings } from './client.js';
import { createLinkTokenStore } from './link-tokens.js';
import { createMailLogStore } from './mail-log.js';
import { createPeopleStore } from './people.js';
import { createProgramStore } from './programs.js';
import { createReportStore } from './reports.js';
import { createRosterStore } from './roster.js';
import { createSessionStore } from './sessions.js';
import { createSigningStore } from './signing.js';

export function createStore(settings: DynamoSettings) {
  const db = connectDynamo(settings);
  return {
    programs: createProgramStore(db),
    roster: createRosterStore(db),
    people: createPeopleStore(db),
    linkTokens: createLinkTokenStore(db),
    mailLog: createMailLogStore(db),
    signing: createSigningStore(db),
    reports: createReportStore(db),
    sessions: createSessionStore(db),
    ensureTable: () => ensureTable(db),
    ping: () => pingTable(db),
    close: () => db.client.destroy(),
  };
}

export type Store = ReturnType<typeof createStore>;
export type { Dimension } from './roster.js';
export type { PersonChange, RosterEditor } from './people.js';
export { PersonVersionError, ValueTakenError } from './people.js';
export type { LinkToken, ClaimResult } from './link-tokens.js';
export type { Session, SignInLink, SsoAttempt } from './sessions.js';
export type { ProgramFilter, ProgramItems, Page } from './programs.js';
export { InvalidCursorError, verifyEventChain } from './programs.js';
