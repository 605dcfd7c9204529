/**
 * The commitment (komitmen) and who signs it. Which offices must sign is policy, kept as
 * data per kind of programme; who holds an office comes from the roster; an acting
 * official (Plt./Plh.) may sign for an office during a delegation.
 */
import type { Assignee, Channel } from './program.js';
import type { Person, Role } from './roles.js';

/** An office whose signature the commitment needs. `opd_head` means the head of the proposing OPD. */
export const signerOffices = ['bupati', 'wakil_bupati', 'sekda', 'opd_head', 'diskominfo_head'] as const;
export type SignerOffice = (typeof signerOffices)[number];

export const signerOfficeLabels: Record<SignerOffice, string> = {
  bupati: 'Bupati',
  wakil_bupati: 'Wakil Bupati',
  sekda: 'Sekretaris Daerah',
  opd_head: 'Kepala OPD pengusul',
  diskominfo_head: 'Kepala Dinas Komunikasi dan Informatika',
};

/** Which offices sign, per kind of programme (quick wins may differ). Stored as reference data. */
export interface SigningPolicy {
  default: SignerOffice[];
  quickWin?: SignerOffice[];
}

export const defaultSigningPolicy: SigningPolicy = { default: ['bupati', 'wakil_bupati', 'sekda', 'opd_head'] };

export function requiredOffices(policy: SigningPolicy, program: { quickWin: boolean }): SignerOffice[] {
  return program.quickWin && policy.quickWin ? policy.quickWin : policy.default;
}

export const delegationKinds = ['plt', 'plh'] as const;
export type DelegationKind = (typeof delegationKinds)[number];
export const delegationKindLabels: Record<DelegationKind, string> = { plt: 'Plt.', plh: 'Plh.' };

/** An acting official: `delegate` acts for `official` from..until, on the basis of a decree. */
export interface Delegation {
  id: string;
  officialId: string;
  delegateId: string;
  kind: DelegationKind;
  /** Inclusive WIB dates. */
  from: string;
  until: string;
  /** The decree (SK) that appoints the acting official. */
  basis: string;
  /**
   * When true, the absent official's own link stops working during the delegation. Asked for
   * at creation (`exclusiveRequested`), it holds only once a second person confirmed it.
   */
  exclusive: boolean;
  exclusiveRequested?: boolean;
  exclusiveConfirmedAt?: string | null;
  exclusiveConfirmedBy?: Assignee | null;
  createdAt: string;
  /** Who recorded it (absent on delegations recorded before this was kept). */
  createdBy?: Assignee;
  revokedAt: string | null;
  revokedBy?: Assignee | null;
}

/** What happens to a delegation, each once at most: recorded, made exclusive by a second person, revoked. */
export type DelegationChangeType = 'created' | 'exclusive_confirmed' | 'revoked';

/** One change of a delegation as an attributed audit event: who, when, the delegation before and after. */
export interface DelegationChange {
  delegationId: string;
  type: DelegationChangeType;
  at: string;
  by: Assignee;
  /** Null for its creation. */
  before: Delegation | null;
  after: Delegation;
}

/** A delegation change as a programme's trail names it when it changed who may act on the programme. */
export interface DelegationChangeRef {
  delegationId: string;
  type: DelegationChangeType;
  at: string;
  by: Assignee;
  officialId: string;
  delegateId: string;
}

/**
 * What happened to a delegation, oldest first, as its own item records it (who is null on
 * delegations recorded before that was kept). Read from the item the routes were worked out
 * from, so a re-route names exactly the changes it saw.
 */
export function delegationHistory(d: Delegation): { type: DelegationChangeType; at: string; by: Assignee | null }[] {
  return [
    { type: 'created' as const, at: d.createdAt, by: d.createdBy ?? null },
    ...(d.exclusiveConfirmedAt ? [{ type: 'exclusive_confirmed' as const, at: d.exclusiveConfirmedAt, by: d.exclusiveConfirmedBy ?? null }] : []),
    ...(d.revokedAt !== null ? [{ type: 'revoked' as const, at: d.revokedAt, by: d.revokedBy ?? null }] : []),
  ];
}

/** What happened to a delegation, in the words the pages and the trail use. */
export const delegationChangeLabels: Record<DelegationChangeType, string> = {
  created: 'dicatat',
  exclusive_confirmed: 'dikukuhkan sebagai satu-satunya penanda tangan',
  revoked: 'dicabut',
};

/** A programme trail's note of the delegation change that re-routed it. */
export const delegationChangeWords = (c: DelegationChangeRef) => `penunjukan pelaksana tugas ${delegationChangeLabels[c.type]} oleh ${c.by.name}`;

