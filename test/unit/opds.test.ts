/** The OPD rules the secretariat meets (domain/opds.ts): what a new OPD must be, clashes, merges, and where a merged OPD's work goes. */
import { describe, expect, it } from 'vitest';
import { clashProblems, currentOpdOf, mergeProblem, movedByMerge, newOpdSchema, opdPatchSchema, programScopeOf } from '../../domain/opds.js';
import { decisionRefusal, refusal, type Opd, type Person } from '../../domain/roles.js';

const dinkes: Opd = { id: 'dinkes', abbr: 'Dinkes', name: 'Dinas Kesehatan' };
const dpkp: Opd = { id: 'dpkp', abbr: 'DPKP', name: 'Dinas Pangan dan Ketahanan Pangan' };
const distan: Opd = { id: 'distan', abbr: 'Distan', name: 'Dinas Pertanian' };
const merged = (o: Opd, into: string): Opd => ({ ...o, mergedInto: into, mergedOn: '2026-12-03' });

const messagesOf = (input: unknown) => {
  const parsed = newOpdSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('a new OPD', () => {
  it('is accepted with a code, a formal name and an abbreviation', () => {
    expect(newOpdSchema.parse({ id: 'dinas-pangan', name: '  Dinas Pangan ', abbr: 'Dispangan' })).toEqual({
      id: 'dinas-pangan',
      name: 'Dinas Pangan',
      abbr: 'Dispangan',
    });
  });

  it('refuses a code with capitals, spaces or a trailing hyphen', () => {
    for (const id of ['Dinas-Pangan', 'dinas pangan', 'dinas-'])
      expect(messagesOf({ id, name: 'Dinas Pangan', abbr: 'Dispangan' })[0]).toMatch(/^id: Kode OPD hanya/);
  });

  it('refuses a name that is not a formal name of a perangkat daerah', () => {
    expect(messagesOf({ id: 'pangan', name: 'Urusan Pangan', abbr: 'Pangan' })).toEqual([
      expect.stringMatching(/^name: tulis nama resmi OPD, diawali Sekretariat/),
    ]);
  });

  it('refuses a name written all in capitals', () => {
    expect(messagesOf({ id: 'pangan', name: 'DINAS PANGAN', abbr: 'Pangan' })).toEqual([expect.stringMatching(/^name: .*bukan seluruhnya huruf kapital/)]);
  });

  it('refuses a name on two lines', () => {
    expect(messagesOf({ id: 'pangan', name: 'Dinas\nPangan', abbr: 'Pangan' })).toContain('name: Nama OPD harus satu baris tanpa karakter kendali');
  });

  it('refuses unknown fields', () => {
    expect(messagesOf({ id: 'pangan', name: 'Dinas Pangan', abbr: 'Pangan', head: 'x' })).toHaveLength(1);
  });
});

describe('a change of an OPD', () => {
  it('names at least a name or an abbreviation', () => {
    expect(opdPatchSchema.safeParse({ version: 1 }).success).toBe(false);
    expect(opdPatchSchema.safeParse({ version: 1, abbr: 'Dinkes' }).success).toBe(true);
  });

  it('says which version it was made from', () => {
    expect(opdPatchSchema.safeParse({ name: 'Dinas Kesehatan' }).success).toBe(false);
  });
});

describe('clashes with the OPDs kept', () => {
  it('names the code, name and abbreviation another OPD has, in any case', () => {
    const problems = clashProblems({ id: 'dinkes', name: 'dinas kesehatan', abbr: 'DINKES' }, [dinkes], true);

    expect(problems.map((p) => p.path)).toEqual(['id', 'name', 'abbr']);
  });

  it('counts a merged OPD too: its name stays on its programmes', () => {
    expect(clashProblems({ id: 'dinkes-baru', name: 'Dinas Kesehatan', abbr: 'Dinkes2' }, [merged(dinkes, 'dpkp')], true)).toEqual([
      { path: 'name', message: 'nama ini sudah dipakai Dinkes' },
    ]);
  });

  it('lets an OPD keep its own name when only its abbreviation changes', () => {
    expect(clashProblems({ ...dinkes, abbr: 'Dinas Kes' }, [dinkes, dpkp], false)).toEqual([]);
  });
});

describe('merging', () => {
  it('refuses merging an OPD into itself', () => {
    expect(mergeProblem(dinkes, dinkes)?.message).toBe('pilih OPD lain sebagai tujuan penggabungan');
  });

  it('refuses a target that was merged itself', () => {
    expect(mergeProblem(distan, merged(dpkp, 'dinkes'))?.message).toMatch(/sudah digabungkan ke OPD lain/);
  });

  it('refuses merging Diskominfo away', () => {
    expect(mergeProblem({ id: 'diskominfo', abbr: 'Diskominfo', name: 'Dinas Komunikasi dan Informatika' }, dinkes)?.path).toBe('into');
  });

  it('allows merging into an active OPD', () => {
    expect(mergeProblem(distan, dpkp)).toBeNull();
  });

  it("makes the merged OPD's head staff of the target, keeping other roles", () => {
    const head: Person = { id: 'h', name: 'H', email: 'h@x.id', title: 'Kepala Dinas Pertanian', roles: ['opd_head', 'viewer'], opdId: 'distan' };

    expect(movedByMerge(head, 'dpkp')).toMatchObject({ opdId: 'dpkp', roles: ['opd_staff', 'viewer'] });
  });
});

describe("a programme's OPD after merges", () => {
  it('is the OPD it was merged into, across several merges', () => {
    const opds = [merged(distan, 'dpkp'), merged(dpkp, 'dinkes'), dinkes];

    expect(currentOpdOf('distan', opds)).toBe('dinkes');
  });

  it('is itself while not merged, or when unknown', () => {
    expect(currentOpdOf('dinkes', [dinkes])).toBe('dinkes');
    expect(currentOpdOf('hilang', [dinkes])).toBe('hilang');
  });

  it('stops on a loop written by hand instead of running forever', () => {
    expect(['distan', 'dpkp']).toContain(currentOpdOf('distan', [merged(distan, 'dpkp'), merged(dpkp, 'distan')]));
  });
});

describe("a merged OPD's programme, as the rules see it", () => {
  const opds = [merged(distan, 'dpkp'), dpkp, dinkes];
  const ofDistan = { proposal: { opdId: 'distan' }, stage: 'implementation' as const };
  const movedStaff = { roles: ['opd_staff' as const], opdId: 'dpkp' };

  it('is scoped to the OPD it was merged into', () => {
    expect(programScopeOf(ofDistan, opds)).toEqual({ opdId: 'dpkp', stage: 'implementation' });
  });

  it('is scoped to its own OPD while that is not merged', () => {
    expect(programScopeOf({ proposal: { opdId: 'dinkes' }, stage: 'revision' }, opds)).toEqual({ opdId: 'dinkes', stage: 'revision' });
  });

  it('takes reports from a person moved into the OPD it was merged into', () => {
    expect(refusal(movedStaff, 'report', programScopeOf(ofDistan, opds))).toBeNull();
  });

  it('refuses a person of the OPD it was merged into as decider of its proposal', () => {
    const sekdaOfDpkp = { roles: ['sekda' as const], opdId: 'dpkp' };
    const { opdId } = programScopeOf({ ...ofDistan, stage: 'sekda_approval' }, opds);

    expect(decisionRefusal(sekdaOfDpkp, 'sekda_approval', { opdId, awaited: true })).toBe('nobody of the proposing OPD decides on its own proposal');
  });
});
