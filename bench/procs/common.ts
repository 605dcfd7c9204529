/**
 * What every child process of the bench harness shares: it tells the parent when it is ready,
 * and answers the parent's questions (memory, and whatever the process adds) over IPC.
 */

type Handler = (args: Record<string, unknown>) => unknown;

const handlers: Record<string, Handler> = {
  memory: () => ({ ...process.memoryUsage(), pid: process.pid }),
};

export function answer(type: string, handler: Handler): void {
  handlers[type] = handler;
}

interface Question {
  id: number;
  type: string;
  args?: Record<string, unknown>;
}

process.on('message', (raw: unknown) => {
  const q = raw as Question;
  if (typeof q !== 'object' || q === null || typeof q.id !== 'number') return;
  const handler = handlers[q.type];
  Promise.resolve()
    .then(() => {
      if (!handler) throw new Error(`no answer for ${q.type}`);
      return handler(q.args ?? {});
    })
    .then(
      (result) => process.send?.({ id: q.id, result }),
      (e: unknown) => process.send?.({ id: q.id, error: String(e) }),
    );
});

// The parent going away must not leave this process behind.
process.on('disconnect', () => process.exit(0));

export function ready(info: Record<string, unknown> = {}): void {
  process.send?.({ ready: true, ...info });
}

export function env(name: string): string {
  const v = process.env[name];
  if (v === undefined || v === '') throw new Error(`${name} is not set`);
  return v;
}
