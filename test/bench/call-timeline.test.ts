import { describe, expect, it } from "vitest";
import { callTimeline, vendorExtraMs } from "../../bench/calls.js";
import type { RequestLogEntry } from "../../src/emulators/index.js";

const call = (time: number, durationMs: number): RequestLogEntry => ({ seq: 0, time, method: "GET", path: "/", operation: "listSeeds", status: 200, outcome: "answered", durationMs });

describe("the bench's timeline of a vendor's calls", () => {
  it("groups arrivals into rounds of the vendor's cap and measures from one round to the next", () => {
    // Cap 2: rounds start at +5, +30 and +60 ms into a plan that started at 1,000.
    const t = callTimeline([call(1005, 20), call(1006, 20), call(1030, 21), call(1031, 22), call(1060, 20)], 1000, 2);
    expect(t).toEqual({ firstMs: 5, rounds: 3, roundMedianMs: 30, roundMaxMs: 30, lastAnswerMs: 80 });
  });

  it("takes arrivals in time order, whatever order the log holds them in", () => {
    const t = callTimeline([call(1031, 22), call(1005, 20), call(1060, 20), call(1006, 20), call(1030, 21)], 1000, 2);
    expect(t?.firstMs).toBe(5);
    expect(t?.roundMedianMs).toBe(30);
  });

  it("reads a log longer than a call's arguments can hold", () => {
    const log = Array.from({ length: 200_000 }, (_, i) => call(1000 + i, i === 7 ? 25 : 20));
    expect(callTimeline(log, 1000, 5)?.lastAnswerMs).toBe(200_019);
    expect(vendorExtraMs(log, 20).maxMs).toBe(5);
  });

  it("has nothing to say of a vendor that was not called", () => {
    expect(callTimeline([], 1000, 5)).toBeUndefined();
  });
});
