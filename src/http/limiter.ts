/**
 * A vendor's pacing: at most `concurrency` requests in flight (p-limit) and starts spaced to
 * `ratePerSecond`. Both only ever go down at run time, when the vendor's answers ask for it, and a
 * vendor's "wait N seconds" holds every start of that vendor, not just the request that was told.
 */
import pLimit from "p-limit";
import type { Sleep } from "./sleep.js";

export interface Limits {
  readonly concurrency: number;
  /** Undefined: no rate limit. */
  readonly ratePerSecond: number | undefined;
}

export interface VendorLimiter {
  /** Runs `task` in a concurrency slot once the rate and any hold allow it to start. */
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** Lowers either limit; a value at or above the current one is ignored. */
  lower(limits: { readonly concurrency?: number; readonly ratePerSecond?: number }): void;
  /** No start for `ms` from now. */
  holdFor(ms: number): void;
  /**
   * The vendor refused a request without saying what it can take: halve the concurrency, at most
   * once a second (a burst of refusals is one signal, not many), never below 1.
   */
  backOff(): void;
  limits(): Limits;
}

export function createVendorLimiter(initial: Limits, deps: { readonly now: () => number; readonly sleep: Sleep }): VendorLimiter {
  const limit = pLimit(Math.max(1, Math.floor(initial.concurrency)));
  let rate = initial.ratePerSecond;
  let nextStart = -Infinity;
  let heldUntil = -Infinity;
  let lastBackOff = -Infinity;

  /** Reserves the next start time synchronously, so concurrent callers never share a slot. */
  function reserveStart(): number {
    const now = deps.now();
    const start = Math.max(now, heldUntil, nextStart);
    if (rate !== undefined) nextStart = start + 1000 / rate;
    return start - now;
  }

  async function paced<T>(task: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    signal?.throwIfAborted();
    const wait = reserveStart();
    if (wait > 0) await deps.sleep(wait, signal);
    signal?.throwIfAborted();
    return task();
  }

  return {
    run(task, signal) {
      const queued = limit(() => paced(task, signal));
      if (signal === undefined) return queued;
      // A queued task cannot be pulled out of p-limit; the caller stops waiting and the task,
      // once it gets its slot, sees the abort and returns at once.
      return new Promise((resolve, reject) => {
        const onAbort = (): void => reject(signal.reason);
        signal.addEventListener("abort", onAbort, { once: true });
        queued.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
        if (signal.aborted) onAbort();
      });
    },
    lower(next) {
      if (next.concurrency !== undefined && next.concurrency >= 1 && next.concurrency < limit.concurrency) {
        limit.concurrency = Math.floor(next.concurrency);
      }
      if (next.ratePerSecond !== undefined && next.ratePerSecond > 0 && (rate === undefined || next.ratePerSecond < rate)) {
        rate = next.ratePerSecond;
      }
    },
    holdFor(ms) {
      heldUntil = Math.max(heldUntil, deps.now() + ms);
    },
    backOff() {
      const now = deps.now();
      if (now - lastBackOff < 1000) return;
      lastBackOff = now;
      limit.concurrency = Math.max(1, Math.floor(limit.concurrency / 2));
    },
    limits: () => ({ concurrency: limit.concurrency, ratePerSecond: rate }),
  };
}
