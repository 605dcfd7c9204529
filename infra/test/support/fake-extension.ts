/**
 * A stand-in for the AWS Parameters and Secrets Lambda Extension's HTTP interface:
 * `GET /secretsmanager/get?secretId=…` with `X-Aws-Parameters-Secrets-Token`, answering like the
 * extension (JSON with SecretString; 400 "not ready" while starting; 400 for an unknown secret).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeExtension {
  port: number;
  token: string;
  requests: { secretId: string | null; token: string | undefined }[];
  /** Answer this many requests with "not ready" first. */
  notReady: number;
  close(): Promise<void>;
}

export async function startFakeExtension(secrets: Record<string, string>, token = 'session-token-of-this-lambda'): Promise<FakeExtension> {
  const state: FakeExtension = { port: 0, token, requests: [], notReady: 0, close: () => Promise.resolve() };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const secretId = url.searchParams.get('secretId');
    const given = req.headers['x-aws-parameters-secrets-token'] as string | undefined;
    state.requests.push({ secretId, token: given });
    if (state.notReady > 0) {
      state.notReady--;
      res.writeHead(400).end('not ready to serve traffic, please wait');
      return;
    }
    if (url.pathname !== '/secretsmanager/get' || given !== token) {
      res.writeHead(401).end('unauthorized');
      return;
    }
    const value = secretId ? secrets[secretId] : undefined;
    if (value === undefined) {
      res.writeHead(400).end("ResourceNotFoundException: Secrets Manager can't find the specified secret.");
      return;
    }
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ ARN: secretId, Name: secretId, SecretString: value, VersionId: 'v1', VersionStages: ['AWSCURRENT'] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
