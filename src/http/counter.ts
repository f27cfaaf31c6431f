/**
 * Requests sent, by operation: what benchmarks report ("observe of 2,000 web apps: 3 calls").
 * Every attempt counts, retries included, because each one reaches the vendor.
 */

export interface RequestCounter {
  record(operation: string): void;
  counts(): Readonly<Record<string, number>>;
  total(): number;
  reset(): void;
}

export function createRequestCounter(): RequestCounter {
  let counts = new Map<string, number>();
  let total = 0;
  return {
    record(operation) {
      counts.set(operation, (counts.get(operation) ?? 0) + 1);
      total++;
    },
    counts: () => Object.fromEntries([...counts.entries()].sort(([a], [b]) => a.localeCompare(b))),
    total: () => total,
    reset() {
      counts = new Map();
      total = 0;
    },
  };
}
