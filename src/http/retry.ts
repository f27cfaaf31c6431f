/**
 * When to send a request again and how long to wait first. A vendor's "not carried out" answer
 * (429, or what its hint marks) is always safe to repeat; a 5xx or a lost connection is repeated
 * only for requests the caller marked idempotent, because a create or launch may have landed.
 */
import type { ThrottleHint } from "./types.js";

export interface RetryBudget {
  /** Takes one retry from the budget; false when it is spent. */
  take(): boolean;
  readonly remaining: number;
  readonly limit: number;
}

/** One budget per run, shared by every vendor's client, so a failing vendor cannot retry forever. */
export function createRetryBudget(limit: number): RetryBudget {
  let remaining = Math.max(0, Math.floor(limit));
  return {
    take() {
      if (remaining <= 0) return false;
      remaining--;
      return true;
    },
    get remaining() {
      return remaining;
    },
    limit,
  };
}

export interface BackoffPolicy {
  /** First retry waits up to this long; each further retry doubles it. */
  readonly baseMs: number;
  /** No wait is longer, whatever the vendor asks. */
  readonly capMs: number;
  /** Attempts per request, the first included. */
  readonly maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 60_000, maxAttempts: 5 };
export const DEFAULT_RETRY_BUDGET = 100;

/** Why an answer may be repeated, or undefined when it is final. */
export type RetryReason = "throttled" | "server-error" | "not-carried-out";

export function retryReason(status: number, idempotent: boolean, hint: ThrottleHint | undefined): RetryReason | undefined {
  if (status === 429) return "throttled";
  if (hint?.notCarriedOut === true) return "not-carried-out";
  if (idempotent && status >= 500 && status <= 599 && status !== 501) return "server-error";
  return undefined;
}

/** Retry-After as delta-seconds or an HTTP date (RFC 9110 §10.2.3), in ms from `nowMs`. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/**
 * Exponential backoff with full jitter (a uniform draw up to the exponential ceiling), never shorter
 * than what the vendor asked for, never longer than the cap.
 */
export function retryDelayMs(attempt: number, policy: BackoffPolicy, random: () => number, vendorWaitMs?: number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = random() * ceiling;
  return Math.min(policy.capMs, Math.max(jittered, vendorWaitMs ?? 0));
}
