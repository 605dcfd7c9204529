/**
 * The worker's reference cache (activities/reference-cache.ts): one read per list and TTL, on the
 * clock it is given; reads at the same moment shared; a failed read not kept; a fresh read
 * refreshes the copy; TTL 0 reads every time; the current masterplan is reference data too.
 */
import { describe, expect, it } from 'vitest';
import { createReferenceCache } from '../../activities/reference-cache.js';
import type { HolidayYear } from '../../domain/calendar.js';
import type { OfficeTerm } from '../../domain/offices.js';
import type { Opd, Person } from '../../domain/roles.js';

const person = (id: string, roles: Person['roles'] = ['opd_staff']): Person => ({
  id,
  name: id,
  title: 'Staf',
  email: `${id}@solselkab.example`,
  opdId: 'dinkes',
  roles,
});
const holidayYear = (year: number): HolidayYear => ({ year, source: 'SKB (test)', holidays: [] });

/** A roster whose lists count their reads and can be changed (or made to fail) between them. */
function fakeRoster() {
  const data = {
    people: [person('a', ['sekda']), person('b')],
    opds: [{ id: 'dinkes', name: 'Dinas Kesehatan', abbr: 'Dinkes' }] as Opd[],
    holidayYears: [holidayYear(2026)],
    officeTerms: [] as OfficeTerm[],
    failNext: false,
  };
  const reads = { people: 0, opds: 0, dimensions: 0, holidayYears: 0, officeTerms: 0, masterplan: 0 };
  const read = async <T>(what: keyof typeof reads, value: () => T): Promise<T> => {
    reads[what] += 1;
    await Promise.resolve();
    if (data.failNext) {
      data.failNext = false;
      throw new Error('DynamoDB unavailable');
    }
    return value();
  };
  return {
    data,
    reads,
    roster: {
      listPeople: () => read('people', () => [...data.people]),
      listOpds: () => read('opds', () => [...data.opds]),
      listDimensions: () => read('dimensions', () => [{ id: 'living', name: 'Smart Living', sub: [] }]),
      listHolidayYears: () => read('holidayYears', () => [...data.holidayYears]),
      listOfficeTerms: () => read('officeTerms', () => [...data.officeTerms]),
    },
    masterplan: { current: () => read('masterplan', () => null) },
  };
}

describe('reference cache', () => {
  it('asks nobody inactive: a person made inactive holds no role for new work', async () => {
    const f = fakeRoster();
    f.data.people = [person('a', ['sekda']), { ...person('c', ['sekda']), active: false }];
    const cache = createReferenceCache(f, { ttlMs: 0, now: () => 0 });

    expect((await cache.peopleWithRole('sekda')).map((p) => p.id)).toEqual(['a']);
  });

  it('reads each list once per TTL on the given clock, then reads the change', async () => {
    const f = fakeRoster();
    let now = 1_000;
    const cache = createReferenceCache(f, { ttlMs: 60_000, now: () => now });

    expect((await cache.getPerson('a'))?.roles).toEqual(['sekda']);
    expect((await cache.peopleWithRole('sekda')).map((p) => p.id)).toEqual(['a']);
    expect(await cache.getPerson('nobody')).toBeNull();
    expect((await cache.getOpd('dinkes'))?.name).toBe('Dinas Kesehatan');
    await cache.listHolidayYears();
    expect(f.reads).toMatchObject({ people: 1, opds: 1, holidayYears: 1 });

    f.data.people.push(person('c'));
    f.data.holidayYears.push(holidayYear(2027));
    now += 59_999;
    expect(await cache.getPerson('c')).toBeNull(); // still the copy: within the TTL
    expect((await cache.listHolidayYears()).map((y) => y.year)).toEqual([2026]);
    now += 1;
    expect((await cache.getPerson('c'))?.id).toBe('c');
    expect((await cache.listHolidayYears()).map((y) => y.year)).toEqual([2026, 2027]);
    expect(f.reads).toMatchObject({ people: 2, holidayYears: 2 });
  });

  it('shares one read between callers at the same moment, and does not keep a failed one', async () => {
    const f = fakeRoster();
    const cache = createReferenceCache(f, { ttlMs: 60_000, now: () => 0 });

    f.data.failNext = true;
    const both = await Promise.allSettled([cache.listPeople(), cache.getPerson('a')]);
    expect(both.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(f.reads.people).toBe(1);

    expect((await cache.getPerson('a'))?.id).toBe('a'); // read again, not the failure
    expect(f.reads.people).toBe(2);
  });

  it('a fresh read goes to the store and refreshes the copy others read', async () => {
    const f = fakeRoster();
    const cache = createReferenceCache(f, { ttlMs: 60_000, now: () => 0 });
    await cache.listPeople();

    f.data.people.push(person('plh'));
    expect((await cache.listPeople({ fresh: true })).map((p) => p.id)).toContain('plh');
    expect((await cache.getPerson('plh'))?.id).toBe('plh');
    expect(f.reads.people).toBe(2);
  });

  it('TTL 0 reads every time', async () => {
    const f = fakeRoster();
    const cache = createReferenceCache(f, { ttlMs: 0, now: () => 0 });
    await cache.listDimensions();
    await cache.listDimensions();
    expect(f.reads.dimensions).toBe(2);
  });

  it('names the office holder of the day from the records, and picks up a handover recorded since with a fresh read', async () => {
    const f = fakeRoster();
    f.data.people = [person('a', ['sekda']), person('b', ['sekda'])];
    const cache = createReferenceCache(f, { ttlMs: 60_000, now: () => 0 });
    expect((await cache.holderOn('sekda', '2027-03-01'))?.id).toBe('a'); // nothing recorded: the roles say

    const by = { userId: 'sekretariat-1', name: 'Sekretariat' };
    f.data.officeTerms.push({ office: 'sekda', personId: 'b', from: '2027-03-01', basis: 'SK 1', recordedAt: '2027-02-01T00:00:00Z', recordedBy: by });
    expect((await cache.holderOn('sekda', '2027-03-01'))?.id).toBe('a'); // the copy, within the TTL
    expect((await cache.holderOn('sekda', '2027-02-28', { fresh: true }))?.id).toBe('a');
    expect((await cache.holderOn('sekda', '2027-03-01'))?.id).toBe('b');
  });

  it('reads the current masterplan once per TTL, as the lists', async () => {
    const f = fakeRoster();
    let now = 0;
    const cache = createReferenceCache(f, { ttlMs: 60_000, now: () => now });
    await cache.masterplan.current();
    now = 59_999;
    await cache.masterplan.current();
    expect(f.reads.masterplan).toBe(1);
    now = 60_000;
    await cache.masterplan.current();
    expect(f.reads.masterplan).toBe(2);
  });
});
