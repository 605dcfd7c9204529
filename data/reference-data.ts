/**
 * Reference data shipped with the code and written to the store at start: Solok Selatan's
 * OPDs, Kominfo's smart-city dimensions, the yearly holiday calendars, and (development
 * only) a roster of fictional people. The store is what the running system reads. OPDs, the
 * masterplan and the signing policy are written only when the store has none: from then on the
 * secretariat changes them in alur (docs/product.md §10).
 */
import type { HolidayYear } from '../domain/calendar.js';
import type { Masterplan, QuickWin } from '../domain/masterplan.js';
import type { Opd, Person } from '../domain/roles.js';
import type { SigningPolicy } from '../domain/signing.js';
import type { Dimension } from '../store/index.js';
import holidays2025 from './holidays-id-2025.json' with { type: 'json' };
import holidays2026 from './holidays-id-2026.json' with { type: 'json' };
import masterplanFile from './masterplan-solok-selatan.json' with { type: 'json' };
import quickWinsDev from './quick-wins-dev.json' with { type: 'json' };
import rosterDev from './roster-dev.json' with { type: 'json' };
import signingPolicyFile from './signing-policy.json' with { type: 'json' };
import dimensionsFile from './smart-city-dimensions.json' with { type: 'json' };
import region from './solok-selatan.json' with { type: 'json' };

/** A stable id from an OPD's abbreviation: "Satpol PP Damkar" → "satpol-pp-damkar". */
export const opdIdOf = (abbr: string) =>
  abbr
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

export const opds: Opd[] = region.opds.map((o) => ({ id: opdIdOf(o.abbr), abbr: o.abbr, name: o.name }));
export const dimensions: Dimension[] = dimensionsFile.dimensions.map((d) => ({ id: d.id, name: d.name, sub: d.sub }));
export const holidayYears: HolidayYear[] = [holidays2025, holidays2026] as HolidayYear[];
export const devPeople: Person[] = rosterDev.people as Person[];
/** Illustrative quick wins, seeded only with the development roster (production starts with none). */
export const devQuickWins: QuickWin[] = quickWinsDev.quickWins;
/** Which offices sign a commitment, as first seeded (the secretariat changes it in alur from then on); the store checks it when it is seeded. */
export const signingPolicy = signingPolicyFile as SigningPolicy;
/** The masterplan as first seeded (the stored one is edited in alur from then on). */
export const masterplan: Masterplan = {
  id: masterplanFile.id,
  title: masterplanFile.title,
  startYear: masterplanFile.startYear,
  endYear: masterplanFile.endYear,
  quickWins: [],
};

export interface Seedable {
  roster: { seed(data: { opds: Opd[]; people: Person[]; dimensions: Dimension[]; holidayYears: HolidayYear[] }): Promise<void> };
  signing: { seedSigningPolicy(policy: SigningPolicy): Promise<boolean> };
  masterplan: { seedMasterplan(m: Masterplan): Promise<boolean> };
}

/** Writes the reference data; with `devRoster` also the fictional people and quick wins. Safe to repeat. */
export async function seedReferenceData(store: Seedable, options: { devRoster: boolean }): Promise<void> {
  await store.roster.seed({ opds, dimensions, holidayYears, people: options.devRoster ? devPeople : [] });
  await store.signing.seedSigningPolicy(signingPolicy);
  await store.masterplan.seedMasterplan(options.devRoster ? { ...masterplan, quickWins: devQuickWins } : masterplan);
}
