/**
 * Secrets from AWS Secrets Manager, resolved once at an entry point, before `loadConfig`.
 *
 * For every variable `<NAME>_SECRET_ARN` in the environment, the secret's string value becomes
 * `<NAME>` (infra/ sets `LINK_TOKEN_SECRET_SECRET_ARN`, `SMTP_URL_SECRET_ARN`, ...), so the values never
 * appear in a template or in the function's configuration. With no such variable (local runs,
 * tests, ECS, which injects secrets as plain variables itself) nothing is fetched.
 *
 * In AWS Lambda the values come from the AWS Parameters and Secrets Lambda Extension (a layer
 * infra/ adds): a local HTTP cache on localhost:2773, authenticated with the function's session
 * token; no SDK client is needed. The extension does not answer during the function's init
 * phase, so resolve on the first invocation (`memoizeAsync`), not at module load.
 */

export const secretArnSuffix = '_SECRET_ARN';

/** Returns the secret's string value. */
export type SecretFetcher = (secretId: string) => Promise<string>;

export class SecretError extends Error {
  override name = 'SecretError';
}

type Env = Record<string, string | undefined>;

/**
 * A copy of `env` in which every `<NAME>_SECRET_ARN` is joined by `<NAME>` = the secret's value.
 * A value already set for `<NAME>` is replaced: the secret is the source of truth in AWS.
 */
export async function resolveSecretEnv(env: Env = process.env, fetchSecret?: SecretFetcher): Promise<Env> {
  const wanted = Object.entries(env).filter((e): e is [string, string] => e[0].endsWith(secretArnSuffix) && e[0].length > secretArnSuffix.length && !!e[1]);
  if (wanted.length === 0) return { ...env };
  const fetcher = fetchSecret ?? lambdaExtensionFetcher(env);
  const values = await Promise.all(wanted.map(async ([name, id]) => [name.slice(0, -secretArnSuffix.length), await fetcher(id)] as const));
  return { ...env, ...Object.fromEntries(values) };
}

export interface ExtensionOptions {
  /** How long to keep trying while the extension is starting (it refuses requests until ready). */
  readyWaitMs?: number;
  /** Timeout of one request. */
  requestTimeoutMs?: number;
}

/**
 * Reads secrets through the AWS Parameters and Secrets Lambda Extension:
 * `GET http://localhost:<port>/secretsmanager/get?secretId=<id>` with the header
 * `X-Aws-Parameters-Secrets-Token: $AWS_SESSION_TOKEN`.
 */
export function lambdaExtensionFetcher(env: Env = process.env, options: ExtensionOptions = {}): SecretFetcher {
  const port = env['PARAMETERS_SECRETS_EXTENSION_HTTP_PORT'] || '2773';
  const readyWaitMs = options.readyWaitMs ?? 5_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 3_000;
  return async (secretId) => {
    const token = env['AWS_SESSION_TOKEN'];
    if (!token)
      throw new SecretError(`cannot read secret ${secretId}: AWS_SESSION_TOKEN is not set (the Parameters and Secrets extension runs only in AWS Lambda)`);
    const url = `http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(secretId)}`;
    const deadline = Date.now() + readyWaitMs;
    for (let attempt = 1; ; attempt++) {
      let status: number;
      let body: string;
      try {
        const response = await fetch(url, { headers: { 'X-Aws-Parameters-Secrets-Token': token }, signal: AbortSignal.timeout(requestTimeoutMs) });
        status = response.status;
        body = await response.text();
      } catch (e) {
        // Connection refused: the extension is not listening yet.
        if (Date.now() < deadline) {
          await sleep(Math.min(50 * attempt, 250));
          continue;
        }
        throw new SecretError(`cannot read secret ${secretId}: the Parameters and Secrets extension did not answer on port ${port} (${(e as Error).message})`);
      }
      if (status === 200) {
        const parsed = JSON.parse(body) as { SecretString?: unknown };
        if (typeof parsed.SecretString !== 'string') throw new SecretError(`secret ${secretId} has no string value`);
        return parsed.SecretString;
      }
      // While it starts, the extension answers 400 "not ready to serve traffic, please wait".
      if (/not ready/i.test(body) && Date.now() < deadline) {
        await sleep(Math.min(50 * attempt, 250));
        continue;
      }
      // The body is the extension's or Secrets Manager's error text, never a secret value.
      throw new SecretError(`cannot read secret ${secretId}: HTTP ${status} ${body.slice(0, 300)}`);
    }
  };
}

/**
 * The value of `factory()`, computed on the first call and shared by later ones. A failure is
 * not kept: the next call tries again (a Lambda environment must not stay broken after one
 * failed cold start).
 */
export function memoizeAsync<T>(factory: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= factory().catch((e: unknown) => {
      pending = undefined;
      throw e;
    });
    return pending;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
