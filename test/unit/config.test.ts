import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, requireAuthSettings, temporalTls } from '../../config/config.js';

const linkSecret = 'link-secret-0123456789abcdef0123456789';
const jwtSecret = 'jwt-secret-0123456789abcdef01234567890';
/** The least a development environment must set. */
const minimal = { LINK_TOKEN_SECRET: linkSecret, AUTH_JWT_SECRET: jwtSecret };

/** The ConfigError loadConfig throws for `env` (fails the test when it does not throw one). */
function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('loadConfig accepted the environment');
}

describe('loadConfig defaults', () => {
  it('fills in port, base URL, region, table and a disabled dev login', () => {
    const config = loadConfig({ ...minimal });

    expect(config.PORT).toBe(3000);
    expect(config.PUBLIC_BASE_URL).toBe('http://localhost:3000');
    expect(config.AWS_REGION).toBe('ap-southeast-3');
    expect(config.DYNAMODB_TABLE).toBe('alur');
    expect(config.ALUR_DEV_LOGIN).toBe(false);
    expect(config.DYNAMODB_ENDPOINT).toBeUndefined();
  });

  it('derives PUBLIC_BASE_URL from PORT', () => {
    const config = loadConfig({ ...minimal, PORT: '8080' });

    expect(config.PORT).toBe(8080);
    expect(config.PUBLIC_BASE_URL).toBe('http://localhost:8080');
  });

  it('ignores variables it does not know (the whole process environment is passed in)', () => {
    expect(loadConfig({ ...minimal, HOME: '/root', PATH: '/usr/bin' }).PORT).toBe(3000);
  });
});

describe('loadConfig PUBLIC_BASE_URL', () => {
  it('trims a trailing slash', () => {
    expect(loadConfig({ ...minimal, PUBLIC_BASE_URL: 'https://alur.solselkab.go.id/' }).PUBLIC_BASE_URL).toBe('https://alur.solselkab.go.id');
  });

  it('trims several trailing slashes and keeps a path', () => {
    expect(loadConfig({ ...minimal, PUBLIC_BASE_URL: 'https://solselkab.go.id/alur//' }).PUBLIC_BASE_URL).toBe('https://solselkab.go.id/alur');
  });

  it('keeps a URL without a trailing slash as it is, even when PORT is set', () => {
    expect(loadConfig({ ...minimal, PORT: '8080', PUBLIC_BASE_URL: 'https://alur.example' }).PUBLIC_BASE_URL).toBe('https://alur.example');
  });

  it('rejects a value that is not a URL, naming it', () => {
    expect(configError({ ...minimal, PUBLIC_BASE_URL: 'alur.example' }).message).toContain('PUBLIC_BASE_URL');
  });
});

describe('loadConfig empty strings', () => {
  it('treats empty variables as unset', () => {
    const config = loadConfig({
      ...minimal,
      PORT: '',
      PUBLIC_BASE_URL: '',
      AWS_REGION: '',
      DYNAMODB_TABLE: '',
      DYNAMODB_ENDPOINT: '',
      AUTH_JWKS_URL: '',
      ALUR_DEV_LOGIN: '',
    });

    expect(config.PORT).toBe(3000);
    expect(config.PUBLIC_BASE_URL).toBe('http://localhost:3000');
    expect(config.AWS_REGION).toBe('ap-southeast-3');
    expect(config.DYNAMODB_TABLE).toBe('alur');
    expect(config.DYNAMODB_ENDPOINT).toBeUndefined();
    expect(config.AUTH_JWKS_URL).toBeUndefined();
    expect(config.ALUR_DEV_LOGIN).toBe(false);
  });

  it('treats an empty LINK_TOKEN_SECRET as missing', () => {
    expect(configError({ ...minimal, LINK_TOKEN_SECRET: '' }).message).toContain('LINK_TOKEN_SECRET');
  });
});

describe('loadConfig secrets', () => {
  it('throws a ConfigError naming LINK_TOKEN_SECRET when it is missing', () => {
    const error = configError({ AUTH_JWT_SECRET: jwtSecret });

    expect(error.name).toBe('ConfigError');
    expect(error.message).toContain('LINK_TOKEN_SECRET');
  });

  it('refuses a short LINK_TOKEN_SECRET', () => {
    expect(configError({ ...minimal, LINK_TOKEN_SECRET: 'short' }).message).toContain('LINK_TOKEN_SECRET');
  });

  it('lets the worker start without an auth setting, but the API insists on one', () => {
    const config = loadConfig({ LINK_TOKEN_SECRET: linkSecret });

    expect(() => requireAuthSettings(config)).toThrow(ConfigError);
    expect(() => requireAuthSettings(config)).toThrow(/AUTH_JWT_SECRET.*AUTH_JWKS_URL/);
    expect(() => requireAuthSettings({ ...config, AUTH_JWKS_URL: 'https://sso.example/jwks' })).not.toThrow();
  });

  it('wants a Temporal client certificate and key together, or neither', () => {
    expect(configError({ ...minimal, TEMPORAL_TLS_CERT: 'cert' }).message).toContain('TEMPORAL_TLS_CERT');
    expect(temporalTls(loadConfig({ ...minimal, TEMPORAL_TLS_CERT: 'cert', TEMPORAL_TLS_KEY: 'key' }))?.clientCertPair.key.toString()).toBe('key');
    expect(temporalTls(loadConfig(minimal))).toBeUndefined();
  });

  it("trusts a self-hosted Temporal's own CA only when TEMPORAL_TLS_SERVER_CA is set, and only with a client pair", () => {
    const pair = { ...minimal, TEMPORAL_TLS_CERT: 'cert', TEMPORAL_TLS_KEY: 'key' };
    expect(temporalTls(loadConfig(pair))).not.toHaveProperty('serverRootCACertificate');
    expect(temporalTls(loadConfig({ ...pair, TEMPORAL_TLS_SERVER_CA: 'ca' }))?.serverRootCACertificate?.toString()).toBe('ca');
    expect(configError({ ...minimal, TEMPORAL_TLS_SERVER_CA: 'ca' }).message).toContain('TEMPORAL_TLS_SERVER_CA');
  });

  it('accepts AUTH_JWKS_URL alone (production)', () => {
    const config = loadConfig({ LINK_TOKEN_SECRET: linkSecret, AUTH_JWKS_URL: 'https://sso.example/.well-known/jwks.json' });

    expect(config.AUTH_JWKS_URL).toBe('https://sso.example/.well-known/jwks.json');
    expect(config.AUTH_JWT_SECRET).toBeUndefined();
  });
});

describe('loadConfig ALUR_DEV_LOGIN', () => {
  it.each([
    ['1', true],
    ['0', false],
    ['true', true],
    ['false', false],
  ])('%s → %s', (value, enabled) => {
    expect(loadConfig({ ...minimal, ALUR_DEV_LOGIN: value }).ALUR_DEV_LOGIN).toBe(enabled);
  });

  it('rejects any other value rather than guessing', () => {
    expect(configError({ ...minimal, ALUR_DEV_LOGIN: 'yes' }).message).toContain('ALUR_DEV_LOGIN');
  });
});
