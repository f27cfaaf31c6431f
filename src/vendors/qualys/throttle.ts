/**
 * Pacing read from Qualys' answers (vendors/qualys.md §5): 409 or 429 mean the call was refused
 * without being carried out, to be retried after `X-RateLimit-ToWait-Sec`; the limit headers,
 * when present on any answer, lower the client's rate and concurrency, and the remaining budget
 * they state is what the client may still spend before it waits.
 */
import type { ThrottleHint } from "../../http/types.js";
import { HEADER, THROTTLE_STATUSES } from "./api.js";

/** The longest window a header may state (a month): anything longer is no budget a plan can pace to. */
const MAX_WINDOW_SECONDS = 31 * 24 * 3600;

/**
 * A header's whole number from `min` to `max`; anything else (fractions, 1e308, words) is no
 * statement Qualys makes, read as if the header were absent.
 */
const whole = (v: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined => {
  const n = v === undefined || !/^\s*\d+\s*$/.test(v) ? Number.NaN : Number(v);
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : undefined;
};

export function throttleHint(status: number, headers: Readonly<Record<string, string>>): ThrottleHint | undefined {
  const toWait = whole(headers[HEADER.toWaitSec], 0, MAX_WINDOW_SECONDS);
  const limit = whole(headers[HEADER.rateLimit], 1);
  const window = whole(headers[HEADER.rateWindowSec], 1, MAX_WINDOW_SECONDS);
  const remaining = whole(headers[HEADER.rateRemaining], 0);
  const concurrency = whole(headers[HEADER.concurrencyLimit], 1);
  const refused = THROTTLE_STATUSES.has(status);
  const budget = {
    ...(limit === undefined ? {} : { limit }),
    ...(window === undefined ? {} : { windowMs: window * 1000 }),
    ...(remaining === undefined ? {} : { remaining }),
    ...(toWait === undefined || toWait === 0 ? {} : { waitMs: toWait * 1000 }),
  };
  const hint: ThrottleHint = {
    ...(refused ? { notCarriedOut: true } : {}),
    ...(refused && toWait !== undefined && toWait > 0 ? { waitMs: toWait * 1000 } : {}),
    ...(limit !== undefined && window !== undefined ? { ratePerSecond: limit / window } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(Object.keys(budget).length === 0 ? {} : { budget }),
  };
  return Object.keys(hint).length === 0 ? undefined : hint;
}
