import { officeOfSigner, officeRule } from '../../domain/offices.js';
import { describe, expect, it } from 'vitest';
import type { Assignee } from '../../domain/program.js';
import type { Person } from '../../domain/roles.js';
import {
  commitmentNotice,
  defaultSigningPolicy,
  delegateRefusal,
  delegationActive,
  describeSignature,
  secondOfficeRefusal,
  requiredOffices,
  signerOfficeLabels,
  signerOffices,
  type Delegation,
  type Signature,
  type SigningPolicy,
} from '../../domain/signing.js';

const sekda: Assignee = { userId: 'sekda', name: 'Dr. Syafrizal', title: 'Sekretaris Daerah' };
const asisten: Assignee = { userId: 'asisten-1', name: 'Ir. Yuliandri', title: 'Asisten Pemerintahan Setda' };

const delegation: Delegation = {
  id: 'd1',
  officialId: 'sekda',
  delegateId: 'asisten-1',
  kind: 'plh',
  from: '2026-12-07',
  until: '2026-12-11',
  basis: 'SK Bupati Nomor 800/123/BKPSDM-2026',
  exclusive: false,
  createdAt: '2026-12-01T02:00:00.000Z',
  revokedAt: null,
};

describe('requiredOffices', () => {
  it('uses the default list for ordinary programmes', () => {
    expect(requiredOffices(defaultSigningPolicy, { quickWin: false })).toEqual(['bupati', 'wakil_bupati', 'sekda', 'opd_head']);
  });

  it('uses the quick-win list for quick wins when the policy has one, the default otherwise', () => {
    const p: SigningPolicy = { default: ['bupati', 'opd_head'], quickWin: ['bupati', 'sekda', 'opd_head', 'diskominfo_head'] };
    expect(requiredOffices(p, { quickWin: true })).toEqual(['bupati', 'sekda', 'opd_head', 'diskominfo_head']);
    expect(requiredOffices(p, { quickWin: false })).toEqual(['bupati', 'opd_head']);
    expect(requiredOffices(defaultSigningPolicy, { quickWin: true })).toEqual(defaultSigningPolicy.default);
  });
});

describe('the office behind a signing office', () => {
  it('is the head of the proposing OPD for the OPD head', () => {
    expect(officeOfSigner('opd_head', 'dinkes')).toBe('kepala:dinkes');
    expect(officeRule(officeOfSigner('opd_head', 'dinkes'))).toEqual({ role: 'opd_head', opdId: 'dinkes' });
  });

  it("is Diskominfo's head, whoever proposed", () => {
    expect(officeOfSigner('diskominfo_head', 'dinkes')).toBe('kepala:diskominfo');
  });

  it.each(['bupati', 'wakil_bupati', 'sekda'] as const)('is the %s office itself, found by role alone', (office) => {
    expect(officeOfSigner(office, 'dinkes')).toBe(office);
    expect(officeRule(office)).toEqual({ role: office, opdId: null });
  });

  it('has a label for every office', () => {
    for (const office of signerOffices) expect(signerOfficeLabels[office]).toMatch(/\S/);
  });
});

describe('describeSignature', () => {
  const base: Signature = { office: 'sekda', official: sekda, signedBy: sekda, capacity: 'self', basis: null, at: '2026-12-08T03:00:00.000Z', channel: 'link' };

  it('names the signer and their title when they sign for themselves', () => {
    expect(describeSignature(base)).toBe('ditandatangani oleh Dr. Syafrizal (Sekretaris Daerah)');
  });

  it('says "as Plh. for the official, basis SK" for an acting official', () => {
    const text = describeSignature({ ...base, signedBy: asisten, capacity: 'plh', basis: delegation.basis });
    expect(text).toBe('ditandatangani oleh Ir. Yuliandri sebagai Plh. Sekretaris Daerah (Dr. Syafrizal), dasar: SK Bupati Nomor 800/123/BKPSDM-2026');
  });

  it('says Plt. for a Pelaksana Tugas, and a dash when the basis is missing', () => {
    const text = describeSignature({ ...base, signedBy: asisten, capacity: 'plt', basis: null });
    expect(text).toContain('sebagai Plt. Sekretaris Daerah');
    expect(text).toMatch(/dasar: -$/);
  });
});

describe('delegationActive', () => {
  it('is in force from the first to the last day, both included', () => {
    expect(delegationActive(delegation, '2026-12-06')).toBe(false);
    expect(delegationActive(delegation, '2026-12-07')).toBe(true);
    expect(delegationActive(delegation, '2026-12-09')).toBe(true);
    expect(delegationActive(delegation, '2026-12-11')).toBe(true);
    expect(delegationActive(delegation, '2026-12-12')).toBe(false);
  });

  it('is never in force once revoked', () => {
    expect(delegationActive({ ...delegation, revokedAt: '2026-12-08T01:00:00.000Z' }, '2026-12-09')).toBe(false);
  });

  it('covers a one-day delegation on that day only', () => {
    const oneDay = { ...delegation, from: '2026-12-09', until: '2026-12-09' };
    expect(delegationActive(oneDay, '2026-12-09')).toBe(true);
    expect(delegationActive(oneDay, '2026-12-10')).toBe(false);
  });
});

describe('commitmentNotice', () => {
  it('says a click is not a certified electronic signature (TTE)', () => {
    expect(commitmentNotice).toMatch(/bukan tanda tangan elektronik tersertifikasi \(TTE\)/);
  });
});

describe('delegateRefusal', () => {
  const person = (id: string, roles: Person['roles'], opdId: string | null = null) => ({ id, roles, opdId });
  const bupati = person('bupati', ['bupati']);
  const wabup = person('wabup', ['wakil_bupati']);
  const sekda = person('sekda', ['sekda'], 'setda');
  const kadisKominfo = person('kadis-kominfo', ['opd_head'], 'diskominfo');
  const reviewer = person('reviewer', ['diskominfo_reviewer'], 'diskominfo');
  const stafDinkes = person('staf-dinkes', ['opd_staff'], 'dinkes');
  const secretariat = person('sekretariat-1', ['secretariat'], 'setda');

  it.each([
    ['the Wakil Bupati for the Bupati', bupati, wabup],
    ['the Sekda for the Bupati', bupati, sekda],
    ['a head of an OPD for the Sekda', sekda, kadisKominfo],
    ['someone of the same OPD for its head', kadisKominfo, reviewer],
  ])('lets %s act', (_, official, delegate) => {
    expect(delegateRefusal(official, delegate)).toBeNull();
  });

  it.each([
    ['the secretariat for the Bupati', bupati, secretariat],
    ['a head of an OPD for the Bupati', bupati, kadisKominfo],
    ['staff of another OPD for a head of an OPD', kadisKominfo, stafDinkes],
    ['anyone for someone who signs nothing', secretariat, sekda],
    ['an official for themselves', sekda, sekda],
  ])('refuses %s', (_, official, delegate) => {
    expect(delegateRefusal(official, delegate)).toEqual(expect.any(String));
  });
});

describe('secondOfficeRefusal', () => {
  const signedBy = (userId: string, office: Signature['office']) => ({ office, signedBy: { userId, name: userId, title: userId } });

  it('refuses a person who signed another office of the commitment', () => {
    expect(secondOfficeRefusal('sekda', 'bupati', [signedBy('sekda', 'sekda')])).toContain('Sekretaris Daerah');
  });

  it('lets a person sign when nobody signed as them yet, or only others did', () => {
    expect(secondOfficeRefusal('sekda', 'bupati', [signedBy('wabup', 'wakil_bupati')])).toBeNull();
  });
});
