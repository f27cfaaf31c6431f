import { describe, expect, it } from "vitest";
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
