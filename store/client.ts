/** The DynamoDB connection. No folder but store/ imports the DynamoDB client. */
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTableInput } from './table.js';

export interface DynamoSettings {
  /** Unset in production (AWS); dynalite's URL locally. */
  endpoint: string | undefined;
  region: string;
  tableName: string;
}

export interface Dynamo {
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  tableName: string;
}

export function connectDynamo(settings: DynamoSettings): Dynamo {
  // The SDK warns that releases after January 2027 need Node 22. This project pins a release
  // that runs on Node 20 on purpose (README), so the warning says nothing new to an operator.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const client = new DynamoDBClient({
    region: settings.region,
    ...(settings.endpoint
      ? // dynalite accepts any credentials; the SDK insists on having some.
        { endpoint: settings.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
    maxAttempts: 5,
  });
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { client, doc, tableName: settings.tableName };
}

/** Creates the table with its indexes if it does not exist yet (dev and tests; AWS uses infra/). */
export async function ensureTable(dynamo: Dynamo): Promise<void> {
  try {
    await dynamo.client.send(new CreateTableCommand(createTableInput(dynamo.tableName)));
  } catch (e) {
    if (!(e instanceof ResourceInUseException)) throw e;
  }
  for (let i = 0; i < 100; i++) {
    const { Table } = await dynamo.client.send(new DescribeTableCommand({ TableName: dynamo.tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`table ${dynamo.tableName} did not become ACTIVE`);
}

export async function pingTable(dynamo: Dynamo): Promise<void> {
  await dynamo.client.send(new DescribeTableCommand({ TableName: dynamo.tableName }));
}

export function isConditionFailed(e: unknown): boolean {
  return e instanceof Error && e.name === 'ConditionalCheckFailedException';
}
