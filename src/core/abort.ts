/**
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