/** A delegation lasts at most this many days (Plt./Plh. are appointed for up to three months at a time). */
export const maxDelegationDays = 92;

/** The signing offices a person holds, by role (an OPD head holds `opd_head` for their own OPD). */
export function officesHeldBy(person: Pick<Person, 'roles' | 'opdId'>): SignerOffice[] {
  const offices: SignerOffice[] = [];
  if (person.roles.includes('bupati')) offices.push('bupati');
  if (person.roles.includes('wakil_bupati')) offices.push('wakil_bupati');
  if (person.roles.includes('sekda')) offices.push('sekda');
  if (person.roles.includes('opd_head')) offices.push(person.opdId === 'diskominfo' ? 'diskominfo_head' : 'opd_head');
  return offices;
}

/**
 * Why `delegate` may not act for `official`, or null when they may. The acting official must be
 * eligible for every signing office the official holds: for the Bupati the Wakil Bupati or the
 * Sekda; for the Wakil Bupati the Sekda or a head of an OPD; for the Sekda a head of an OPD;
 * for the head of an OPD someone of that OPD or the head of another. Nobody acts for
 * themselves, and an official without a signing office has nobody to act for them here.
 */
export function delegateRefusal(official: Pick<Person, 'id' | 'roles' | 'opdId'>, delegate: Pick<Person, 'id' | 'roles' | 'opdId'>): string | null {
  if (official.id === delegate.id) return 'an official cannot act for themselves';
  const offices = officesHeldBy(official);
  if (offices.length === 0) return 'the official holds no office that signs a commitment';
  const has = (...roles: Role[]) => delegate.roles.some((r) => roles.includes(r));
  const eligible = (office: SignerOffice): boolean => {
    switch (office) {
      case 'bupati':
        return has('wakil_bupati', 'sekda');
      case 'wakil_bupati':
        return has('sekda', 'opd_head');
      case 'sekda':
        return has('opd_head');
      case 'opd_head':
      case 'diskominfo_head':
        return has('opd_head') || (delegate.opdId === official.opdId && has('opd_staff', 'diskominfo_reviewer'));
    }
  };
  const not = offices.filter((o) => !eligible(o));
  return not.length === 0 ? null : `the delegate is not eligible to act as ${not.map((o) => signerOfficeLabels[o]).join(', ')}`;
}

/**
 * Why `signerId` may not sign `office` of a commitment, or null: one person never signs for two
 * offices of one commitment (as official or acting official), so no one completes it alone.
 * `signatures` are those of the same signing occurrence. The API and the workflow's sign
 * validator both ask this.
 */
export function secondOfficeRefusal(signerId: string, office: SignerOffice, signatures: readonly Pick<Signature, 'office' | 'signedBy'>[]): string | null {
  const other = signatures.find((s) => s.signedBy.userId === signerId && s.office !== office);
  return other
    ? `you have already signed this commitment for another office (${signerOfficeLabels[other.office]}); one person signs for one office only`
    : null;
}

/** Someone who may sign for an office right now, and in which capacity. */
export interface SignerRoute {
  office: SignerOffice;
  official: Assignee;
  signer: Assignee;
  /** 'self' for the official; otherwise the acting capacity and its basis. */
  capacity: 'self' | DelegationKind;
  basis: string | null;
  /** The OPD whose head this route signs for, where one commitment has a seat per OPD (the masterplan's). */
  opdId?: string;
  /**
   * Which issue of this signer's link (absent: the first). A re-route that sends someone a
   * link again starts a new round, so the new link is not the one revoked before.
   */
  round?: number;
}

export interface Signature {
  office: SignerOffice;
  official: Assignee;
  signedBy: Assignee;
  capacity: 'self' | DelegationKind;
  basis: string | null;
  /** As on the route it was given by: the OPD of an OPD head's seat in the masterplan's commitment. */
  opdId?: string;
  at: string;
  channel: Channel;
}

/**
 * One signature a commitment needs: an office, and for the masterplan's commitment, which
 * OPD's head (a programme's commitment has one seat per office). The key names it in routes,
 * signatures and store keys.
 */
export interface SignerSeat {
  office: SignerOffice;
  opdId?: string;
}

export const seatKey = (s: SignerSeat): string => (s.opdId === undefined ? s.office : `${s.office}:${s.opdId}`);
export const sameSeat = (a: SignerSeat, b: SignerSeat): boolean => a.office === b.office && a.opdId === b.opdId;
/** Only the seat of a route or signature, as the store and the workflow compare it. */
export const seatOf = (s: SignerSeat): SignerSeat => (s.opdId === undefined ? { office: s.office } : { office: s.office, opdId: s.opdId });

