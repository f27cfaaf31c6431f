import { describe, expect, it } from "vitest";
import { createVendorLimiter, PaceTooSlow } from "../../src/http/limiter.js";
import { fakeTime } from "./harness.js";

const task = () => Promise.resolve("done");

describe("vendor limiter: spending the budget the vendor states", () => {
  it("starts at once while the budget the last answer left is not spent", async () => {
    const time = fakeTime();
    const limiter = createVendorLimiter({ concurrency: 1, ratePerSecond: undefined }, time);
    limiter.spend({ remaining: 3, windowMs: 60_000, limit: 10 });
    await Promise.all([limiter.run(task), limiter.run(task), limiter.run(task)]);
    expect(time.sleeps).toEqual([]);
  });

  it("waits one call's worth of the window once the budget is spent, instead of sending into a refusal", async () => {
    const time = fakeTime();
    const limiter = createVendorLimiter({ concurrency: 1, ratePerSecond: undefined }, time);
    limiter.spend({ remaining: 2, windowMs: 60_000, limit: 10 });
    await Promise.all([limiter.run(task), limiter.run(task), limiter.run(task), limiter.run(task)]);
    expect(time.sleeps).toEqual([6000, 6000]);
  });

  it("waits as long as the vendor says when an answer leaves nothing", async () => {
    const time = fakeTime();
    const limiter = createVendorLimiter({ concurrency: 1, ratePerSecond: undefined }, time);
    limiter.spend({ remaining: 0, windowMs: 3_600_000, limit: 300, waitMs: 40_000 });
    await limiter.run(task);
    expect(time.sleeps).toEqual([40_000]);
  });

  it("counts a call in flight as spent, and waits for its answer before guessing", async () => {
    const time = fakeTime();
    const limiter = createVendorLimiter({ concurrency: 2, ratePerSecond: undefined }, time);
    const order: string[] = [];
    let release: () => void = () => undefined;
    const slow = limiter.run(() => new Promise<void>((r) => (release = r)).then(() => void order.push("slow answered")));
    // An answer while the slow call is out says one call is left: that one may be the slow call.
    await limiter.run(async () => limiter.spend({ remaining: 1, windowMs: 10_000, limit: 5 }));
    const next = limiter.run(async () => void order.push("next started"));
    await new Promise((r) => setTimeout(r, 5));
    release();
    await Promise.all([slow, next]);
    expect(order).toEqual(["slow answered", "next started"]);
    // The slow answer said nothing of the budget, so the next call waits one call's worth of the window.
    expect(time.sleeps).toEqual([2000]);
  });

  it("takes a refilled budget from a later answer", async () => {
    const time = fakeTime();
    const limiter = createVendorLimiter({ concurrency: 1, ratePerSecond: undefined }, time);
    limiter.spend({ remaining: 1, windowMs: 60_000, limit: 10 });
    await limiter.run(task);
    limiter.spend({ remaining: 5, windowMs: 60_000, limit: 10 });
    await Promise.all([limiter.run(task), limiter.run(task)]);
    expect(time.sleeps).toEqual([]);
  });

  it("refuses to start, unsent, when the budget is spent for longer than the longest wait", async () => {
    const time = fakeTime();
    const limiter = createVendorLimiter({ concurrency: 1, ratePerSecond: undefined }, { ...time, maxWaitMs: 60_000 });
    // A window of ten days with nothing left.
    limiter.spend({ remaining: 0, windowMs: 864_000_000, limit: 1 });
    let ran = false;
    await expect(limiter.run(async () => void (ran = true))).rejects.toBeInstanceOf(PaceTooSlow);
    expect(ran).toBe(false);
    expect(time.sleeps).toEqual([]);
  });

  it("refuses to start when the vendor's rate leaves more than the longest wait between two calls", async () => {
    const limiter = createVendorLimiter({ concurrency: 1, ratePerSecond: undefined }, { ...fakeTime(), maxWaitMs: 60_000 });
    limiter.lower({ ratePerSecond: 10 / 864_000 });
    await expect(limiter.run(task)).rejects.toMatchObject({ waitMs: 86_400_000 });
  });
});
