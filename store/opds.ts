/**
 * The OPDs as the secretariat changes them (domain/opds.ts), in the masterplan's pattern:
 *   { pk: OPD#<id>, sk: OPD }                      the OPD and its version
 *   { pk: OPD#<id>, sk: CHANGE#<version, 6> }       who changed it, when, before and after
 * The roster lists OPDs through the `byKind` index (store/roster.ts). An OPD is added only when
 * its code is new and changed only over the version it was read at; the change is recorded after
 * the write (dynalite has no transactions, as with the people's changes).
 */
import type { OpdChange, OpdEditor } from '../domain/opds.js';
import type { Opd } from '../domain/roles.js';
import type { Dynamo } from './client.js';
import { changeHistory, getItem, kindKeys, putNextVersion, putOnce, queryKind } from './items.js';
import { itemKeys } from './table.js';

/** The OPD changed since the edit was made from it, or its code is taken (adding). */
export class OpdVersionError extends Error {
  override name = 'OpdVersionError';
}

/** The OPD item as the roster lists it (by abbreviation), with the version an edit is made from. */
export const opdItem = (o: Opd, version: number) => ({ ...itemKeys.opd(o.id), ...kindKeys('opd', o.abbr), kind: 'opd', data: o, version });

export interface VersionedOpd {
  opd: Opd;
  version: number;
}

const versioned = (item: Record<string, unknown>): VersionedOpd => ({
  opd: item['data'] as Opd,
  version: typeof item['version'] === 'number' ? item['version'] : 0,
});

export function createOpdStore(db: Dynamo) {
  const changes = changeHistory<OpdChange>(db, 'opd_change');

  async function record(change: OpdChange): Promise<void> {
    await changes.record(itemKeys.opd(change.opdId).pk, change);
  }

  return {
    /** The OPD and the version an edit must be made from (seeded OPDs are version 0). */
    read: (id: string): Promise<VersionedOpd | null> => getItem(db, itemKeys.opd(id), versioned),

    /** Every OPD, merged ones included, by abbreviation, each with its version. */
    list: (): Promise<VersionedOpd[]> => queryKind(db, 'opd', versioned),

    /** Adds an OPD; OpdVersionError when its code is taken. */
    async create(opd: Opd, by: OpdEditor, now: Date): Promise<OpdChange> {
      if (!(await putOnce(db, opdItem(opd, 1)))) throw new OpdVersionError(`OPD ${opd.id} exists`);
      const change: OpdChange = { opdId: opd.id, version: 1, at: now.toISOString(), by, before: null, after: opd };
      await record(change);
      return change;
    },

    /** Replaces the OPD made from `version`; OpdVersionError when it changed meanwhile. */
    async update(before: Opd, version: number, after: Opd, by: OpdEditor, now: Date): Promise<OpdChange> {
      // OPDs seeded before versions were kept carry none: they count as version 0.
      if (!(await putNextVersion(db, opdItem(after, version + 1), version))) throw new OpdVersionError(`OPD ${after.id} changed meanwhile`);
      const change: OpdChange = { opdId: after.id, version: version + 1, at: now.toISOString(), by, before, after };
      await record(change);
      return change;
    },

    /** Every change of one OPD, oldest first. */
    history: (id: string) => changes.list(itemKeys.opd(id).pk),
  };
}

export type OpdStore = ReturnType<typeof createOpdStore>;
