/** Pages of the roster (`GET /v1/people`, `/admin/orang`): in the roster's order, each person once, and a cursor nobody forged. */
import { describe, expect, it } from 'vitest';
import { pageOfPeople } from '../../api/routes/people.js';
import type { Person } from '../../domain/roles.js';
import { InvalidCursorError } from '../../store/index.js';

const person = (id: string, name: string): Person => ({ id, name, title: 'Staf', email: `${id}@solselkab.example`, roles: ['opd_staff'], opdId: 'dinkes' });
const roster = [person('c', 'Citra'), person('a', 'Andi'), person('b2', 'Budi'), person('b1', 'Budi')];

describe('pages of the roster', () => {
  it('walks the roster by name (then id) with the cursor of each page, every person once', () => {
    const first = pageOfPeople(roster, { limit: 3 });
    expect(first.items.map((p) => p.id)).toEqual(['a', 'b1', 'b2']);
    const second = pageOfPeople(roster, { limit: 3, cursor: first.nextCursor ?? undefined });
    expect(second).toEqual({ items: [roster[0]], nextCursor: null });
  });

  it('refuses a cursor it did not give', () => {
    expect(() => pageOfPeople(roster, { limit: 3, cursor: 'bukan-kursor' })).toThrow(InvalidCursorError);
  });
});
