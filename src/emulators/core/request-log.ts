/**
 * What an emulator was asked, for tests and benchmarks: "observe made 3 search calls", "the launch
 * landed once". Counts cover every request; the entry list keeps the most recent ones only, so a
 * long benchmark cannot exhaust memory.
 */

/** How the server disposed of a request. */
export type RequestOutcome =
  | "answered"
  /** Refused by the concurrency cap or rate limit with the vendor's throttle answer. */
  | "throttled"
  /** Injected 5xx; the vendor did not carry the request out. */
  | "server-error"
  /** Injected: connection destroyed before the request was carried out. */
  | "dropped"
  /** Injected: a list call answered empty without being carried out. */
  | "empty-list"
  /** Injected: carried out, then the connection destroyed so the answer never arrived. */
  | "lost-answer"
  /** The vendor emulator threw: a bug in the emulator, answered 500. */
  | "emulator-error";

export interface RequestLogEntry {
  /** 1-based order of arrival. */
  readonly seq: number;
  /** Emulator clock, epoch milliseconds, at arrival. */
  readonly time: number;
  readonly method: string;
  readonly path: string;
  /** null for a route the vendor does not know. */
  readonly operation: string | null;
  /** The status produced (also for a lost answer); null when the connection was dropped first. */
  readonly status: number | null;
  readonly outcome: RequestOutcome;
  /** Wall time spent on it by the server, latency included. */
  readonly durationMs: number;
}

export interface RequestLog {
  record(entry: Omit<RequestLogEntry, "seq">): void;
  /** The most recent entries, oldest first (at most `capacity`). */
  entries(): readonly RequestLogEntry[];
  /** Requests by operation since the last clear, every outcome included; unknown routes count as `unknown`. */
  counts(): Readonly<Record<string, number>>;
  /** Requests of one operation (or of all) since the last clear. */
  count(operation?: string): number;
  clear(): void;
}

export const DEFAULT_LOG_CAPACITY = 50_000;
export const UNKNOWN_OPERATION = "unknown";

export function createRequestLog(capacity = DEFAULT_LOG_CAPACITY): RequestLog {
  let entries: RequestLogEntry[] = [];
  let counts = new Map<string, number>();
  let seq = 0;
  return {
    record(entry) {
      seq += 1;
      entries.push({ seq, ...entry });
      // Trimming in batches keeps record() O(1) amortised.
      if (entries.length > capacity * 1.25) entries = entries.slice(entries.length - capacity);
      const op = entry.operation ?? UNKNOWN_OPERATION;
      counts.set(op, (counts.get(op) ?? 0) + 1);
    },
    entries: () => entries.slice(Math.max(0, entries.length - capacity)),
    counts: () => Object.fromEntries([...counts.entries()].sort(([a], [b]) => a.localeCompare(b))),
    count(operation) {
      if (operation === undefined) return seq;
      return counts.get(operation) ?? 0;
    },
    clear() {
      entries = [];
      counts = new Map();
      seq = 0;
    },
  };
}
