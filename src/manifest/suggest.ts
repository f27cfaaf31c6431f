/**
 * "Did you mean …?" for misspelt keys, values and references. The words compared come from the
 * file, so the work is bounded twice: one suggestion computes at most SUGGESTION_CELLS cells of
 * edit distance, and all suggestions of one load share a total (ManifestLimits.suggestionCells),
 * after which findings list what is allowed instead. A word far longer than every candidate is
 * not compared at all (a 4 MB time zone was lowercased against each of 600 zones).
 */

/** Edit-distance cells one suggestion may compute: about a millisecond. */
export const SUGGESTION_CELLS = 200_000;

export interface Suggester {
  /** The closest candidate within a few edits, if any is close enough to be a likely typo. */
  closest(word: string, candidates: Iterable<string>): string | undefined;
  /** `Did you mean "x"?` or, failing that, the list of what is allowed. */
  suggestion(word: string, candidates: readonly string[], noun: string): string;
}

/** A suggester whose suggestions together compute at most `totalCells` cells. */
export function createSuggester(totalCells: number): Suggester {
  let left = totalCells;
  const closestWithin = (word: string, candidates: Iterable<string>): string | undefined => {
    const budget = Math.min(SUGGESTION_CELLS, left);
    const found = closest(word, candidates, budget);
    left -= found.cells;
    return found.best;
  };
  return {
    closest: closestWithin,
    suggestion(word, candidates, noun) {
      const near = closestWithin(word, candidates);
      if (near !== undefined) return `Did you mean ${JSON.stringify(near)}?`;
      if (candidates.length === 0) return `No ${noun} is allowed here.`;
      const shown = candidates.slice(0, 12).join(", ");
      return `Allowed ${noun}s: ${shown}${candidates.length > 12 ? ", …" : ""}.`;
    },
  };
}

/** The closest candidate found within `budget` cells, and the cells it took. */
export function closest(word: string, candidates: Iterable<string>, budget: number): { readonly best: string | undefined; readonly cells: number } {
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  let cells = 0;
  let lower: string | undefined;
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    if (Math.abs(word.length - candidate.length) >= bestDistance) continue;
    if (cells >= budget) break;
    lower ??= word.toLowerCase();
    const d = distance(lower, candidate.toLowerCase(), bestDistance);
    cells += d.cells;
    if (d.distance < bestDistance) {
      best = candidate;
      bestDistance = d.distance;
    }
  }
  return { best, cells };
}

/** Levenshtein distance, giving up once it reaches `cap`; with the number of cells computed. */
function distance(a: string, b: string, cap: number): { distance: number; cells: number } {
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
    if (rowMin >= cap) return { distance: cap, cells: i * b.length };
    previous = current;
  }
  return { distance: previous[b.length]!, cells: a.length * b.length };
}
