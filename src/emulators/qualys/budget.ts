/**
 * A subscription's call budget as the Qualys VM/PC API enforces and advertises it (vendors/qualys.md
 * §5): at most `calls` calls in any `windowSec` seconds of the emulator's clock, every answer
 * carrying X-RateLimit-Limit, -Window-Sec, -Remaining and -ToWait-Sec, and a call over the budget
 * refused with 409 before it is carried out. Off unless the `callBudget` option is given.
 */
import type { EmuClock } from "../core/types.js";

export interface CallBudgetOption {
  readonly calls: number;
  readonly windowSec: number;
  /**
   * Calls in flight the subscription allows, advertised on every answer (X-Concurrency-Limit-Limit)
   * as the VM/PC API does; enforce it with the framework's `concurrency` control.
   */
  readonly concurrency?: number;
}

export type Admission = { readonly admitted: boolean; readonly headers: Readonly<Record<string, string>> };

export interface CallBudget {
  /** Counts the call when the budget has room for it; the headers go on the answer either way. */
  take(): Admission;
}

export function createCallBudget(option: CallBudgetOption, clock: EmuClock): CallBudget {
  const windowMs = option.windowSec * 1000;
  // Times of the calls counted in the window, oldest first; never more than `calls` of them.
  let taken: number[] = [];
  const headers = (remaining: number, waitMs: number): Record<string, string> => ({
    "x-ratelimit-limit": String(option.calls),
    "x-ratelimit-window-sec": String(option.windowSec),
    "x-ratelimit-remaining": String(remaining),
    "x-ratelimit-towait-sec": String(Math.ceil(waitMs / 1000)),
    ...(option.concurrency === undefined ? {} : { "x-concurrency-limit-limit": String(option.concurrency) }),
  });
  return {
    take() {
      const now = clock.now();
      let drop = 0;
      while (drop < taken.length && taken[drop]! <= now - windowMs) drop++;
      if (drop > 0) taken = taken.slice(drop);
      const untilOldestLeaves = (): number => Math.max(0, taken[0]! + windowMs - now);
      if (taken.length >= option.calls) return { admitted: false, headers: headers(0, untilOldestLeaves()) };
      taken.push(now);
      const remaining = option.calls - taken.length;
      return { admitted: true, headers: headers(remaining, remaining === 0 ? untilOldestLeaves() : 0) };
    },
  };
}

const MAX_CALLS = 1_000_000;
const MAX_WINDOW_SEC = 30 * 86_400;
const MAX_CONCURRENCY = 1000;

/** The option as it may arrive in JSON; anything but whole positive numbers within bounds leaves the budget off. */
export function readCallBudget(value: unknown): CallBudgetOption | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { calls, windowSec, concurrency } = value as Record<string, unknown>;
  const whole = (v: unknown, max: number): v is number => typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= max;
  if (!whole(calls, MAX_CALLS) || !whole(windowSec, MAX_WINDOW_SEC)) return undefined;
  return { calls, windowSec, ...(whole(concurrency, MAX_CONCURRENCY) ? { concurrency } : {}) };
}
