/**
 * Pacing read from Qualys' answers (vendors/qualys.md §5): 409 or 429 mean the call was refused
 * without being carried out, to be retried after `X-RateLimit-ToWait-Sec`; the limit headers,
 * when present on any answer, lower the client's rate and concurrency.
 */
import type { ThrottleHint } from "../../http/types.js";
import { HEADER, THROTTLE_STATUSES } from "./api.js";

const positive = (v: string | undefined): number | undefined => {
  const n = v === undefined ? Number.NaN : Number(v.trim());
  return Number.isFinite(n) && n > 0 ? n : undefined;
};

export function throttleHint(status: number, headers: Readonly<Record<string, string>>): ThrottleHint | undefined {
  const toWait = positive(headers[HEADER.toWaitSec]);
  const limit = positive(headers[HEADER.rateLimit]);
  const window = positive(headers[HEADER.rateWindowSec]);
  const concurrency = positive(headers[HEADER.concurrencyLimit]);
  const refused = THROTTLE_STATUSES.has(status);
  const hint: ThrottleHint = {
    ...(refused ? { notCarriedOut: true } : {}),
    ...(refused && toWait !== undefined ? { waitMs: toWait * 1000 } : {}),
    ...(limit !== undefined && window !== undefined ? { ratePerSecond: limit / window } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
  };
  return Object.keys(hint).length === 0 ? undefined : hint;
}
