/**
 * Configuration, read once at an entry point from the environment, validated, and passed
 * down. The names are part of the contract (docs/product.md §4).
 */
import { z } from 'zod';

const flag = z.enum(['0', '1', 'true', 'false']).transform((v) => v === '1' || v === 'true');
const secret = z.string().min(32, 'must be at least 32 characters');

export const configSchema = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    PUBLIC_BASE_URL: z.url().optional(),
    TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('alur'),
    DYNAMODB_ENDPOINT: z.url().optional(),
    DYNAMODB_TABLE: z.string().min(3).default('alur'),
    AWS_REGION: z.string().min(1).default('ap-southeast-3'),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
      .default('smtp://127.0.0.1:2525'),
    MAIL_FROM: z.string().min(3).default('alur Pemkab Solok Selatan <alur@solselkab.example>'),
    AUTH_JWT_SECRET: secret.optional(),
    AUTH_JWKS_URL: z.url().optional(),
    ALUR_DEV_LOGIN: flag.default(false),
    /** The Pemda's OpenID provider: set, the sign-in page offers "Masuk dengan SSO" (authorization code + PKCE). */
    OIDC_ISSUER: z.url().optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    /** Unset: a public client (PKCE alone). */
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    /** 1 when the API runs behind a proxy of ours that appends the client's address to X-Forwarded-For. */
    TRUST_PROXY: flag.default(false),
    /** HMAC secret emailed links are derived from; rotating it invalidates every open link. */
    LINK_TOKEN_SECRET: secret,
    /** Worker only: HMAC key that seals every audit event, so a writer of the table without it cannot rewrite the trail. */
    AUDIT_HMAC_SECRET: secret.optional(),
    LINK_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    /** Workflows the worker keeps in memory (about 1 MB each); bounds the worker's memory. */
    WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(500),
    /** Seconds the worker reuses reference data (roster, OPDs, dimensions, holiday years) before reading it again; 0: every time. */
    WORKER_REFERENCE_TTL_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
    /**
     * OTLP/HTTP endpoint (`http://127.0.0.1:4318/v1/metrics`) the worker exports the Temporal SDK's
     * metrics to (schedule-to-start latency, slots, cache, poll results); unset: no export.
     */
    WORKER_METRICS_OTLP_URL: z.url().optional(),
    /** Seconds between two metric exports. */
    WORKER_METRICS_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    /** Port of the worker's health endpoint on 127.0.0.1 (worker/health.ts); unset: none. */
    WORKER_HEALTH_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    /** Seconds between two logins to the SMTP relay by the worker's health check. */
    WORKER_SMTP_CHECK_SECONDS: z.coerce.number().int().min(10).max(86400).default(300),
    /** A prebuilt workflow bundle (scripts/bundle-workflows.ts); unset: the worker bundles at start. */
    WORKFLOW_BUNDLE: z.string().min(1).optional(),
    /** mTLS client certificate and key for Temporal Cloud or a self-hosted Temporal (PEM). */
    TEMPORAL_TLS_CERT: z.string().min(1).optional(),
    TEMPORAL_TLS_KEY: z.string().min(1).optional(),
    /**
     * The CA that signed a self-hosted Temporal's server certificate (PEM); unset: the system's
     * roots, which sign Temporal Cloud's.
     */
    TEMPORAL_TLS_SERVER_CA: z.string().min(1).optional(),
  })
  // Production signs people in through an identity provider (AUTH_JWKS_URL): dev sign-in never runs beside it.
  .refine((c) => !(c.ALUR_DEV_LOGIN && c.AUTH_JWKS_URL), {
    message: 'ALUR_DEV_LOGIN is for development only and cannot be combined with AUTH_JWKS_URL',
    path: ['ALUR_DEV_LOGIN'],
  })
  .refine((c) => !c.OIDC_ISSUER || c.OIDC_CLIENT_ID, { message: 'set OIDC_CLIENT_ID with OIDC_ISSUER', path: ['OIDC_CLIENT_ID'] })
  .refine((c) => !c.TEMPORAL_TLS_CERT === !c.TEMPORAL_TLS_KEY, {
    message: 'set both TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY, or neither',
    path: ['TEMPORAL_TLS_CERT'],
  })
  .refine((c) => !c.TEMPORAL_TLS_SERVER_CA || c.TEMPORAL_TLS_CERT, {
    message: 'TEMPORAL_TLS_SERVER_CA is for TLS to Temporal: set TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY with it',
    path: ['TEMPORAL_TLS_SERVER_CA'],
  })
  .transform((c) => ({ ...c, PUBLIC_BASE_URL: (c.PUBLIC_BASE_URL ?? `http://localhost:${c.PORT}`).replace(/\/+$/, '') }));

export type Config = z.output<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Treat empty variables as unset, as shells and .env files often leave them empty.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(config)'}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** The API authenticates people; the worker does not, so only the API insists on an auth setting. */
export function requireAuthSettings(c: Config): void {
  if (!c.AUTH_JWT_SECRET && !c.AUTH_JWKS_URL)
    throw new ConfigError('invalid configuration:\n  AUTH_JWT_SECRET: set AUTH_JWT_SECRET (development) or AUTH_JWKS_URL (production)');
}

/** The worker writes the audit trail and must seal it; the API never holds this key. */
export function requireAuditKey(c: Config): string {
  if (!c.AUDIT_HMAC_SECRET)
    throw new ConfigError('invalid configuration:\n  AUDIT_HMAC_SECRET: the worker seals audit events with it (at least 32 characters)');
  return c.AUDIT_HMAC_SECRET;
}

export const temporalTls = (c: Config) =>
  c.TEMPORAL_TLS_CERT && c.TEMPORAL_TLS_KEY
    ? {
        clientCertPair: { crt: Buffer.from(c.TEMPORAL_TLS_CERT), key: Buffer.from(c.TEMPORAL_TLS_KEY) },
        ...(c.TEMPORAL_TLS_SERVER_CA ? { serverRootCACertificate: Buffer.from(c.TEMPORAL_TLS_SERVER_CA) } : {}),
      }
    : undefined;

export const storeSettings = (c: Config) => ({ endpoint: c.DYNAMODB_ENDPOINT, region: c.AWS_REGION, tableName: c.DYNAMODB_TABLE });
