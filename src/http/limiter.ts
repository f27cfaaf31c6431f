/**
 * A vendor's pacing: at most `concurrency` requests in flight (p-limit) and starts spaced to
 * `ratePerSecond`. Both only ever go down at run time, when the vendor's answers ask for it, and a
 * vendor's "wait N seconds" holds every start of that vendor, not just the request that was told.
 *
 * A vendor that states its remaining call budget (`spend`) is never sent more calls than it says
 * it will take: each start spends one call of what the last answer left, less the calls still in
 * flight that answer may not have counted. Once it is spent, starts wait for the vendor's own
 * "next call in N s", or for one call's worth of its window to come back, instead of running into
 * refusals. Any wait longer than `maxWaitMs` fails the next start, unsent, with PaceTooSlow.
 */
import pLimit from "p-limit";
import type { Sleep } from "./sleep.js";

export interface Limits {
  readonly concurrency: number;
  /** Undefined: no rate limit. */
  readonly ratePerSecond: number | undefined;
}

/** What one answer says of the vendor's call budget (Qualys X-RateLimit-*). */
export interface BudgetState {
  /** Calls the vendor still takes in its window, the answering call already counted. */
  readonly remaining?: number;
  readonly windowMs?: number;
  /** Calls per window. */
  readonly limit?: number;
  /** The vendor's own word on how long until it takes another call. */
  readonly waitMs?: number;
}

export interface VendorLimiter {
  /** Runs `task` in a concurrency slot once the rate, the budget and any hold allow it to start. */
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
  /** An answer stated the budget: later starts spend what it left (see the module comment). */
  spend(budget: BudgetState): void;
  limits(): Limits;
  /** Calls waiting for a concurrency slot. */
  waiting(): number;
}

/** Pacing would have to wait longer than the run allows; thrown by `run` before anything is sent. */
export class PaceTooSlow extends Error {
  constructor(
    readonly waitMs: number,
    readonly why: string,
  ) {
    super(`pacing needs ${waitMs} ms (${why})`);
  }
}

export interface LimiterDeps {
  readonly now: () => number;
  readonly sleep: Sleep;
  /** The longest one wait for the vendor may be (HttpLimits.maxVendorWaitMs); unbounded when absent. */
  readonly maxWaitMs?: number;
}

export function createVendorLimiter(initial: Limits, deps: LimiterDeps): VendorLimiter {
  const limit = pLimit(Math.max(1, Math.floor(initial.concurrency)));
  const maxWait = deps.maxWaitMs ?? Infinity;
  let rate = initial.ratePerSecond;
  let nextStart = -Infinity;
  let heldUntil = -Infinity;
  let lastBackOff = -Infinity;
  /** Starts reserved and not yet answered: waiting for their time, or in flight. */
  let outstanding = 0;
  /** Calls the vendor still takes, as far as scanform can tell; undefined while no answer said. */
  let left: number | undefined;
  /** How long one spent call takes to come back when the vendor does not say. */
  let refillMs = 0;
  /** Starts waiting for the next answer to learn what is left. */
  const answered: (() => void)[] = [];

  function tooSlow(now: number): PaceTooSlow | undefined {
    if (rate !== undefined && 1000 / rate > maxWait) return new PaceTooSlow(Math.round(1000 / rate), `the vendor allows ${rate.toPrecision(3)} calls per second`);
    if (heldUntil - now > maxWait) return new PaceTooSlow(Math.round(heldUntil - now), "the vendor's budget is spent until then");
    return undefined;
  }

  /** Reserves the next start time synchronously, so concurrent callers never share a slot or a call of the budget. */
  function reserveStart(): number {
    const now = deps.now();
    if (left !== undefined) {
      if (left <= 0) {
        // Spent, and no answer to come: the next call goes once a call's worth has come back, and is the probe that says how much did.
        heldUntil = Math.max(heldUntil, now + refillMs);
        left = 1;
      }
      left--;
    }
    const problem = tooSlow(now);
    if (problem !== undefined) throw problem;
    const start = Math.max(now, heldUntil, nextStart);
    if (rate !== undefined) nextStart = start + 1000 / rate;
    return start - now;
  }

  async function paced<T>(task: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    signal?.throwIfAborted();
    // Spent, with calls out whose answers will say how much is left: wait for one rather than guess.
    while (left !== undefined && left <= 0 && outstanding > 0) {
      await new Promise<void>((resolve) => answered.push(resolve));
      signal?.throwIfAborted();
    }
    outstanding++;
    try {
      let wait = reserveStart();
      // A hold that came while this start waited (an answer that left nothing) holds it too.
      while (wait > 0) {
        await deps.sleep(wait, signal);
        signal?.throwIfAborted();
        wait = heldUntil - deps.now();
        if (wait > maxWait) throw new PaceTooSlow(Math.round(wait), "the vendor's budget is spent until then");
      }
      return await task();
    } finally {
      outstanding--;
      for (const wake of answered.splice(0)) wake();
    }
  }

  function holdFor(ms: number): void {
    heldUntil = Math.max(heldUntil, deps.now() + ms);
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
    holdFor,
    backOff() {
      const now = deps.now();
      if (now - lastBackOff < 1000) return;
      lastBackOff = now;
      limit.concurrency = Math.max(1, Math.floor(limit.concurrency / 2));
    },
    spend(budget) {
      if (budget.windowMs !== undefined) refillMs = budget.windowMs / Math.max(1, budget.limit ?? 1);
      if (budget.waitMs !== undefined && budget.waitMs > 0) holdFor(budget.waitMs);
      if (budget.remaining === undefined) return;
      const spent = budget.remaining <= 0;
      // Nothing left: once the vendor's wait is over, one call has come back.
      if (spent) holdFor(budget.waitMs !== undefined && budget.waitMs > 0 ? budget.waitMs : refillMs);
      // Called while the answering call still counts as outstanding. The others, in flight or
      // waiting for their time, may not have been counted by this answer: they are spent already.
      left = (spent ? 1 : Math.floor(budget.remaining)) - Math.max(0, outstanding - 1);
    },
    limits: () => ({ concurrency: limit.concurrency, ratePerSecond: rate }),
    waiting: () => limit.pendingCount,
  };
}
