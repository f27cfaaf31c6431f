/**
 * When a vendor call fails or its answer is lost: the failed step's dependents are skipped, the
 * independent steps go on, and the next run finishes the job without ever making a duplicate.
 */
import { afterEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/exit-codes.js";
import { applyCounts, cortexTenant, expectConverged, hexiosecScans, names, outcomes, qualysStore } from "./checks.js";
import { startE2E, type E2E } from "./harness.js";

let e2e: E2E;
afterEach(async () => {
  await e2e.close();
});

describe("a failure on one resource", () => {
  /** Every vendor; Qualys with one web app that the schedule and the on-demand scan both need. */
  async function startWithOneWebApp(): Promise<void> {
    e2e = await startE2E();
    await e2e.edit("qualys.yaml", (doc) => {
      doc.deleteIn(["qualys", "webApps", "store-api"]);
      doc.setIn(["qualys", "schedules", "store-nightly", "webApps"], ["store"]);
    });
    e2e.faults("qualys", { serverError: 1, operations: ["createWebApp"] });
  }

  it("skips its dependents, completes every other step and exits 1", async () => {
    await startWithOneWebApp();
    const r = await e2e.run("apply", "--auto-approve", "--json");
    expect(r.code).toBe(EXIT.error);
    expect(outcomes(r)).toEqual({
      "qualys.webApp.store": "failed",
      "qualys.schedule.store-nightly": "skipped",
      "qualys.scan.store-ci": "skipped",
      "hexiosec.scan.edge": "succeeded",
      "hexiosec.scan.partners": "succeeded",
      "cortex.scan.lab-daily": "succeeded",
      "cortex.scan.lab-weekly": "succeeded",
    });
    expect(qualysStore(e2e).schedules).toEqual([]);
    expect(names(hexiosecScans(e2e))).toEqual(["E2E edge", "E2E partners"]);
  });

  it("prints every step's outcome and the Apply summary line", async () => {
    await startWithOneWebApp();
    const r = await e2e.run("apply", "--auto-approve");
    expect(applyCounts(r)).toEqual({ succeeded: 4, failed: 1, skipped: 2 });
    expect(r.stdout).toMatch(/qualys\.schedule\.store-nightly +create +skipped +qualys\.webApp\.store failed/);
  });

  it("is finished by a re-run once the vendor recovers, which then converges", async () => {
    await startWithOneWebApp();
    expect((await e2e.run("apply", "--auto-approve")).code).toBe(EXIT.error);
    e2e.faults("qualys", undefined);
    const r = await e2e.run("apply", "--auto-approve");
    expect(r.code).toBe(EXIT.ok);
    expect(applyCounts(r)).toEqual({ succeeded: 3, failed: 0, skipped: 0 });
    expect(names(qualysStore(e2e).webApps)).toEqual(["E2E store"]);
    expect(names(hexiosecScans(e2e))).toEqual(["E2E edge", "E2E partners"]);
    expect(cortexTenant(e2e).definitions).toHaveLength(2);
    await expectConverged(e2e);
  });
});

describe("a create whose answer is lost", () => {
  it.each([
    { vendor: "hexiosec" as const, operation: "createScan", file: "hexiosec.yaml", made: () => names(hexiosecScans(e2e)), expected: ["E2E edge", "E2E partners"] },
    { vendor: "qualys" as const, operation: "createWebApp", file: "qualys.yaml", made: () => names(qualysStore(e2e).webApps), expected: ["E2E store", "E2E store API"] },
  ])("at $vendor is settled by reading back by name, never sent twice", async ({ vendor, operation, file, made, expected }) => {
    e2e = await startE2E({ files: ["settings.yaml", file] });
    e2e.faults(vendor, { lostAnswer: 1, operations: [operation] });
    await e2e.run("apply", "--auto-approve");
    expect(made()).toEqual(expected);
    e2e.faults(vendor, undefined);
    const r = await e2e.run("apply", "--auto-approve");
    expect(r.code).toBe(EXIT.ok);
    expect(made()).toEqual(expected);
    expect(e2e.count(vendor, operation)).toBe(expected.length);
    await expectConverged(e2e);
  });

  it("at cortex, which cannot be read back, is never sent again and apply says to look in the console", async () => {
    e2e = await startE2E({ files: ["settings.yaml", "cortex.yaml"] });
    e2e.faults("cortex", { lostAnswer: 1, operations: ["configureNewScan"] });
    expect((await e2e.run("apply", "--auto-approve")).code).toBe(EXIT.error);
    e2e.faults("cortex", undefined);
    const again = await e2e.run("apply", "--auto-approve");
    expect(again.code).toBe(EXIT.error);
    expect(again.stdout + again.stderr).toContain('Look in the cortex console for a network scan definition named "E2E lab daily"');
    expect(e2e.count("cortex", "configureNewScan")).toBe(2);
    expect(cortexTenant(e2e).definitions).toHaveLength(2);
  });
});
