import { describe, expect, it } from 'vitest';
import { deriveLinkToken, hashLinkToken, linkTokenPattern, type LinkBinding } from '../../security/link-tokens.js';

const secret = 'test-secret-0123456789abcdef0123456789';
const binding: LinkBinding = { programId: 'prg_01', stageSeq: 3, userId: 'sekda', subject: 'decide' };

describe('deriveLinkToken', () => {
  it('is 43 characters of base64url (32 bytes, no padding) and matches linkTokenPattern', () => {
    const token = deriveLinkToken(secret, binding);

    expect(token).toHaveLength(43);
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(linkTokenPattern.test(token)).toBe(true);
  });

  it('is the same for the same binding and secret (a retried email carries the same link)', () => {
    expect(deriveLinkToken(secret, { ...binding })).toBe(deriveLinkToken(secret, binding));
  });

  it.each([
    ['programId', { ...binding, programId: 'prg_02' }],
    ['stageSeq', { ...binding, stageSeq: 4 }],
    ['userId', { ...binding, userId: 'bupati' }],
    ['subject', { ...binding, subject: 'sign:bupati' }],
  ])('differs when %s differs', (_field, other) => {
    expect(deriveLinkToken(secret, other)).not.toBe(deriveLinkToken(secret, binding));
  });

  it('differs when the secret differs', () => {
    expect(deriveLinkToken(`${secret}x`, binding)).not.toBe(deriveLinkToken(secret, binding));
  });
});

describe('linkTokenPattern', () => {
  it.each([
    ['too short', 'a'.repeat(42)],
    ['too long', 'a'.repeat(44)],
    ['padded', `${'a'.repeat(42)}=`],
    ['base64 (not url) characters', `${'a'.repeat(42)}+`],
    ['a path', `../${'a'.repeat(40)}`],
  ])('rejects %s', (_name, candidate) => {
    expect(linkTokenPattern.test(candidate)).toBe(false);
  });
});

describe('hashLinkToken', () => {
  it('is 64 lowercase hex characters and not the token itself', () => {
    const token = deriveLinkToken(secret, binding);

    const hash = hashLinkToken(token);

    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toBe(token);
    expect(hash).not.toContain(token);
  });

  it('is deterministic and differs between tokens', () => {
    const a = deriveLinkToken(secret, binding);
    const b = deriveLinkToken(secret, { ...binding, stageSeq: 4 });

    expect(hashLinkToken(a)).toBe(hashLinkToken(a));
    expect(hashLinkToken(a)).not.toBe(hashLinkToken(b));
  });
});
