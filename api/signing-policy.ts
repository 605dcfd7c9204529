/**
 * The signing policy as the secretariat keeps it (docs/product.md §10): which offices sign a
 * programme's commitment, by default and for quick wins. The signing stage reads the policy
 * once, when it opens, and keeps the offices it opened with (workflows/stage-signing.ts); so a
 * change applies to commitments whose signing starts after it, never to one being signed.
 * `/v1/signing-policy` and the page `/admin/penandatanganan` change it through here.
 */
import { z } from 'zod';
import type { Person } from '../domain/roles.js';
import { signerOffices, type SigningPolicy } from '../domain/signing.js';
import { SigningPolicyVersionError, type SigningPolicyChange } from '../store/signing.js';
import type { AppDeps } from './context.js';
import { ProblemError } from './problem.js';

const officeList = (what: string) =>
  z
    .array(z.enum(signerOffices, { error: `jabatan tidak dikenal; pilihan: ${signerOffices.join(', ')}` }), { error: `${what}: daftar jabatan` })
    .min(1, `${what}: pilih sekurang-kurangnya satu jabatan`)
    .refine((offices) => new Set(offices).size === offices.length, `${what}: jabatan yang sama disebut dua kali`);

/** `PUT /v1/signing-policy`: the whole policy, made from `version`; `quickWin` null or absent: quick wins sign as the default. */
export const signingPolicyBody = z.strictObject({
  version: z.number({ error: 'versi wajib dikirim' }).int().min(0),
  default: officeList('Penandatangan program'),
  quickWin: officeList('Penandatangan quick win').nullable().optional(),
});
export type SigningPolicyEdit = z.output<typeof signingPolicyBody>;

/** Only the secretariat changes who signs. */
export const signingPolicyRefusal = (person: Pick<Person, 'roles'>): string | null =>
  person.roles.includes('secretariat') ? null : 'hanya Sekretariat yang dapat mengubah kebijakan penandatanganan';

/** The policy as the API shows it: `quickWin` null when quick wins sign as the default. */
export const signingPolicyView = (p: { policy: SigningPolicy; version: number }) => ({
  default: p.policy.default,
  quickWin: p.policy.quickWin ?? null,
  version: p.version,
});

export async function readSigningPolicy(deps: Pick<AppDeps, 'store'>) {
  return signingPolicyView(await deps.store.signing.readSigningPolicy());
}

export const signingPolicyChanges = (deps: Pick<AppDeps, 'store'>): Promise<SigningPolicyChange[]> => deps.store.signing.signingPolicyChanges();

/** Replaces the policy read at `edit.version`; 409 when it changed meanwhile. Answers with the policy and whether it changed. */
export async function changeSigningPolicy(deps: Pick<AppDeps, 'store'>, person: Person, edit: SigningPolicyEdit, via: SigningPolicyChange['by']['via']) {
  const why = signingPolicyRefusal(person);
  if (why) throw new ProblemError(403, 'Not allowed', why);
  const current = await deps.store.signing.readSigningPolicy();
  const changedMeanwhile = new ProblemError(
    409,
    'Changed meanwhile',
    `the signing policy is at version ${current.version}, not ${edit.version}: read it again and repeat the change`,
  );
  if (current.version !== edit.version) throw changedMeanwhile;
  const after: SigningPolicy = { default: edit.default, ...(edit.quickWin ? { quickWin: edit.quickWin } : {}) };
  if (JSON.stringify(after) === JSON.stringify(current.policy)) return { ...signingPolicyView(current), changed: false };
  try {
    const change = await deps.store.signing.updateSigningPolicy(
      current.policy,
      current.version,
      after,
      { userId: person.id, name: person.name, via },
      new Date(),
    );
    return { ...signingPolicyView({ policy: change.after, version: change.version }), changed: true };
  } catch (e) {
    if (e instanceof SigningPolicyVersionError) throw changedMeanwhile;
    throw e;
  }
}
