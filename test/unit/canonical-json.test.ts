import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../domain/canonical-json.js';

describe('canonicalJson', () => {
  it('does not depend on key order', () => {
    const a = { title: 'x', budgetIdr: 5, opdId: 'dinkes' };
    const b = { opdId: 'dinkes', title: 'x', budgetIdr: 5 };

    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"budgetIdr":5,"opdId":"dinkes","title":"x"}');
  });

  it('sorts keys at every depth, including objects inside arrays', () => {
    const value = { z: [{ y: 1, x: [3, { d: 1, c: 2 }] }], a: { n: null, m: true } };

    expect(canonicalJson(value)).toBe('{"a":{"m":true,"n":null},"z":[{"x":[3,{"c":2,"d":1}],"y":1}]}');
  });

  it('keeps array order (arrays are sequences, not sets)', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
    expect(canonicalJson([2, 1])).toBe('[2,1]');
  });

  it('drops keys whose value is undefined, at every depth', () => {
    expect(canonicalJson({ a: 1, b: undefined, c: { d: undefined, e: 2 } })).toBe('{"a":1,"c":{"e":2}}');
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
  });

  it('writes undefined inside an array as null, like JSON.stringify', () => {
    expect(canonicalJson([1, undefined])).toBe('[1,null]');
  });

  it('has no whitespace and escapes strings and keys', () => {
    expect(canonicalJson({ 'k"ey': 'line\n"quoted"' })).toBe('{"k\\"ey":"line\\n\\"quoted\\""}');
  });

  it('writes scalars as JSON', () => {
    expect(canonicalJson('x')).toBe('"x"');
    expect(canonicalJson(1.5)).toBe('1.5');
    expect(canonicalJson(false)).toBe('false');
    expect(canonicalJson(null)).toBe('null');
  });

  it('round-trips to an equal value', () => {
    const value = { kpis: [{ unit: 'puskesmas', name: 'terhubung', target: 4 }], quickWin: true };

    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });
});
