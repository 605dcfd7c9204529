/** The officials a person acts for today as Plt./Plh. (the delegations the secretariat records). */
import { wibDate } from '../domain/calendar.js';
import type { ActingFor } from '../domain/offices.js';
import type { Assignee } from '../domain/program.js';
import type { Official, Person } from '../domain/roles.js';
import { delegationActive } from '../domain/signing.js';
import type { Store } from '../store/index.js';

export async function officialsActedFor(store: Store, person: Person, now = new Date()): Promise<Official[]> {
  const today = wibDate(now);
  const officials: Official[] = [];
  for (const d of await store.signing.listDelegations()) {
    if (d.delegateId !== person.id || !delegationActive(d, today)) continue;
    const official = await store.roster.getPerson(d.officialId);
    if (official) officials.push(official);
  }
  return officials;
}

/**
 * Whether the person acts today as Plt./Plh. for one of the officials a stage awaits: the first
 * delegation in force for one of them, as the decision will record it; null when none.
 */
export async function actingForAwaited(store: Store, person: Person, awaiting: readonly Assignee[], now = new Date()): Promise<ActingFor | null> {
  const today = wibDate(now);
  for (const d of await store.signing.listDelegations()) {
    const official = awaiting.find((a) => a.userId === d.officialId);
    if (d.delegateId !== person.id || !official || !delegationActive(d, today)) continue;
    return { official, kind: d.kind, basis: d.basis, delegationId: d.id };
  }
  return null;
}
