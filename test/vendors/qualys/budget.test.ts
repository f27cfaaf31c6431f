import { describe, expect, it } from "vitest";
import { createChange, failure, inParallel, setup, step, webAppSpec } from "./helpers.js";

const BUDGET = { calls: 10, windowSec: 30 };

/** Calls another tool of the same subscription made: they spend the budget scanform then works with. */
async function spendElsewhere(s: Awaited<ReturnType<typeof setup>>, calls: number): Promise<void> {
  for (let i = 0; i < calls; i++) await s.raw("GET", "/qps/rest/portal/version");
}

const refusals = (s: Awaited<ReturnType<typeof setup>>): number => s.running.emulators.qualys!.log.entries().filter((e) => e.status === 409).length;

describe("qualys driver: spending a budget Qualys states (§5 X-RateLimit-*)", () => {
  it("creates more web apps than the budget has left without a single refusal, waiting for the window instead", async () => {
    const s = await setup({ emulator: { callBudget: BUDGET }, timeScale: 50 });
    await spendElsewhere(s, 8);
    const started = s.clock.now();
    const ids = await inParallel(12, 2, (i) => s.session.create(createChange("webApp", `app${i}`, webAppSpec(`app${i}`)), step()));
    expect(ids.every((x) => x["id"] !== undefined)).toBe(true);
    expect(refusals(s)).toBe(0);
    expect(s.counter.counts()["qualys.create.WebApp"]).toBe(12);
    // 12 calls where 2 were left of 10 per 30 s: the rest wait for the window to turn at least once, and not for many more.
    expect(s.clock.now() - started).toBeGreaterThanOrEqual(30_000);
    expect(s.clock.now() - started).toBeLessThanOrEqual(4 * 30_000);
  });

  it("reports the limit the answers state, with what is left of it", async () => {
    const s = await setup({ emulator: { callBudget: { calls: 300, windowSec: 3600 } }, timeScale: 50, maxVendorWaitMs: 3_600_000 });

    await s.session.checkCredentials!();
    expect(s.http.callLimit()).toEqual({ calls: 300, windowSeconds: 3600, remaining: 299, source: "the vendor's answers" });
  });

  it("keeps to the calls in flight the budget's answers allow before any is refused", async () => {
    const s = await setup({ emulator: { callBudget: { calls: 300, windowSec: 3600, concurrency: 1 } }, timeScale: 50, maxVendorWaitMs: 3_600_000 });
    await s.session.checkCredentials!();
    expect(s.http.limits().concurrency).toBe(1);
    expect(refusals(s)).toBe(0);
  });

  it("fails unsent, naming the wait, when the budget is spent for longer than scanform waits", async () => {
    const s = await setup({ emulator: { callBudget: { calls: 3, windowSec: 3600 } }, timeScale: 50 });
    await spendElsewhere(s, 2);
    await s.session.create(createChange("webApp", "first", webAppSpec("first")), step());
    const e = await failure(s.session.create(createChange("webApp", "second", webAppSpec("second")), step()));
    expect(e.code).toBe("HTTP_WAIT_TOO_LONG");
    expect(e.message).toContain("not sent");
    expect(e.message).toContain("SCANFORM_HTTP_MAX_WAIT_SECONDS");
    expect(refusals(s)).toBe(0);
    expect(s.counter.counts()["qualys.create.WebApp"]).toBe(1);
  });
});
