/**
 * A Qualys subscription whose call budget is nearly spent, as the VM/PC API states it in every
 * answer (vendors/qualys.md §5): the plan says what the apply will cost against it, and the apply
 * keeps within it, so Qualys never has to refuse a call.
 */
import { afterEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/exit-codes.js";
import { startE2E, type E2E } from "./harness.js";

let e2e: E2E | undefined;
afterEach(async () => {
  await e2e?.close();
  e2e = undefined;
});

const refusals = (e: E2E): number => e.emulators.emulators.qualys!.log.entries().filter((x) => x.status === 409).length;

describe("a Qualys call budget stated in X-RateLimit headers", () => {
  it("is measured in the plan, and the apply spends it without a single refusal", async () => {
    e2e = await startE2E({ files: ["qualys.yaml"], vendorOptions: { qualys: { callBudget: { calls: 6, windowSec: 1 } } } });
    const plan = await e2e.run("plan", "--json");
    expect(plan.code).toBe(EXIT.ok);
    // The apply needs 4 calls (2 web apps, the schedule, the launch); how many of the 6 are left
    // depends on how long ago the plan's own reads were, on the wall clock.
    const [qualys] = (JSON.parse(plan.stdout) as { vendor_calls: { vendor: string; calls: number; limit: { calls: number; window_seconds: number; source: string } | null }[] }).vendor_calls;
    expect(qualys).toMatchObject({ vendor: "qualys", calls: 4, limit: { calls: 6, window_seconds: 1, source: "the vendor's answers" } });
    const text = await e2e.run("plan");
    expect(text.stdout).toMatch(/^Calls to qualys: 4(\.|, about \d+s at 6 calls per second \(from the vendor's answers\)(; only \d (is|are) left in the current window)?\.)$/m);

    const apply = await e2e.run("apply", "--auto-approve");
    expect(apply.stderr).toBe("");
    expect(apply.code).toBe(EXIT.ok);
    expect(refusals(e2e)).toBe(0);
    expect(e2e.count("qualys", "createWebApp") + e2e.count("qualys", "createSchedule")).toBe(3);
  });
});