/**
 * The masterplan's commitment (docs/product.md §9): the Bupati, the Wakil Bupati, the Sekda, and
 * the head of every OPD that has one in the roster, one seat each, in the roster's OPD order.
 */
export function masterplanSeats(opdIdsWithHead: readonly string[]): SignerSeat[] {
  return [{ office: 'bupati' }, { office: 'wakil_bupati' }, { office: 'sekda' }, ...opdIdsWithHead.map((opdId) => ({ office: 'opd_head' as const, opdId }))];
}

/** "signed by X as Plh. for Y, basis SK ..." */
export function describeSignature(s: Signature): string {
  if (s.capacity === 'self') return `ditandatangani oleh ${s.signedBy.name} (${s.signedBy.title})`;
  return `ditandatangani oleh ${s.signedBy.name} sebagai ${delegationKindLabels[s.capacity]} ${s.official.title} (${s.official.name}), dasar: ${s.basis ?? '-'}`;
}

/** A delegation in force on a WIB date. */
export function delegationActive(d: Delegation, date: string): boolean {
  return d.revokedAt === null && d.from <= date && date <= d.until;
}

/**
 * The signed commitment: a canonical hash of what was approved and every signature.
 * A click in alur is an administrative approval, not a certified electronic signature:
 * `tte` is the seam where a BSrE/SRIKANDI reference or a signed PDF can be attached later.
 */
export interface CommitmentRecord {
  /**
   * SHA-256 (hex) of canonicalJson(content): what was approved, the same hash each signer saw
   * before signing. It does not cover the signatures (they did not exist yet).
   */
  hash: string;
  programId: string;
  content: { programId: string; proposalVersion: number; proposal: unknown };
  signatures: Signature[];
  /**
   * SHA-256 (hex) of canonicalJson({ hash, signatures }): covers every signature as recorded
   * (office, official, signer, capacity, basis, time, channel) together with the content's hash.
   * Absent on commitments recorded before it existed: their signatures are not covered.
   */
  signaturesHash?: string;
  completedAt: string;
  tte: { provider: string; reference: string; attachedAt: string } | null;
}

/** What the masterplan's commitment covers: the masterplan as it stood when the round was opened. */
export interface MasterplanCommitmentContent {
  kind: 'masterplan';
  masterplanId: string;
  /** Which signing of this masterplan (1, 2, ...): a new round after a new period or a refusal. */
  round: number;
  masterplan: { id: string; title: string; startYear: number; endYear: number };
}

/** The masterplan's signed commitment, stored and verified like a programme's (same hashes, same `tte` seam). */
export interface MasterplanCommitmentRecord {
  kind: 'masterplan';
  hash: string;
  masterplanId: string;
  content: MasterplanCommitmentContent;
  signatures: Signature[];
  signaturesHash: string;
  completedAt: string;
  tte: CommitmentRecord['tte'];
}

/** One signing of the masterplan's commitment, as opened: who must sign (one seat each), by when, and its outcome. */
export interface MasterplanCommitmentRound {
  masterplanId: string;
  round: number;
  content: MasterplanCommitmentContent;
  seats: SignerSeat[];
  openedAt: string;
  openedBy: Assignee;
  dueDate: string;
  dueAt: string;
  /** Set once every seat has signed. */
  commitmentHash: string | null;
  completedAt: string | null;
  /** Seats no longer required: the head's seat of an OPD merged into another while the round was open (absent: none). */
  droppedSeats?: DroppedSeat[];
}

/**
 * A seat taken out of an open round because its OPD was merged into another (docs/product.md §10):
 * the merged OPD no longer exists as a signatory, and the OPD it was merged into has its own seat.
 * A signature already given for it stays on record but is no longer required.
 */
export interface DroppedSeat {
  seat: SignerSeat;
  mergedInto: string;
  mergedOn: string;
  droppedAt: string;
}

/** Either kind of signed commitment, as the public verification reads it by hash. */
export type AnyCommitmentRecord = CommitmentRecord | MasterplanCommitmentRecord;

export const isMasterplanCommitment = (c: AnyCommitmentRecord): c is MasterplanCommitmentRecord => 'kind' in c && c.kind === 'masterplan';

export const commitmentNotice = 'Persetujuan dan tanda tangan di alur adalah keputusan administratif, bukan tanda tangan elektronik tersertifikasi (TTE).';
