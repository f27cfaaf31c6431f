import { describe, expect, it } from "vitest";
import { createVendorLimiter } from "../../src/http/limiter.js";
import { fakeTime } from "./harness.js";

const task = () => Promise.resolve("done");

describe("vendor limiter", () => {
  it("starts at once without a rate", async () => {
    const time = fakeTime();
    const limiter = createVendorLimiter({ concurrency: 2, ratePerSecond: undefined }, time);
    await Promise.all([limiter.run(task), limiter.run(task), limiter.run(task)]);
    expect(time.sleeps).toEqual([]);
  });

  it("spaces concurrent starts to the rate", async () => {
    const time = fakeTime();
    const limiter = createVendorLimiter({ concurrency: 1, ratePerSecond: 5 }, time);
    await Promise.all([limiter.run(task), limiter.run(task), limiter.run(task)]);
    expect(time.sleeps).toEqual([200, 200]);
  });

  it("holds every start until a vendor's wait has passed", async () => {
    const time = fakeTime();
    const limiter = createVendorLimiter({ concurrency: 1, ratePerSecond: undefined }, time);
    limiter.holdFor(3000);
    await limiter.run(task);
    expect(time.sleeps).toEqual([3000]);
  });

  it("lowers limits but never raises them", () => {
    const limiter = createVendorLimiter({ concurrency: 4, ratePerSecond: 10 }, fakeTime());
    limiter.lower({ concurrency: 2, ratePerSecond: 20 });
    limiter.lower({ concurrency: 3, ratePerSecond: 0.5 });
    expect(limiter.limits()).toEqual({ concurrency: 2, ratePerSecond: 0.5 });
  });

  it("sets a rate when there was none", () => {
    const limiter = createVendorLimiter({ concurrency: 1, ratePerSecond: undefined }, fakeTime());
    limiter.lower({ ratePerSecond: 3 });
    expect(limiter.limits().ratePerSecond).toBe(3);
  });

  it("never runs a task whose caller cancelled while it was queued", async () => {
    const limiter = createVendorLimiter({ concurrency: 1, ratePerSecond: undefined }, fakeTime());
    let release: () => void = () => undefined;
    const first = limiter.run(() => new Promise<void>((r) => (release = r)));
    const controller = new AbortController();
    let ran = false;
    const second = limiter.run(async () => void (ran = true), controller.signal);
    controller.abort();
    await expect(second).rejects.toThrow();
    release();
    await first;
    await new Promise((r) => setTimeout(r, 0));
    expect(ran).toBe(false);
  });
});

describe("vendor limiter back-off", () => {
  it("halves the concurrency on a refusal, once per second, never below 1", () => {
    const time = fakeTime();
    const limiter = createVendorLimiter({ concurrency: 8, ratePerSecond: undefined }, time);
    limiter.backOff();
    limiter.backOff();
    expect(limiter.limits().concurrency).toBe(4);
    void time.sleep(1000);
    limiter.backOff();
    expect(limiter.limits().concurrency).toBe(2);
    for (let i = 0; i < 3; i++) void time.sleep(1000), limiter.backOff();
    expect(limiter.limits().concurrency).toBe(1);
  });
});
