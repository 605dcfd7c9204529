/**
 * The notices that ask nothing of their reader, through real SMTP: the submitter's receipt, the
 * OPD told when Diskominfo approved, the secretariat and Diskominfo told when a report arrived,
 * and everyone who took part told when the programme completed.
 */
import { describe, expect, it } from 'vitest';
import { as, emailOf } from '../support/api.js';
import { monthOf, wibToday } from '../support/dates.js';
import { decideByApi, propose } from '../support/flow.js';
import { waitForMail } from '../support/mailbox.js';
import { uniqueTitle } from '../support/proposal.js';
import { signAllByApi } from '../support/signing.js';

describe('notices', () => {
  it('a receipt to the submitter and word to the OPD when Diskominfo approved', async () => {
    const title = uniqueTitle('Aplikasi Posyandu');
    const { id } = await propose('kadis-kesehatan', { title });
    const receipt = await waitForMail({ to: await emailOf('kadis-kesehatan'), messageId: new RegExp(`^<?alur\\.${id}\\.1\\.receipt\\.kadis-kesehatan@`) });
    expect(receipt.subject).toContain('Tanda terima usulan');
    expect(receipt.text).toContain(title);

    await decideByApi('reviewer-kominfo-1', id, 'approve', 'Sesuai arsitektur SPBE.');
    const reviewed = await waitForMail({ to: await emailOf('kadis-kesehatan'), messageId: new RegExp(`^<?alur\\.${id}\\.2\\.reviewed\\.kadis-kesehatan@`) });
    expect(reviewed.subject).toContain('Disetujui Diskominfo');
    expect(reviewed.text).toContain('Sekretaris Daerah');
  });

  it('the secretariat and Diskominfo told of a report, and everyone of the completion', async () => {
    const last = monthOf(wibToday(), -1);
    const { id } = await propose('kadis-kesehatan', {
      title: uniqueTitle('Antrean Puskesmas'),
      startDate: last.first,
      endDate: last.last,
      reportingCadence: 'monthly',
    });
    await decideByApi('reviewer-kominfo-1', id, 'approve', 'Layak.');
    await decideByApi('sekda', id, 'approve', 'Disetujui.');
    const signed = await signAllByApi(id);
    const reported = await as<{ result: { completed: boolean } }>('kadis-kesehatan', 'POST', `/v1/programs/${id}/progress-reports`, {
      json: { period: last.id, percentComplete: 100, narrative: 'Selesai seluruhnya.', kpiValues: [] },
    });
    expect(reported.status, reported.text).toBe(201);
    expect(reported.body.result.completed).toBe(true);

    for (const userId of ['sekretariat-1', 'reviewer-kominfo-2']) {
      const mail = await waitForMail({
        to: await emailOf(userId),
        messageId: new RegExp(`^<?alur\\.${id}\\.${signed.program.stageSeq}\\.received-${last.id}-v1\\.${userId}@`),
      });
      expect(mail.subject).toContain('Laporan kemajuan');
      expect(mail.text).toContain('100%');
    }
    for (const userId of ['kadis-kesehatan', 'bupati', 'sekda', 'sekretariat-1', 'reviewer-kominfo-1']) {
      const mail = await waitForMail({ to: await emailOf(userId), messageId: new RegExp(`^<?alur\\.${id}\\.\\d+\\.completed\\.${userId}@`) });
      expect(mail.subject).toContain('Program selesai');
    }
  });
});
