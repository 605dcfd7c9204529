/**
 * The masterplan (domain/masterplan.ts): one item per masterplan, written whole. The seed puts
 * it only when none is stored, so what the secretariat edited survives every start.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Masterplan } from '../domain/masterplan.js';
import type { Dynamo } from './client.js';
import { dataOf, getItem, kindKeys, putOnce } from './items.js';
import { itemKeys } from './table.js';

const masterplanItem = (m: Masterplan) => ({ ...itemKeys.masterplan(m.id), ...kindKeys('masterplan', m.id), kind: 'masterplan', data: m });

export function createMasterplanStore(db: Dynamo) {
  return {
    getMasterplan: (id: string) => getItem(db, itemKeys.masterplan(id), dataOf<Masterplan>()),

    /** Writes the masterplan unless one with its id is stored; false when it was. */
    seedMasterplan: (m: Masterplan) => putOnce(db, masterplanItem(m)),

    /** Replaces the stored masterplan. */
    async putMasterplan(m: Masterplan): Promise<void> {
      await db.doc.send(new PutCommand({ TableName: db.tableName, Item: masterplanItem(m) }));
    },
  };
}

export type MasterplanStore = ReturnType<typeof createMasterplanStore>;
