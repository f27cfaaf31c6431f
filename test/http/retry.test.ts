import { describe, expect, it } from "vitest";
import { createRetryBudget, parseRetryAfter, retryDelayMs, retryReason } from "../../src/http/retry.js";

const NOW = Date.UTC(2026, 5, 1, 12);
const policy = { baseMs: 500, capMs: 60_000, maxAttempts: 5 };

describe("retryReason", () => {
  it.each([
    [429, false, undefined, "throttled"],
    [503, true, undefined, "server-error"],
    [500, true, undefined, "server-error"],
    [503, false, undefined, undefined],
    [501, true, undefined, undefined],
    [404, true, undefined, undefined],
    [200, true, undefined, undefined],
    [409, false, { notCarriedOut: true }, "not-carried-out"],
  ] as const)("status %i, idempotent %s, hint %j -> %s", (status, idempotent, hint, reason) => {
    expect(retryReason(status, idempotent, hint)).toBe(reason);
  });
});

describe("parseRetryAfter", () => {
  it("reads delta-seconds", () => expect(parseRetryAfter("120", NOW)).toBe(120_000));
  it("reads an HTTP date", () => expect(parseRetryAfter(new Date(NOW + 9000).toUTCString(), NOW)).toBe(9000));
  it("reads a past date as no wait", () => expect(parseRetryAfter(new Date(NOW - 9000).toUTCString(), NOW)).toBe(0));
  it("ignores garbage", () => expect(parseRetryAfter("soon", NOW)).toBeUndefined());
  it("ignores an absent header", () => expect(parseRetryAfter(undefined, NOW)).toBeUndefined());
});

describe("retryDelayMs", () => {
  it("draws uniformly up to a ceiling that doubles per attempt", () => {
    expect([1, 2, 3].map((a) => retryDelayMs(a, policy, () => 0.999_999))).toEqual([expect.closeTo(500, 0), expect.closeTo(1000, 0), expect.closeTo(2000, 0)]);
    expect(retryDelayMs(3, policy, () => 0)).toBe(0);
  });

  it("never exceeds the cap", () => {
    expect(retryDelayMs(30, policy, () => 0.999_999)).toBeLessThanOrEqual(60_000);
    expect(retryDelayMs(1, policy, () => 0, 3_600_000)).toBe(60_000);
  });

  it("is never shorter than the vendor asked", () => {
    expect(retryDelayMs(1, policy, () => 0.1, 4000)).toBe(4000);
  });
});

describe("retry budget", () => {
  it("hands out retries until spent", () => {
    const budget = createRetryBudget(2);
    expect([budget.take(), budget.take(), budget.take()]).toEqual([true, true, false]);
    expect(budget.remaining).toBe(0);
  });
});
