/**
 * Items handled between turns of the event loop: well under a millisecond of work for the callers
 * here, since a request started meanwhile waits for a turn to be written (at 250 a turn, lookups
 * reached the vendor 10-15 ms late while thousands of objects were decoded).
 */
const SLICE = 100;

/**
 * `xs.map(f)`, giving the event loop a turn every SLICE items: work on thousands of items done while
 * vendors' answers are awaited would otherwise hold the thread while requests wait to be sent or read.
 */
export async function inSlices<T, U>(xs: readonly T[], f: (x: T) => U, slice = SLICE): Promise<U[]> {
  const out: U[] = [];
  for (let i = 0; i < xs.length; i += slice) {
    if (i > 0) await nextTurn();
    for (const x of xs.slice(i, i + slice)) out.push(f(x));
  }
  return out;
}

/** Resolves after the event loop has handled what is pending (I/O included). */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
