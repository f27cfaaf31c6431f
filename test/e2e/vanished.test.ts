/**
 * Objects state tracks that a list answer lacks (docs/plan.md, "Objects that vanish from a list"):
 * read by id before anything is planned for them, never recreated en masse or when protected
 * without a person saying so, so a partial answer or a key of the wrong tenant never doubles scans.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/exit-codes.js";
import type { JsonValue } from "../../src/core/json.js";
import { applyOk, expectConverged, hexiosecScans, names } from "./checks.js";
import { startE2E, type E2E } from "./harness.js";

let e2e: E2E;
beforeEach(async () => {
  e2e = await startE2E({ files: ["settings.yaml", "hexiosec.yaml"] });
  await applyOk(e2e);
});
afterEach(async () => {
  await e2e.close();
});

/** Deletes scans at the emulator behind scanform's back, as a person in the Hexiosec app would. */
function deleteAtVendor(...scanNames: string[]): void {
  const emulator = e2e.emulators.emulators.hexiosec!.vendor;
  const tenant = emulator.dump() as { scans: { name: string }[] } & Record<string, JsonValue>;
  emulator.load({ ...tenant, scans: tenant.scans.filter((s) => !scanNames.includes(s.name)) } as unknown as JsonValue);
}

describe("objects that vanish from a list answer", () => {
  it("refuses to plan when the scan list answers [] but each tracked scan still reads by its id", async () => {
    e2e.faults("hexiosec", { emptyList: 1, operations: ["listScans"] });
    const plan = await e2e.run("plan");
    expect(plan.code).toBe(EXIT.error);
    expect(plan.stderr).toMatch(/hexiosec's list answer lacked 2 objects that state tracks.*still exist/);
    expect(plan.stdout).not.toMatch(/will be created/);
  });

  it("makes no write and no duplicate when apply meets a list answer of []", async () => {
    e2e.faults("hexiosec", { emptyList: 1, operations: ["listScans"] });
    e2e.clearLog("hexiosec");
    const r = await e2e.run("apply", "--auto-approve");
    expect(r.code).toBe(EXIT.error);
    expect(e2e.count("hexiosec", "createScan") + e2e.count("hexiosec", "addSeed") + e2e.count("hexiosec", "updateScan")).toBe(0);
    e2e.faults("hexiosec", undefined);
    expect(names(hexiosecScans(e2e))).toEqual(["E2E edge", "E2E partners"]);
    await expectConverged(e2e);
  });

  it("refuses to recreate most of a vendor's scans at once without --allow-mass-recreate", async () => {
    deleteAtVendor("E2E edge", "E2E partners");
    const plan = await e2e.run("plan");
    expect(plan.code).toBe(EXIT.error);
    expect(plan.stderr).toMatch(/2 of the 2 hexiosec objects state tracks are gone/);
    expect(plan.stderr).toContain("--allow-mass-recreate");
    const refused = await e2e.run("apply", "--auto-approve");
    expect(refused.code).toBe(EXIT.error);
    expect(hexiosecScans(e2e)).toHaveLength(0);
  });

  it("recreates them when the person says so with --allow-mass-recreate", async () => {
    deleteAtVendor("E2E edge", "E2E partners");
    const plan = await e2e.run("plan", "--allow-mass-recreate");
    expect(plan.code).toBe(EXIT.ok);
    expect(plan.stdout).toMatch(/deleted outside scanform/);
    await applyOk(e2e, "--allow-mass-recreate");
    expect(names(hexiosecScans(e2e))).toEqual(["E2E edge", "E2E partners"]);
    await expectConverged(e2e);
  });

  it("recreates one scan deleted outside scanform out of two, as an ordinary create", async () => {
    deleteAtVendor("E2E edge");
    await applyOk(e2e);
    expect(names(hexiosecScans(e2e))).toEqual(["E2E edge", "E2E partners"]);
  });

  it("never recreates a protected scan that vanished, even with --allow-mass-recreate", async () => {
    await e2e.edit("hexiosec.yaml", (doc) => doc.setIn(["hexiosec", "scans", "edge", "protect"], true));
    await applyOk(e2e);
    deleteAtVendor("E2E edge");
    const plan = await e2e.run("plan", "--allow-mass-recreate");
    expect(plan.code).toBe(EXIT.error);
    expect(plan.stderr).toMatch(/hexiosec\.scan\.edge is protected.*gone from hexiosec/);
    expect(plan.stderr).toContain("scanform state rm hexiosec.scan.edge");
    expect(names(hexiosecScans(e2e))).toEqual(["E2E partners"]);
  });
});
