/** Items handled between turns of the event loop: about a millisecond or two of work for the callers here. */
const SLICE = 250;

/**
 * `xs.map(f)`, giving the event loop a turn every SLICE items: work on thousands of items done while
 * vendors' answers are awaited would otherwise hold the thread while requests wait to be sent or read.
 */
export async function inSlices<T, U>(xs: readonly T[], f: (x: T) => U): Promise<U[]> {
  const out: U[] = [];
  for (let i = 0; i < xs.length; i += SLICE) {
    if (i > 0) await nextTurn();
    for (const x of xs.slice(i, i + SLICE)) out.push(f(x));
  }
  return out;
}

/** Resolves after the event loop has handled what is pending (I/O included). */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
