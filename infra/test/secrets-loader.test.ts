/**
 * config/secrets.ts against a stand-in of the AWS Parameters and Secrets Lambda Extension (same
 * path, query, header and answers): `<NAME>_SECRET_ARN` becomes `<NAME>`, the extension's
 * start-up refusals are waited out, errors name the secret but never carry a value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaExtensionFetcher, memoizeAsync, resolveSecretEnv, SecretError } from '../../config/secrets.js';
import { startFakeExtension, type FakeExtension } from './support/fake-extension.js';

const store: Record<string, string> = {
  'arn:aws:secretsmanager:ap-southeast-3:123456789012:secret:alur/link-token-secret-AbCdEf': 'link-secret-value-0123456789abcdef0123456789',
  'arn:aws:secretsmanager:ap-southeast-3:123456789012:secret:alur/smtp-url-GhIjKl': 'smtps://u:p@email-smtp.ap-southeast-3.amazonaws.com:465',
};
let extension: FakeExtension;
let port: number;
let token: string;

beforeAll(async () => {
  extension = await startFakeExtension(store);
  ({ port, token } = extension);
});
afterAll(() => extension.close());

const lambdaEnv = () => ({ AWS_SESSION_TOKEN: token, PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(port) });

describe('resolveSecretEnv', () => {
  it('turns every <NAME>_SECRET_ARN into <NAME> through the extension, with the session token', async () => {
    const [linkArn, smtpArn] = Object.keys(store) as [string, string];
    const env = { ...lambdaEnv(), LINK_TOKEN_SECRET_SECRET_ARN: linkArn, SMTP_URL_SECRET_ARN: smtpArn, MAIL_FROM: 'a <a@b.c>' };
    const resolved = await resolveSecretEnv(env);
    expect(resolved['LINK_TOKEN_SECRET']).toBe(store[linkArn]);
    expect(resolved['SMTP_URL']).toBe(store[smtpArn]);
    expect(resolved['MAIL_FROM']).toBe('a <a@b.c>');
    expect(extension.requests.slice(-2).every((r) => r.token === token)).toBe(true);
  });

  it('fetches nothing when no secret is named (local runs, tests, ECS)', async () => {
    const before = extension.requests.length;
    const env = { LINK_TOKEN_SECRET: 'plain', AWS_SESSION_TOKEN: token };
    expect(await resolveSecretEnv(env, () => Promise.reject(new Error('must not be called')))).toEqual(env);
    expect(extension.requests.length).toBe(before);
  });

  it('waits while the extension is still starting', async () => {
    extension.notReady = 3;
    const [linkArn] = Object.keys(store) as [string];
    expect((await resolveSecretEnv({ ...lambdaEnv(), LINK_TOKEN_SECRET_SECRET_ARN: linkArn }))['LINK_TOKEN_SECRET']).toBe(store[linkArn]);
    expect(extension.notReady).toBe(0);
  });

  it('names the secret it could not read, and nothing more', async () => {
    const missing = 'arn:aws:secretsmanager:ap-southeast-3:123456789012:secret:alur/absent-XyZ123';
    const error = await resolveSecretEnv({ ...lambdaEnv(), SMTP_URL_SECRET_ARN: missing }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretError);
    expect((error as Error).message).toContain(missing);
    expect((error as Error).message).toContain('ResourceNotFoundException');
  });

  it('refuses outside Lambda (no session token) rather than guessing', async () => {
    await expect(lambdaExtensionFetcher({})('arn:x')).rejects.toThrow(/AWS_SESSION_TOKEN/);
  });

  it('gives up when nothing listens, after the ready wait', async () => {
    const closed = lambdaExtensionFetcher({ AWS_SESSION_TOKEN: token, PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: '9' }, { readyWaitMs: 200 });
    await expect(closed('arn:x')).rejects.toThrow(/did not answer on port 9/);
  });
});

describe('memoizeAsync', () => {
  it('builds once, and tries again after a failure', async () => {
    let calls = 0;
    const get = memoizeAsync(() => {
      calls++;
      return calls === 1 ? Promise.reject(new Error('cold start failed')) : Promise.resolve(calls);
    });
    await expect(get()).rejects.toThrow('cold start failed');
    expect(await get()).toBe(2);
    expect(await get()).toBe(2);
    expect(calls).toBe(2);
  });
});
