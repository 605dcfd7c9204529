/**
 * Offices and open work against the real stack (docs/product.md §10): a handover recorded for a
 * later day leaves today's holder in place and takes effect on its day; a reviewer made inactive
 * loses the open review (the old link refused) while whoever may review now gets it with a link of
 * their own and an email saying so; a Plh. for the Sekda approves, recorded as acting for whom on
 * which decree, and nobody without such a delegation, or of the proposing OPD, may.
 *
 * The stack is shared with the other e2e files: every person, delegation and status changed here
 * is put back before the test ends.
 */
import { describe, expect, it } from 'vitest';
import { as, openLink, submitLink, type Json } from '../support/api.js';
import { addDays, wibToday } from '../support/dates.js';
import { decideByApi, events, expectProblem, propose, requestMail } from '../support/flow.js';
import { linkIn, waitForMail } from '../support/mailbox.js';
import { uniqueTitle } from '../support/proposal.js';
import { recordDelegation, revokeDelegation } from '../support/signing.js';
import { eventually } from '../support/wait.js';

interface Created {
  id: string;
  email: string;
}

interface OfficeBody {
  office: string;
  holder: { personId: string; source: 'recorded' | 'derived' } | null;
  upcoming: { personId: string; from: string }[];
  history: { personId: string; from: string; recordedBy: { userId: string }; before: string | null }[];
}

