/**
 * Cancellation shared by the drivers' reads.
 *
 * Reads that run side by side for one answer stand or fall together: once one fails for good, the
 * answer cannot be made, so the others are cancelled at once instead of running (and retrying)
 * against a client the caller is about to close.
 */

/** Runs `body` with a signal that aborts with `parent`, and as soon as `body` fails. */
export async function abortSiblingsOnFailure<T>(parent: AbortSignal | undefined, body: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const failed = new AbortController();
  const signal = parent === undefined ? failed.signal : AbortSignal.any([parent, failed.signal]);
  try {
    return await body(signal);
  } catch (e) {
    failed.abort(e);
    throw e;
  }
}

/**
 * Reads started before anyone asked for them (VendorSession.prefetch: while the plan reads state).
 * They run under `signal`, which aborts when the starter gives them up; once a read takes them over
 * (`takenBy`), they are cancelled with that read as well.
 */
export interface StartedAhead {
  readonly signal: AbortSignal;
  takenBy(taker: AbortSignal): void;
}

export function startAhead(starter: AbortSignal | undefined): StartedAhead {
  const stop = new AbortController();
  return {
    signal: starter === undefined ? stop.signal : AbortSignal.any([starter, stop.signal]),
    takenBy(taker) {
      if (taker.aborted) stop.abort();
      else taker.addEventListener("abort", () => stop.abort(), { once: true });
    },
  };
}
