/** Waiting for what the system does on its own after an answer (a signal handled, a re-route, a period closed). */

/** Retries `probe` until it returns a value other than undefined, or fails with the last value seen. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}