async function createPerson(nip: string, name: string, opdId: string, roles: string[]): Promise<Created> {
  const res = await as<Created>('sekretariat-1', 'POST', '/v1/people', {
    json: { nip, name, title: `Pejabat ${name}`, email: `${nip}@solselkab.example`, opdId, roles } satisfies Json,
  });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

const setActive = async (personId: string, active: boolean) => {
  const res = await as('sekretariat-1', 'PATCH', `/v1/people/${personId}`, { json: { active } });
  expect(res.status, res.text).toBe(200);
};

describe('offices held from a date', () => {
  it('keeps today’s holder until a handover’s day, applies one for today at once, and refuses what cannot be', async () => {
    const head = await createPerson('197703152003121004', 'Ir. Darmansyah', 'distan', ['opd_head']);
    const today = wibToday();

    const ahead = await as<{ office: OfficeBody }>('sekretariat-1', 'PUT', '/v1/offices/kepala:distan', {
      json: { personId: head.id, from: addDays(today, 1), basis: 'SK Bupati Nomor 821/45/BKPSDM-2026' },
    });
    expect(ahead.status, ahead.text).toBe(200);
    expect(ahead.body.office.upcoming.map((t) => [t.personId, t.from])).toEqual([[head.id, addDays(today, 1)]]);
    expect(ahead.body.office.holder?.source).toBe('derived'); // nothing recorded for today yet: the roles decide
    expect(ahead.body.office.history[0]).toMatchObject({ recordedBy: { userId: 'sekretariat-1' } });

    const now = await as<OfficeBody>('sekretariat-1', 'PUT', '/v1/offices/kepala:distan', {
      json: { personId: head.id, from: today, basis: 'SK Bupati Nomor 821/46/BKPSDM-2026' },
    }).then(async () => as<OfficeBody>('sekretariat-1', 'GET', '/v1/offices/kepala:distan'));
    expect(now.body.holder).toMatchObject({ personId: head.id, source: 'recorded' });

    const listed = await as<{ items: OfficeBody[] }>('sekretariat-1', 'GET', '/v1/offices');
    expect(listed.body.items.find((o) => o.office === 'sekda')?.holder).toMatchObject({ personId: 'sekda', source: 'recorded' });

    const staff = await as('sekretariat-1', 'PUT', '/v1/offices/kepala:distan', { json: { personId: 'staf-bappeda', from: today, basis: 'SK' } });
    expectProblem(staff, 400);
    expect(JSON.stringify(staff.body)).toContain('personId');
    expectProblem(await as('sekretariat-1', 'PUT', '/v1/offices/kepala:negeri-antah', { json: { personId: head.id, from: today, basis: 'SK' } }), 404);
    expectProblem(await as('kadis-kesehatan', 'PUT', '/v1/offices/kepala:distan', { json: { personId: head.id, from: today, basis: 'SK' } }), 403);
  });
});

describe('open work when the roster changes', () => {
  it('hands an open review to whoever may review now: a new link that works, the old one refused, and a notice by email', async () => {
    const { id } = await propose('kadis-kesehatan', { title: uniqueTitle('Rekam medis elektronik puskesmas') });
    const { link: oldLink } = await requestMail(id, 'reviewer-kominfo-1', 1);
    let newReviewer: Created | null = null;
    try {
      newReviewer = await createPerson('198906302015032006', 'Putri Handayani, S.Kom.', 'diskominfo', ['diskominfo_reviewer']);
      await setActive('reviewer-kominfo-1', false);

      const handedOver = await waitForMail({ to: newReviewer.email, messageId: new RegExp(`alur\\.${id}\\.1\\.diskominfo_review\\.reroute-\\d+\\.`) });
      expect(handedOver.subject).toContain('Pengalihan');
      expect(handedOver.text).toContain('dialihkan kepada Bapak/Ibu');
      await eventually('the reviewer made inactive no longer awaited', async () => {
        const trail = await events(id);
        const removed = trail.filter((e) => e.type === 'deciders_rerouted').flatMap((e) => (e.details?.['removed'] as { userId: string }[]) ?? []);
        return removed.some((r) => r.userId === 'reviewer-kominfo-1') ? true : undefined;
      });
      expect((await openLink(oldLink, { json: true })).status).toBe(410);

      const newLink = linkIn(handedOver);
      expect((await openLink(newLink, { json: true })).status).toBe(200);
      const decided = await submitLink<{ toStage: string }>(newLink, { decision: 'approve', comment: 'layak secara teknis' });
      expect(decided.status, decided.text).toBe(200);
      const trail = await events(id);
      expect(trail.find((e) => e.type === 'decided')?.actor).toMatchObject({ userId: newReviewer.id });
    } finally {
      await setActive('reviewer-kominfo-1', true);
      if (newReviewer) await setActive(newReviewer.id, false);
    }
  });
});

describe('a Plt./Plh. deciding', () => {
  it('lets the Plh. for the Sekda approve, recorded as acting for the Sekda on the decree; refuses one without a delegation or of the proposing OPD', async () => {
    const today = wibToday();
    const delegation = await recordDelegation({
      officialId: 'sekda',
      delegateId: 'kepala-bappeda',
      kind: 'plh',
      from: today,
      until: addDays(today, 3),
      basis: 'SK Bupati Nomor 800/112/BKPSDM-2026',
    });
    try {
      const { id } = await propose('kadis-kesehatan', { title: uniqueTitle('Layanan ambulans desa') });
      await decideByApi('reviewer-kominfo-2', id, 'approve', 'layak');

      expectProblem(await as('staf-bappeda', 'POST', `/v1/programs/${id}/decisions`, { json: { decision: 'approve', comment: '' } }), 403);

      const approved = await decideByApi('kepala-bappeda', id, 'approve', 'disetujui atas nama Sekretaris Daerah');
      expect(approved.body.result).toMatchObject({ fromStage: 'sekda_approval', toStage: 'signing' });
      const decided = (await events(id)).filter((e) => e.type === 'decided').at(-1);
      expect(decided?.actor).toMatchObject({ userId: 'kepala-bappeda', capacity: 'plh' });
      expect(decided?.details?.['actingFor']).toMatchObject({ official: { userId: 'sekda' }, kind: 'plh', basis: 'SK Bupati Nomor 800/112/BKPSDM-2026' });

      const own = await propose('kepala-bappeda', { opdId: 'bappeda', title: uniqueTitle('Satu data perencanaan') });
      await decideByApi('reviewer-kominfo-2', own.id, 'approve', 'layak');
      expectProblem(
        await as('kepala-bappeda', 'POST', `/v1/programs/${own.id}/decisions`, { json: { decision: 'approve', comment: '' } }),
        403,
        /proposing OPD/,
      );
    } finally {
      await revokeDelegation(delegation.id);
    }
  });
});
