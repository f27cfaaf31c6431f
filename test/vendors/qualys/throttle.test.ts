import { describe, expect, it } from "vitest";
import { throttleHint } from "../../../src/vendors/qualys/throttle.js";
import { desired, profile, setup, webAppSpec } from "./helpers.js";

const TAGS = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
// One web app with many tags: observe reads the web apps and looks tags up side by side.
const wide = [profile(), desired("webApp", "shop", webAppSpec("shop", { tags: TAGS }))];

describe("qualys driver: pacing to the limits Qualys advertises (§5)", () => {
  it("lowers the client's concurrency to X-Concurrency-Limit-Limit, not just halving it", async () => {
    const s = await setup({ concurrency: 8, controls: { concurrency: 1, latencyMs: 30 }, emulator: { tags: TAGS } });
    const o = await s.session.observe({ desired: wide, state: [] });
    expect(o.diagnostics).toEqual([]);
    expect(s.running.emulators.qualys!.log.entries().some((e) => e.status === 409)).toBe(true);
    // Halving from 8 would give 4.
    expect(s.http.limits().concurrency).toBe(1);
  });

  it("lowers the client's rate to X-RateLimit-Limit per X-RateLimit-Window-Sec", async () => {
    const s = await setup({ controls: { ratePerSecond: 4 }, emulator: { tags: TAGS } });
    expect(s.http.limits().ratePerSecond).toBeUndefined();
    const o = await s.session.observe({ desired: wide, state: [] });
    expect(o.diagnostics).toEqual([]);
    expect(s.http.limits().ratePerSecond).toBe(4);
  });
});

describe("qualys: limit headers no real budget could state", () => {
  it.each([
    ["a limit and a window past any number", { "x-ratelimit-limit": "1e308", "x-ratelimit-window-sec": "1e308", "x-ratelimit-remaining": "5" }, { remaining: 5 }],
    ["a window longer than a month", { "x-ratelimit-limit": "300", "x-ratelimit-window-sec": "99999999", "x-ratelimit-remaining": "5" }, { limit: 300, remaining: 5 }],
    ["a limit that is no whole number", { "x-ratelimit-limit": "2.5", "x-ratelimit-window-sec": "3600", "x-ratelimit-remaining": "5" }, { windowMs: 3_600_000, remaining: 5 }],
  ])("are not taken as a rate: %s", (_, headers, budget) => {
    const hint = throttleHint(200, headers);
    expect(hint?.ratePerSecond).toBeUndefined();
    expect(hint?.budget).toEqual(budget);
  });

  it("are taken when they state a budget, 300 an hour with 5 left", () => {
    expect(throttleHint(200, { "x-ratelimit-limit": "300", "x-ratelimit-window-sec": "3600", "x-ratelimit-remaining": "5" })).toEqual({
      ratePerSecond: 300 / 3600,
      budget: { limit: 300, windowMs: 3_600_000, remaining: 5 },
    });
  });
});
