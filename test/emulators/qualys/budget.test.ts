import { describe, expect, it } from "vitest";
import { createManualClock } from "../../../src/emulators/core/clock.js";
import { createCallBudget, readCallBudget } from "../../../src/emulators/qualys/budget.js";

describe("qualys emulator: a subscription's call budget (§5)", () => {
  it("states the limit, the window and what is left on every answer it admits", () => {
    const budget = createCallBudget({ calls: 3, windowSec: 60 }, createManualClock());
    expect(budget.take()).toEqual({
      admitted: true,
      headers: { "x-ratelimit-limit": "3", "x-ratelimit-window-sec": "60", "x-ratelimit-remaining": "2", "x-ratelimit-towait-sec": "0" },
    });
  });

  it("advertises the calls in flight it allows, when given", () => {
    const budget = createCallBudget({ calls: 3, windowSec: 60, concurrency: 2 }, createManualClock());
    expect(budget.take().headers).toMatchObject({ "x-concurrency-limit-limit": "2" });
  });

  it("says how long until the next call on the answer that spends the last one", () => {
    const clock = createManualClock();
    const budget = createCallBudget({ calls: 2, windowSec: 60 }, clock);
    budget.take();
    clock.advance(10_000);
    expect(budget.take().headers).toMatchObject({ "x-ratelimit-remaining": "0", "x-ratelimit-towait-sec": "50" });
  });

  it("refuses a call over the budget until the oldest call leaves the window", () => {
    const clock = createManualClock();
    const budget = createCallBudget({ calls: 1, windowSec: 60 }, clock);
    budget.take();
    clock.advance(59_000);
    expect(budget.take()).toMatchObject({ admitted: false, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-towait-sec": "1" } });
    clock.advance(1_000);
    expect(budget.take().admitted).toBe(true);
  });

  it.each([[{ calls: 0, windowSec: 60 }], [{ calls: 1.5, windowSec: 60 }], [{ calls: 10, windowSec: 1e9 }], ["300/h"], [null]])("leaves the budget off for %j", (value) => {
    expect(readCallBudget(value)).toBeUndefined();
  });
});
