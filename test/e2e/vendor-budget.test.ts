/**
 * A Qualys subscription whose call budget is nearly spent, as the VM/PC API states it in every
 * answer (vendors/qualys.md §5): the plan says what the apply will cost against it, and the apply
 * keeps within it, so Qualys never has to refuse a call.
 */
import { afterEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/cli/exit-codes.js";
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
    const plan = await e2e.run("plan");
    expect(plan.code).toBe(EXIT.ok);
    // The plan's own check and reads spent 5 of the 6 calls; the apply needs 4 (2 web apps, the schedule, the launch).
    expect(plan.stdout).toContain("Calls to qualys: 4, about 2s at 6 calls per second (from the vendor's answers); only 1 is left in the current window.");

    const apply = await e2e.run("apply", "--auto-approve");
    expect(apply.stderr).toBe("");
    expect(apply.code).toBe(EXIT.ok);
    expect(refusals(e2e)).toBe(0);
    expect(e2e.count("qualys", "createWebApp") + e2e.count("qualys", "createSchedule")).toBe(3);
  });
});
