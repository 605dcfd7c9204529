/** The roster's pure rules: the NIP checks a personnel officer makes, and what counts as a change. */
import { describe, expect, it } from 'vitest';
import { changedFields, newPersonSchema, nipProblem, rosterRefusal } from '../../domain/people.js';
import type { Person } from '../../domain/roles.js';

const today = new Date('2026-12-03T00:00:00Z');
// Born 12 April 1985, CPNS from March 2010, male, sequence 001.
const good = '198504122010031001';

describe('NIP', () => {
  it('accepts a well-formed NIP, male or female', () => {
    expect(nipProblem(good, today)).toBeNull();
    expect(nipProblem('198504122010032001', today)).toBeNull();
  });

  it.each([
    ['1985041220100310', '18 angka'],
    ['19850412201003100A', '18 angka'],
    ['198502302010031001', 'tanggal lahir'],
    ['193004122010031001', 'tahun lahir'],
    ['198504122010131001', 'TMT'],
    ['198504122000031001', 'sebelum pegawai berumur 18'],
    ['198504122027011001', 'belum tiba'],
    ['198504122010033001', 'jenis kelamin'],
    ['198504122010031000', 'nomor urut'],
  ])('refuses %s (%s)', (nip, why) => {
    expect(nipProblem(nip, today)).toContain(why);
  });

  it('a TMT in the current month is accepted', () => {
    expect(nipProblem('198504122026121001', today)).toBeNull();
  });
});

describe('a person', () => {
  const person: Person = { id: 'p', nip: good, name: 'Budi', title: 'Staf', email: 'budi@solselkab.example', opdId: 'dinkes', roles: ['opd_staff'] };

  it('emails are kept in lower case, and a new person is active', () => {
    const { id: _id, ...fields } = person;
    const parsed = newPersonSchema.parse({ ...fields, email: ' Budi@SolselKab.example ' });
    expect(parsed).toMatchObject({ email: 'budi@solselkab.example', active: true });
  });

  it('a role named twice is refused', () => {
    expect(newPersonSchema.safeParse({ nip: good, name: 'B', title: 'S', email: 'b@x.example', opdId: null, roles: ['viewer', 'viewer'] }).success).toBe(false);
  });

  it('lists the fields that changed; an absent active flag is the same as active', () => {
    expect(changedFields(person, { ...person, active: true })).toEqual([]);
    expect(changedFields(person, { ...person, opdId: 'bappeda', roles: ['opd_head'], active: false })).toEqual(['opdId', 'roles', 'active']);
  });

  it('only the secretariat changes the roster', () => {
    expect(rosterRefusal({ roles: ['secretariat'] })).toBeNull();
    expect(rosterRefusal({ roles: ['sekda', 'opd_head'] })).not.toBeNull();
  });
});
