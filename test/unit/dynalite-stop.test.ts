/**
 * dev/dynalite.ts stop() returns while a client keeps sending on keep-alive sockets (otherwise a
 * drill under load hangs until SIGKILL, and Ctrl-C on `npm start` hangs the same way).
 */
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { startDynalite } from '../../dev/dynalite.js';

describe('dynalite stop()', () => {
  it('returns within a few seconds under steady traffic, and the server is gone after', async () => {
    const dynalite = await startDynalite({ port: 0 });
    const client = new DynamoDBClient({
      endpoint: dynalite.endpoint,
      region: 'local',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    let sending = true;
    let answered = 0;
    const senders = Array.from({ length: 8 }, async () => {
      while (sending) {
        await client.send(new ListTablesCommand({})).then(
          () => answered++,
          () => undefined,
        );
      }
    });
    while (answered < 50) await new Promise((r) => setTimeout(r, 20));

    const started = performance.now();
    await dynalite.stop();
    const took = performance.now() - started;
    sending = false;
    await Promise.all(senders);

    expect(took).toBeLessThan(5_000);
    await expect(client.send(new ListTablesCommand({}))).rejects.toThrow();
    client.destroy();
  });
});
