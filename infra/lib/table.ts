/**
 * The one DynamoDB table, made from the declaration the code uses (store/table.ts:
 * `createTableInput`): the same keys, attribute types and indexes, mapped field by field onto
 * CloudFormation (whose property names are the DynamoDB API's). Production adds what dynalite
 * cannot do: TTL on the link tokens, point-in-time recovery, deletion protection, RETAIN.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { createTableInput, deletableKeyPrefixes, tableIndexes, tableKeys, ttlAttribute } from '../../store/table.js';

export { createTableInput, deletableKeyPrefixes, tableIndexes, tableKeys, ttlAttribute };

/**
 * The DynamoDB actions the API and the worker issue through the store (store/*.ts: Get, Put,
 * Update, Query, and DescribeTable for the health check). Nothing at run time writes in batches,
 * and conditional single-item writes are what keep retries safe. test/store-actions.test.ts reads
 * the store's source and fails when a new command appears.
 */
export const storeTableActions = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:Query',
  'dynamodb:DescribeTable',
] as const;

/**
 * Actions only the reference-data seed sends (`roster.seed`, run by `npm run seed` with the
 * operator's own credentials, never by a runtime role). CreateTable is development-only
 * (`ensureTable`).
 */
export const seedOnlyTableActions = ['dynamodb:BatchWriteItem'] as const;
/**
 * DeleteItem, granted only on items whose partition key starts with one of
 * `deletableKeyPrefixes` (sessions, sign-in links, SSO attempts, drafts, NIP and email claims):
 * the audit trail, programmes and people can never be deleted by a runtime role.
 */
export const scopedDeleteActions = ['dynamodb:DeleteItem'] as const;
/**
 * BatchWriteItem, granted only on the mail log's items (`MAIL#…`, store/mail-log.ts records one
 * step's emails in one request). A batch write can delete too, so it reaches nothing else.
 */
export const mailLogBatchActions = ['dynamodb:BatchWriteItem'] as const;
const mailLogKeyPrefix = 'MAIL#';
/** Indexes are only ever queried. */
export const storeIndexActions = ['dynamodb:Query'] as const;

/**
 * CloudFormation properties of the table from the code's declaration; without a name,
 * CloudFormation generates one.
 */
export function cfnTablePropsFrom(tableName: string | null): dynamodb.CfnTableProps {
  const input = createTableInput(tableName ?? 'generated-by-cloudformation');
  if (!input.KeySchema || !input.AttributeDefinitions) throw new Error('store/table.ts declares no keys');
  return {
    ...(tableName ? { tableName: input.TableName } : {}),
    billingMode: input.BillingMode,
    attributeDefinitions: input.AttributeDefinitions.map((a) => ({ attributeName: must(a.AttributeName), attributeType: must(a.AttributeType) })),
    keySchema: input.KeySchema.map((k) => ({ attributeName: must(k.AttributeName), keyType: must(k.KeyType) })),
    globalSecondaryIndexes: (input.GlobalSecondaryIndexes ?? []).map((g) => ({
      indexName: must(g.IndexName),
      keySchema: must(g.KeySchema).map((k) => ({ attributeName: must(k.AttributeName), keyType: must(k.KeyType) })),
      projection: {
        projectionType: g.Projection?.ProjectionType,
        ...(g.Projection?.NonKeyAttributes ? { nonKeyAttributes: g.Projection.NonKeyAttributes } : {}),
      },
    })),
  };
}

function must<T>(v: T | undefined): T {
  if (v === undefined) throw new Error('store/table.ts: incomplete table declaration');
  return v;
}

export class AlurTable {
  readonly resource: dynamodb.CfnTable;
  readonly tableName: string;
  readonly tableArn: string;
  /** Each index of the table, by name (store/table.ts). */
  readonly indexArns: string[];

  constructor(scope: Construct, id: string, tableName: string | null) {
    const resource = new dynamodb.CfnTable(scope, id, {
      ...cfnTablePropsFrom(tableName),
      // Link tokens carry `expiresAtEpoch`; DynamoDB deletes them some time after it passes.
      timeToLiveSpecification: { attributeName: ttlAttribute, enabled: true },
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtectionEnabled: true,
      // Encrypted at rest with an AWS owned key (DynamoDB's default; no KMS charges).
    });
    // The audit trail outlives the stack: never delete or replace-delete the table.
    resource.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.resource = resource;
    this.tableName = resource.ref;
    this.tableArn = resource.attrArn;
    this.indexArns = Object.keys(tableIndexes).map((name) => `${resource.attrArn}/index/${name}`);
  }

  /** What the store needs: its item actions on the table, Query on the indexes. Nothing else. */
  grantStoreAccess(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'StoreTable', actions: [...storeTableActions], resources: [this.tableArn] }));
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'StoreDeletableItems',
        actions: [...scopedDeleteActions],
        resources: [this.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': deletableKeyPrefixes.map((p) => `${p}*`) } },
      }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'StoreMailLogBatches',
        actions: [...mailLogBatchActions],
        resources: [this.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${mailLogKeyPrefix}*`] } },
      }),
    );
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'StoreIndexes', actions: [...storeIndexActions], resources: this.indexArns }));
  }
}
