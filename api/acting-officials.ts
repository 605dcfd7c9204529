/** The officials a person acts for today as Plt./Plh. (the delegations the secretariat records). */
import { wibDate } from '../domain/calendar.js';
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
