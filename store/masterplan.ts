/**
 * The masterplan (domain/masterplan.ts): one item per masterplan, written whole, and one item
 * per change under the same partition:
 *   { pk: MASTERPLAN#<id>, sk: MASTERPLAN }          the masterplan and its version
 *   { pk: MASTERPLAN#<id>, sk: CHANGE#<version, 6> }  who changed it, when, before and after
 * The seed puts the masterplan only when none is stored, so what the secretariat edited
 * survives every start. An edit is written only over the version it was made from, then its
 * change is recorded (dynalite has no transactions, as with the roster's changes).
 */
import type { Masterplan, MasterplanChange, MasterplanEditor } from '../domain/masterplan.js';
import type { Dynamo } from './client.js';
import { changeHistory, dataOf, getItem, kindKeys, putNextVersion, putOnce, queryKind } from './items.js';
import { itemKeys } from './table.js';

/** The masterplan changed since the edit was made from it. */
export class MasterplanVersionError extends Error {
  override name = 'MasterplanVersionError';
}

const masterplanItem = (m: Masterplan, version: number) => ({
  ...itemKeys.masterplan(m.id),
  ...kindKeys('masterplan', m.id),
  kind: 'masterplan',
  data: m,
  version,
});

/** The masterplan and the version an edit must be made from (items seeded before versions existed are version 0). */
const stored = (item: Record<string, unknown>) => ({
  masterplan: item['data'] as Masterplan,
  version: typeof item['version'] === 'number' ? item['version'] : 0,
});

export function createMasterplanStore(db: Dynamo) {
  const changes = changeHistory<MasterplanChange>(db, 'masterplan_change');
  return {
    getMasterplan: (id: string) => getItem(db, itemKeys.masterplan(id), dataOf<Masterplan>()),

    /** The masterplan this deployment works to (the one stored; the latest period if ever more than one), with its version. */
    async current(): Promise<{ masterplan: Masterplan; version: number } | null> {
      const all = await queryKind(db, 'masterplan', stored);
      return all.sort((a, b) => b.masterplan.startYear - a.masterplan.startYear)[0] ?? null;
    },

    /** Writes the masterplan unless one with its id is stored; false when it was. */
    seedMasterplan: (m: Masterplan) => putOnce(db, masterplanItem(m, 0)),

    /** Replaces the masterplan made from `version`; MasterplanVersionError when it changed meanwhile. */
    async update(before: Masterplan, version: number, after: Masterplan, by: MasterplanEditor, now: Date): Promise<MasterplanChange> {
      if (!(await putNextVersion(db, masterplanItem(after, version + 1), version)))
        throw new MasterplanVersionError(`masterplan ${after.id} changed meanwhile`);
      const change: MasterplanChange = { masterplanId: after.id, version: version + 1, at: now.toISOString(), by, before, after };
      await changes.record(itemKeys.masterplan(after.id).pk, change);
      return change;
    },

    /** Every change of the masterplan, oldest first. */
    history: (id: string) => changes.list(itemKeys.masterplan(id).pk),
  };
}

export type MasterplanStore = ReturnType<typeof createMasterplanStore>;
