/**
 * The DynamoDB actions infra grants are exactly the ones the store issues: a new command in
 * store/ (say a DeleteCommand) fails here, not as AccessDenied in production, and a grant the
 * store no longer needs is noticed too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { repoRoot } from '../lib/paths.js';
import { mailLogBatchActions, scopedDeleteActions, seedOnlyTableActions, storeTableActions } from '../lib/table.js';

/** SDK command → IAM action. CreateTable is development-only (store/client.ts ensureTable). */
const actionOf: Record<string, string | null> = {
  GetCommand: 'dynamodb:GetItem',
  GetItemCommand: 'dynamodb:GetItem',
  PutCommand: 'dynamodb:PutItem',
  PutItemCommand: 'dynamodb:PutItem',
  UpdateCommand: 'dynamodb:UpdateItem',
  UpdateItemCommand: 'dynamodb:UpdateItem',
  DeleteCommand: 'dynamodb:DeleteItem',
  DeleteItemCommand: 'dynamodb:DeleteItem',
  QueryCommand: 'dynamodb:Query',
  ScanCommand: 'dynamodb:Scan',
  BatchGetCommand: 'dynamodb:BatchGetItem',
  BatchGetItemCommand: 'dynamodb:BatchGetItem',
  BatchWriteCommand: 'dynamodb:BatchWriteItem',
  BatchWriteItemCommand: 'dynamodb:BatchWriteItem',
  TransactWriteCommand: 'dynamodb:TransactWriteItems',
  TransactGetCommand: 'dynamodb:TransactGetItems',
  DescribeTableCommand: 'dynamodb:DescribeTable',
  CreateTableCommand: null,
};

describe('DynamoDB permissions', () => {
  it('match the commands store/ sends', () => {
    const dir = join(repoRoot, 'store');
    const commands = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      for (const m of readFileSync(join(dir, file), 'utf8').matchAll(/new\s+(\w+Command)\s*\(/g)) commands.add(m[1]!);
    }
    const unknown = [...commands].filter((c) => !(c in actionOf));
    expect(unknown, 'commands this test does not know: add them to actionOf').toEqual([]);
    const needed = [...new Set([...commands].map((c) => actionOf[c]).filter((a): a is string => !!a))].sort();
    const granted = new Set<string>([...storeTableActions, ...scopedDeleteActions, ...mailLogBatchActions, ...seedOnlyTableActions]);
    expect([...granted].sort()).toEqual(needed);
  });

  it('leave the roster batch writes to the seed: neither the API bundle nor the worker bundle contains it', () => {
    // roster.seed sends BatchWriteItem beyond the mail log, reached through data/reference-data.ts.
    const roster = readFileSync(join(repoRoot, 'store', 'roster.ts'), 'utf8');
    expect(roster.match(/new\s+BatchWriteCommand\s*\(/g)).toHaveLength(1);
    const workerInputs = Object.keys((JSON.parse(readFileSync(inject('workerImage').metafile, 'utf8')) as { inputs: Record<string, unknown> }).inputs);
    for (const inputs of [inject('apiBundle').inputs, workerInputs]) {
      expect(inputs).toContain('store/roster.ts');
      expect(inputs).not.toContain('data/reference-data.ts');
      expect(inputs).not.toContain('scripts/seed.ts');
      const callers = inputs.filter((f) => !f.includes('node_modules/') && /\.seed\(/.test(readFileSync(join(repoRoot, f), 'utf8')));
      expect(callers).toEqual([]);
    }
  });
});
