/**
 * The baseline of the read benchmarks: bare Hono routes on Node against the same dynalite and
 * table, with no auth, no other reads, no shaping: `/item/:id` does one GetItem of a programme's
 * item, `/partition/:id` one Query of its whole partition (what `GET /v1/programs/:id` reads).
 */
import { serve } from '@hono/node-server';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Hono } from 'hono';
import { env, ready } from './common.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
const client = new DynamoDBClient({
  region: process.env['AWS_REGION'] ?? 'ap-southeast-3',
  endpoint: env('DYNAMODB_ENDPOINT'),
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const doc = DynamoDBDocumentClient.from(client);
const TableName = process.env['DYNAMODB_TABLE'] ?? 'alur';

const app = new Hono()
  .get('/item/:id', async (c) => {
    const out = await doc.send(new GetCommand({ TableName, Key: { pk: `PROGRAM#${c.req.param('id')}`, sk: 'PROGRAM' } }));
    return out.Item ? c.json(out.Item) : c.json({ title: 'Not found' }, 404);
  })
  .get('/partition/:id', async (c) => {
    const out = await doc.send(
      new QueryCommand({ TableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `PROGRAM#${c.req.param('id')}` } }),
    );
    return out.Items && out.Items.length > 0 ? c.json(out.Items) : c.json({ title: 'Not found' }, 404);
  });

const server = serve({ fetch: app.fetch, port: Number(env('PORT')), hostname: '127.0.0.1' }, () => ready());
process.once('SIGTERM', () => server.close(() => process.exit(0)));
