/** "Did you mean …?" for misspelt keys, values and references. */

/** The closest candidate within a few edits, if any is close enough to be a likely typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, giving up once it exceeds `cap`. */
function distance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin >= cap) return cap;
    previous = current;
  }
  return previous[b.length]!;
}

/** `Did you mean "x"?` or, failing that, the list of what is allowed. */
export function suggestion(word: string, candidates: readonly string[], noun: string): string {
  const near = closest(word, candidates);
  if (near !== undefined) return `Did you mean ${JSON.stringify(near)}?`;
  if (candidates.length === 0) return `No ${noun} is allowed here.`;
  const shown = candidates.slice(0, 12).join(", ");
  return `Allowed ${noun}s: ${shown}${candidates.length > 12 ? ", …" : ""}.`;
}
