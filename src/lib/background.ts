import type { Context } from 'hono';

/** Work that may finish after the response: waitUntil on Workers, a detached promise on Node. */
export function background(c: Context, work: Promise<unknown>, onError: (err: unknown) => void) {
  const guarded = work.catch(onError);
  try {
    c.executionCtx.waitUntil(guarded);
  } catch {
    // Node has no execution context; the promise simply runs on.
  }
}
