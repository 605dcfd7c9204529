/**
 * Offices and their holders on a day (domain/offices.ts): the record in force, a correction of
 * the same day, a handover ahead, and the roles deciding while nothing is recorded or the
 * recorded holder left.
 */
import { describe, expect, it } from 'vitest';
import { allOffices, holderOn, nextHandover, parseOffice, termOn, termsFromRoles, type OfficeTerm } from '../../domain/offices.js';
import type { Person } from '../../domain/roles.js';

const person = (id: string, roles: Person['roles'], opdId: string | null = null, active = true): Person => ({
  id,
  name: id,
  title: id,
  email: `${id}@solselkab.example`,
  roles,
  opdId,
  active,
});
const term = (office: OfficeTerm['office'], personId: string, from: string, recordedAt = `${from}T01:00:00Z`): OfficeTerm => ({
  office,
  personId,
  from,
  basis: 'SK Bupati',
  recordedAt,
  recordedBy: { userId: 'sekretariat-1', name: 'Nurhayati' },
});

const oldHead = person('lama', ['opd_head'], 'dinkes');
const newHead = person('baru', ['opd_head'], 'dinkes');

describe('the holder of an office on a day', () => {
  it('is the recorded holder from the record’s day on, and the one before until then', () => {
    const terms = [term('kepala:dinkes', 'lama', '2026-01-05'), term('kepala:dinkes', 'baru', '2027-03-01')];
    expect(holderOn('kepala:dinkes', '2027-02-28', terms, [oldHead, newHead])?.person.id).toBe('lama');
    expect(holderOn('kepala:dinkes', '2027-03-01', terms, [oldHead, newHead])).toEqual({ person: newHead, source: 'recorded' });
  });

  it('takes the record made last when two name the same day (a correction)', () => {
    const terms = [term('sekda', 'a', '2027-01-04', '2026-12-01T00:00:00Z'), term('sekda', 'b', '2027-01-04', '2026-12-02T00:00:00Z')];
    expect(termOn(terms, 'sekda', '2027-01-04')?.personId).toBe('b');
  });

  it('is derived from the roles while nothing is recorded', () => {
    expect(holderOn('kepala:dinkes', '2027-01-04', [], [person('x', ['opd_staff'], 'dinkes'), newHead])).toEqual({ person: newHead, source: 'derived' });
  });

  it('is derived again when the recorded holder was made inactive or moved to another OPD', () => {
    const terms = [term('kepala:dinkes', 'lama', '2026-01-05')];
    expect(holderOn('kepala:dinkes', '2027-01-04', terms, [{ ...oldHead, active: false }, newHead])?.person.id).toBe('baru');
    expect(holderOn('kepala:dinkes', '2027-01-04', terms, [{ ...oldHead, opdId: 'bappeda' }, newHead])?.person.id).toBe('baru');
  });

  it('is nobody when the office is vacant', () => {
    expect(holderOn('bupati', '2027-01-04', [], [oldHead])).toBeNull();
  });
});

describe('offices', () => {
  it('names the first handover after a day among the given offices only', () => {
    const terms = [term('sekda', 'a', '2027-05-01'), term('kepala:dinkes', 'baru', '2027-03-01'), term('bupati', 'b', '2027-02-01')];
    expect(nextHandover(['sekda', 'kepala:dinkes'], '2027-01-10', terms)).toBe('2027-03-01');
    expect(nextHandover(['sekda'], '2027-05-01', terms)).toBeNull();
  });

  it('parses only offices of the known OPDs', () => {
    expect(parseOffice('kepala:dinkes', ['dinkes'])).toBe('kepala:dinkes');
    expect(parseOffice('kepala:nowhere', ['dinkes'])).toBeNull();
    expect(allOffices(['dinkes'])).toEqual(['bupati', 'wakil_bupati', 'sekda', 'kepala:dinkes']);
  });

  it('records the development roster’s offices as its roles say, leaving vacant ones out', () => {
    const terms = termsFromRoles([person('bupati', ['bupati']), newHead], ['dinkes', 'bappeda']);
    expect(terms.map((t) => [t.office, t.personId])).toEqual([
      ['bupati', 'bupati'],
      ['kepala:dinkes', 'baru'],
    ]);
  });
});
