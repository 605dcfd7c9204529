/** The stack the e2e global setup started (test/e2e/global-setup.ts), as the tests see it. */
import { inject } from 'vitest';
import type { StackUrls } from '../e2e/global-setup.js';

export function stack(): StackUrls {
  return inject('stack');
}

/** The API's origin: what a form on its own pages sends as `Origin`. */
export function apiOrigin(): string {
  return new URL(stack().api).origin;
}
