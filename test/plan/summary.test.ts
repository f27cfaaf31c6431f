import { describe, expect, it } from "vitest";
import { countPlan, hasChanges, summaryLine } from "../../src/plan/summary.js";
import { entry, observations, observed, only, resource, runDiff, snapshot } from "./fakes.js";

const scan = { group: "G", type: "adhoc", seeds: [], enabled: true };

describe("plan summary", () => {
  it("counts a replace as one to add and one to destroy", () => {
    const plan = only(
      runDiff({ resources: [resource("hexiosec.scan.a", { ...scan, type: "continuous_own" })], state: snapshot([entry("hexiosec.scan.a", scan)]), observations: observations([observed("hexiosec.scan.a", scan)]) }),
    );
    expect(summaryLine(plan)).toBe("Plan: 1 to add, 0 to change, 1 to destroy, 0 to launch.");
  });

  it("counts a create that launches afterwards as a launch too", () => {
    const plan = only(runDiff({ resources: [resource("cortex.scan.dc", { template: 1 }, { launch: "always" })] }));
    expect(countPlan(plan)).toMatchObject({ add: 1, launch: 1 });
  });

  it("counts a state-only protect change as a change to apply", () => {
    const plan = only(
      runDiff({ resources: [resource("hexiosec.scan.a", scan, { options: { protect: true } })], state: snapshot([entry("hexiosec.scan.a", scan)]), observations: observations([observed("hexiosec.scan.a", scan)]) }),
    );
    expect(hasChanges(plan)).toBe(true);
  });

  it("reports no changes for the targeted addresses only, when a targeted plan has none", () => {
    const state = snapshot([entry("hexiosec.scan.a", scan)]);
    const plan = only(runDiff({ resources: [resource("hexiosec.scan.a", scan), resource("hexiosec.scan.b", scan)], state, observations: observations([observed("hexiosec.scan.a", scan)]), targets: ["hexiosec.scan.a"] }));
    expect(hasChanges(plan)).toBe(false);
    expect(summaryLine(plan)).toBe("No changes for the targeted addresses. Resources outside --target were not planned and may still differ.");
  });

  it("reports no changes when everything is a no-op", () => {
    const plan = only(runDiff({ resources: [resource("hexiosec.scan.a", scan)], state: snapshot([entry("hexiosec.scan.a", scan)]), observations: observations([observed("hexiosec.scan.a", scan)]) }));
    expect([hasChanges(plan), summaryLine(plan)]).toEqual([false, "No changes. The vendors match the manifests."]);
  });
});
