/**
 * Array helpers for anything whose length grows with the user's input. Spreading such an array
 * into a call (`out.push(...lines)`, `Math.max(...widths)`) passes every element as an argument on
 * the stack, and past ~120,000 elements V8 throws `RangeError: Maximum call stack size exceeded`.
 * These loop instead, so their cost is only the elements themselves.
 */

/** Appends every element of each source to `target`, in order, and returns `target`. */
export function appendAll<T>(target: T[], ...sources: readonly (readonly T[])[]): T[] {
  for (const source of sources) for (const item of source) target.push(item);
  return target;
}

/** The largest of `values`, or `floor` when there is none larger (an empty list gives `floor`). */
export function maxOf(values: Iterable<number>, floor = 0): number {
  let max = floor;
  for (const v of values) if (v > max) max = v;
  return max;
}

/** The length of the longest string, 0 for none: the width of a column. */
export const widest = (texts: Iterable<string>): number => {
  let max = 0;
  for (const t of texts) if (t.length > max) max = t.length;
  return max;
};

/** `a, b, c, and 7 more`: the first `shown` of `names` and how many are left, for a message that must not grow with the input. */
export const firstOf = (names: readonly string[], shown = 10): string =>
  names.length > shown ? `${names.slice(0, shown).join(", ")}, and ${names.length - shown} more` : names.join(", ");
