/**
 * Cortex XSIAM netscan end to end. The API cannot list, read or delete definitions, so state is
 * the only record: a change is an update of the recorded definition, a removed block is forgotten
 * (with a warning to delete it in the console), and `launch: on-change` launches after each change.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/exit-codes.js";
import { applyCounts, applyOk, cortexTenant, expectConverged, names, onlyNamed } from "./checks.js";
import { startE2E, type E2E } from "./harness.js";

let e2e: E2E;
beforeEach(async () => {
  e2e = await startE2E({ files: ["settings.yaml", "cortex.yaml"] });
});
afterEach(async () => {
  await e2e.close();
});

const definitionNamed = (name: string) => onlyNamed(cortexTenant(e2e).definitions, name);
const applyAndWait = () => applyOk(e2e, "--wait");

describe("cortex end to end", () => {
  it("creates every definition from empty, launches the on-change one and waits for its run", async () => {
    const r = await e2e.run("apply", "--auto-approve", "--wait");
    expect(r.code).toBe(EXIT.ok);
    expect(applyCounts(r)).toEqual({ succeeded: 2, failed: 0, skipped: 0 });
    expect(r.stdout).toContain("Wait: 1 succeeded, 0 failed, 0 timed out.");
    expect(names(cortexTenant(e2e).definitions)).toEqual(["E2E lab daily", "E2E lab weekly"]);
    const daily = definitionNamed("E2E lab daily");
    expect(cortexTenant(e2e).runs.map((run) => [run.definitionId, run.state])).toEqual([[daily.id, "Completed"]]);
    await expectConverged(e2e);
  });

  it("updates a changed definition in place and launches it again", async () => {
    await applyAndWait();
    const before = definitionNamed("E2E lab daily");
    await e2e.edit("cortex.yaml", (doc) => doc.setIn(["cortex", "scans", "lab-daily", "targets"], ["10.40.0.0/24", "10.40.1.0/24"]));
    const plan = await e2e.run("plan");
    expect(plan.stdout).toMatch(/^ {2}~ cortex\.scan\.lab-daily$/m);
    await applyAndWait();
    const after = definitionNamed("E2E lab daily");
    expect(after.id).toBe(before.id);
    expect(after.payload.targets).toEqual(["10.40.0.0/24", "10.40.1.0/24"]);
    expect(cortexTenant(e2e).runs.filter((run) => run.definitionId === after.id)).toHaveLength(2);
    await expectConverged(e2e);
  });

  it("forgets the definition of a removed block and says to delete it in the console", async () => {
    await applyAndWait();
    await e2e.edit("cortex.yaml", (doc) => doc.deleteIn(["cortex", "scans", "lab-weekly"]));
    const plan = await e2e.run("plan");
    expect(plan.stdout).toMatch(/^ {2}\. cortex\.scan\.lab-weekly$/m);
    expect(plan.stdout).toMatch(/cortex\.scan\.lab-weekly .*will be forgotten, not deleted/);
    expect(plan.stdout).toContain("Delete it in the cortex console.");
    await applyAndWait();
    expect(Object.keys((await e2e.state())?.resources ?? {})).toEqual(["cortex.scan.lab-daily"]);
    // Still at the vendor: the API cannot delete it, so state is all scanform lets go of.
    expect(names(cortexTenant(e2e).definitions)).toEqual(["E2E lab daily", "E2E lab weekly"]);
    await expectConverged(e2e);
  });
});
