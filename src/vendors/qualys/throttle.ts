/**
 * Pacing read from Qualys' answers (vendors/qualys.md §5): 409 or 429 mean the call was refused
 * without being carried out, to be retried after `X-RateLimit-ToWait-Sec`; the limit headers,
 * when present on any answer, lower the client's rate and concurrency, and the remaining budget
 * they state is what the client may still spend before it waits.
 */
import type { ThrottleHint } from "../../http/types.js";
import { HEADER, THROTTLE_STATUSES } from "./api.js";

const count = (v: string | undefined, min: number): number | undefined => {
  const n = v === undefined ? Number.NaN : Number(v.trim());
  return Number.isFinite(n) && n >= min ? n : undefined;
};
const positive = (v: string | undefined): number | undefined => count(v, Number.MIN_VALUE);

export function throttleHint(status: number, headers: Readonly<Record<string, string>>): ThrottleHint | undefined {
  const toWait = count(headers[HEADER.toWaitSec], 0);
  const limit = positive(headers[HEADER.rateLimit]);
  const window = positive(headers[HEADER.rateWindowSec]);
  const remaining = count(headers[HEADER.rateRemaining], 0);
  const concurrency = positive(headers[HEADER.concurrencyLimit]);
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
