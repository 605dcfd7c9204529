/**
 * The one DynamoDB table (single-table design): keys, indexes and item key builders,
 * declared once. The store builds its requests from this; `ensureTable` creates it in dev
 * and tests; infra/ reads the same declaration so deployment and code cannot drift.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export const tableKeys = { partitionKey: 'pk', sortKey: 'sk' } as const;

/** Global secondary indexes, named after the question each answers. */
export const tableIndexes = {
  /** Programmes of one OPD, newest first. */
  byOpd: { partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  /** Programmes in one stage, soonest due first (overdue lists read its head). */
  byStageDue: { partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  /** Every item of one kind (programmes by creation, people, OPDs, dimensions, calendar years). */
  byKind: { partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
} as const;
export type IndexName = keyof typeof tableIndexes;

/** Epoch-seconds attribute DynamoDB's TTL deletes expired link tokens, sessions and sign-in links by (set in infra/). */
export const ttlAttribute = 'expiresAtEpoch';

/**
 * The only items anything at run time may delete, by partition-key prefix: sessions and what
 * leads to one (sign-in links, SSO attempts), drafts, and the claims that keep one person per
 * NIP and email. Programmes, their audit trail, people and reference data are never deleted;
 * infra/ grants DeleteItem on these prefixes alone.
 */
export const deletableKeyPrefixes = ['SESSION#', 'SIGNIN#', 'SSO#', 'DRAFT#', 'NIP#', 'EMAIL#'] as const;

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export const itemKeys = {
  program: (programId: string) => ({ pk: `PROGRAM#${programId}`, sk: 'PROGRAM' }),
  proposalVersion: (programId: string, version: number) => ({ pk: `PROGRAM#${programId}`, sk: `PROPOSAL#${pad(version, 4)}` }),
  stage: (programId: string, stageSeq: number) => ({ pk: `PROGRAM#${programId}`, sk: `STAGE#${pad(stageSeq, 4)}` }),
  event: (programId: string, seq: number) => ({ pk: `PROGRAM#${programId}`, sk: `EVENT#${pad(seq, 6)}` }),
  /** Who signs each office of a signing occurrence, as last routed (store/programs.ts `putSigningRouting`). */
  signingRouting: (programId: string, stageSeq: number) => ({ pk: `PROGRAM#${programId}`, sk: `ROUTING#${pad(stageSeq, 4)}` }),
  linkToken: (tokenHash: string) => ({ pk: `TOKEN#${tokenHash}`, sk: 'TOKEN' }),
  person: (personId: string) => ({ pk: `PERSON#${personId}`, sk: 'PERSON' }),
  opd: (opdId: string) => ({ pk: `OPD#${opdId}`, sk: 'OPD' }),
  dimension: (dimensionId: string) => ({ pk: `DIMENSION#${dimensionId}`, sk: 'DIMENSION' }),
  holidayYear: (year: number) => ({ pk: `CALENDAR#${year}`, sk: 'CALENDAR' }),
  /** One record of who holds an office from a date; several per day are kept (the last recorded counts). */
  officeTerm: (office: string, from: string, recordedAt: string) => ({ pk: `OFFICE#${office}`, sk: `TERM#${from}#${recordedAt}` }),
  masterplan: (masterplanId: string) => ({ pk: `MASTERPLAN#${masterplanId}`, sk: 'MASTERPLAN' }),
  mail: (messageId: string) => ({ pk: `MAIL#${messageId}`, sk: 'MAIL' }),
  session: (idHash: string) => ({ pk: `SESSION#${idHash}`, sk: 'SESSION' }),
  signInLink: (tokenHash: string) => ({ pk: `SIGNIN#${tokenHash}`, sk: 'SIGNIN' }),
  signInRequest: (requestId: string) => ({ pk: `SIGNINREQ#${requestId}`, sk: 'SIGNINREQ' }),
  ssoAttempt: (stateHash: string) => ({ pk: `SSO#${stateHash}`, sk: 'SSO' }),
  draft: (draftId: string) => ({ pk: `DRAFT#${draftId}`, sk: 'DRAFT' }),
  /** The newest report of each period of one programme, kept for the portfolio (store/portfolio.ts). */
  reportRollup: (programId: string) => ({ pk: `PROGRAM#${programId}`, sk: 'ROLLUP' }),
} as const;

/**
 * Sort keys of the items that hang under one programme (`pk = PROGRAM#<id>`): one Query of the
 * partition reads all of them (store/programs.ts `readProgram`), told apart by these.
 */
export const programChildPrefix = {
  proposal: 'PROPOSAL#',
  stage: 'STAGE#',
  event: 'EVENT#',
  /** `SIGNATURE#<stageSeq>#<office>` (store/signing.ts). */
  signature: 'SIGNATURE#',
  routing: 'ROUTING#',
  /** `PERIOD#<periodId>` and `REPORT#<periodId>#<version>` (store/reports.ts). */
  period: 'PERIOD#',
  report: 'REPORT#',
} as const;

export function createTableInput(tableName: string): CreateTableCommandInput {
  const keyAttributes = [tableKeys, ...Object.values(tableIndexes)].flatMap((k) => [k.partitionKey, k.sortKey]);
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: keyAttributes.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: tableKeys.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableKeys.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: Object.entries(tableIndexes).map(([name, k]) => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: k.partitionKey, KeyType: 'HASH' },
        { AttributeName: k.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}
