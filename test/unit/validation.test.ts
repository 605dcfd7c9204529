/**
 * The text rules every request body passes through at the edge (api/validation.ts): NFC,
 * no disguising characters (but emoji sequences are fine), bounded nesting, and `__proto__`
 * as nothing more than an unknown key.
 */
import { describe, expect, it } from 'vitest';
import { plainText } from '../../api/validation.js';

const problemsOf = (value: unknown) => plainText(value).problems.map((p) => p.path.join('.'));

describe('plainText', () => {
  it('normalises every string to NFC, keys and structure kept', () => {
    const nfd = 'Kafe\u0301 Sangir';
    const { value, problems } = plainText({ title: nfd, kpis: [{ name: nfd, target: 3 }], quickWin: true, note: null });
    expect(problems).toEqual([]);
    expect(value).toEqual({ title: 'Kafé Sangir', kpis: [{ name: 'Kafé Sangir', target: 3 }], quickWin: true, note: null });
  });

  it.each([
    ['a zero-width space', 'Set\u200Buju'],
    ['a zero-width joiner between letters', 'Tele\u200Dmedisin'],
    ['a zero-width non-joiner', 'Tele\u200Cmedisin'],
    ['a right-to-left mark', 'abc\u200F'],
    ['a right-to-left override', 'Laporan \u202Efdp.exe'],
    ['a left-to-right embedding', '\u202Aabc'],
    ['a first-strong isolate', 'x\u2068y\u2069'],
    ['a word joiner', 'a\u2060b'],
    ['a byte order mark', '\uFEFFSetuju'],
  ])('refuses %s, naming the field', (_what, text) => {
    expect(problemsOf({ comment: 'ok', kpis: [{ name: text }] })).toEqual(['kpis.0.name']);
  });

  it('accepts emoji, emoji sequences joined by ZWJ, and scripts that need no invisible characters', () => {
    for (const text of ['Selesai 🚀', '👩‍⚕️ tenaga kesehatan', '👩🏽‍⚕️', '🏳️‍🌈', '👨‍👩‍👧 keluarga', 'Минангкабау', 'مينڠكاباو', '日本語']) {
      expect(problemsOf({ narrative: text }), text).toEqual([]);
    }
  });

  it('refuses nesting deeper than any request needs, without walking it', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const { problems } = plainText({ deep });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/nested/);
    expect(problemsOf({ a: [[[{ b: 'ok' }]]] })).toEqual([]);
  });

  it('keeps __proto__ an own, unknown key and pollutes nothing', () => {
    const parsed: unknown = JSON.parse('{"__proto__":{"polluted":"yes"},"title":"x"}');
    const { value } = plainText(parsed);
    expect(Object.keys(value as object)).toEqual(['__proto__', 'title']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
