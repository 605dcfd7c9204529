/**
 * Holiday years without a deploy (docs/product.md §10): a due day computed with 2027 still
 * without data counts weekends only; the secretariat uploads 2027's list with a holiday inside
 * that span and the same due day moves by one working day. A list with a date outside the year
 * is refused whole, and nothing is saved.
 */
import { describe, expect, it } from 'vitest';
import { as, call, sessionFor } from '../support/api.js';
import { expectProblem } from '../support/flow.js';

interface DueDay {
  dueDate: string;
  yearsWithoutHolidayData: number[];
}

const dueAfterFiveWorkingDays = async () => (await as<DueDay>('pemantau', 'GET', '/v1/working-days?from=2027-03-08&days=5')).body;

const upload = async (body: string, contentType: string, query = '') =>
  call<{ written: boolean; weekends: string[] }>('PUT', `/v1/holiday-years/2027${query}`, {
    token: await sessionFor('sekretariat-1'),
    headers: { 'content-type': contentType },
    rawBody: body,
  });

describe('a holiday year uploaded by the secretariat', () => {
  it('refuses a list with a date outside its year and saves nothing', async () => {
    const csv = 'tanggal,jenis,keterangan\n2027-03-10,libur,Hari Suci Nyepi\n2026-12-25,libur,Natal\n';
    const refused = await upload(csv, 'text/csv', '?source=SKB%202027');
    expectProblem(refused, 400);
    expect(JSON.stringify(refused.body)).toContain('di luar tahun 2027');
    expect((await as('sekretariat-1', 'GET', '/v1/holiday-years/2027')).status).toBe(404);
  });

  it('moves a due day once 2027 has a holiday inside it', async () => {
    const before = await dueAfterFiveWorkingDays();
    expect(before).toEqual({ from: '2027-03-08', workingDays: 5, dueDate: '2027-03-15', yearsWithoutHolidayData: [2027] });

    const list = {
      source: 'SKB Menteri Agama, Menteri Ketenagakerjaan dan Menteri PANRB tentang hari libur nasional dan cuti bersama 2027 (uji)',
      holidays: [
        { date: '2027-01-01', kind: 'libur', name: 'Tahun Baru 2027 Masehi' },
        { date: '2027-03-10', kind: 'libur', name: 'Hari Suci Nyepi' },
        { date: '2027-08-17', kind: 'libur', name: 'Hari Kemerdekaan Republik Indonesia' },
      ],
    };
    const preview = await upload(JSON.stringify(list), 'application/json', '?dryRun=1');
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body.written).toBe(false);
    expect((await dueAfterFiveWorkingDays()).dueDate).toBe('2027-03-15');

    const saved = await upload(JSON.stringify(list), 'application/json');
    expect(saved.status, saved.text).toBe(200);
    expect(saved.body.written).toBe(true);
    expect(await dueAfterFiveWorkingDays()).toMatchObject({ dueDate: '2027-03-16', yearsWithoutHolidayData: [] });

    const stored = await as<{ holidays: unknown[]; history: { by: { userId: string }; before: unknown }[] }>('sekretariat-1', 'GET', '/v1/holiday-years/2027');
    expect(stored.body.holidays).toHaveLength(3);
    expect(stored.body.history.at(-1)).toMatchObject({ by: { userId: 'sekretariat-1' }, before: null });
  });
});
