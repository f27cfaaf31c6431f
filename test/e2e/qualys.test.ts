/**
 * Qualys WAS end to end: web apps, a schedule over them and an on-demand scan, from an empty
 * subscription through change and delete (dependents first), launching and waiting, and a wait
 * that fails on the scan's findings.
 */
import { afterEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/exit-codes.js";
import { applyCounts, applyOk, expectConverged, names, onlyNamed, qualysStore } from "./checks.js";
import { startE2E, type E2E, type E2EOptions } from "./harness.js";

let e2e: E2E;
const start = async (options: E2EOptions = {}): Promise<void> => {
  e2e = await startE2E({ files: ["settings.yaml", "qualys.yaml"], ...options });
};
afterEach(async () => {
  await e2e.close();
});

const webAppNamed = (name: string) => onlyNamed(qualysStore(e2e).webApps, name);
const applyAndWait = () => applyOk(e2e, "--wait");

describe("qualys end to end", () => {
  it("creates the web apps, the schedule over them, and launches the scan and waits for it", async () => {
    await start();
    const r = await e2e.run("apply", "--auto-approve", "--wait");
    expect(r.code).toBe(EXIT.ok);
    expect(applyCounts(r)).toEqual({ succeeded: 4, failed: 0, skipped: 0 });
    expect(r.stdout).toContain("Wait: 1 succeeded, 0 failed, 0 timed out.");
    const q = qualysStore(e2e);
    expect(names(q.webApps)).toEqual(["E2E store", "E2E store API"]);
    expect(q.schedules.map((s) => [s.name, [...s.target.webAppIds].sort()])).toEqual([["E2E store nightly", [webAppNamed("E2E store").id, webAppNamed("E2E store API").id].sort()]]);
    expect(q.scans.map((s) => s.webApp.name)).toEqual(["E2E store"]);
    await expectConverged(e2e);
  });

  it("updates a web app's tags in place, keeping its id, without launching the scan again", async () => {
    await start();
    await applyAndWait();
    const before = webAppNamed("E2E store");
    await e2e.edit("qualys.yaml", (doc) => doc.setIn(["qualys", "webApps", "store", "tags"], ["prod", "pci"]));
    const plan = await e2e.run("plan");
    expect(plan.stdout).toMatch(/^ {2}~ qualys\.webApp\.store$/m);
    await applyAndWait();
    const after = webAppNamed("E2E store");
    expect(after.id).toBe(before.id);
    const tagNames = after.tagIds.map((id) => qualysStore(e2e).tags.find((t) => t.id === id)?.name).sort();
    expect(tagNames).toEqual(["pci", "prod"]);
    expect(qualysStore(e2e).scans).toHaveLength(1);
    await expectConverged(e2e);
  });

  it("deletes a removed web app after the schedule that scanned it stops using it", async () => {
    await start();
    await applyAndWait();
    await e2e.edit("qualys.yaml", (doc) => {
      doc.deleteIn(["qualys", "webApps", "store-api"]);
      doc.setIn(["qualys", "schedules", "store-nightly", "webApps"], ["store"]);
    });
    const plan = await e2e.run("plan");
    expect(plan.stdout).toMatch(/^ {2}- qualys\.webApp\.store-api$/m);
    await applyAndWait();
    const q = qualysStore(e2e);
    expect(names(q.webApps)).toEqual(["E2E store"]);
    expect(q.schedules.map((s) => s.target.webAppIds)).toEqual([[webAppNamed("E2E store").id]]);
    await expectConverged(e2e);
  });

  it("deletes a removed schedule", async () => {
    await start();
    await applyAndWait();
    await e2e.edit("qualys.yaml", (doc) => doc.deleteIn(["qualys", "schedules", "store-nightly"]));
    await applyAndWait();
    expect(qualysStore(e2e).schedules).toEqual([]);
    await expectConverged(e2e);
  });

  it("launches the on-change scan again when its spec changes", async () => {
    await start();
    await applyAndWait();
    await e2e.edit("qualys.yaml", (doc) => doc.setIn(["qualys", "scans", "store-ci", "webApps"], ["store", "store-api"]));
    await applyAndWait();
    expect(qualysStore(e2e).scans.map((s) => s.webApp.name).sort()).toEqual(["E2E store", "E2E store", "E2E store API"]);
    await expectConverged(e2e);
  });

  it("exits with EXIT.gateTripped after --wait when the findings cross failOn, printing the counts", async () => {
    await start({ vendorOptions: { qualys: { outcomes: { "E2E store": { vulns: [3, 0, 1, 2, 0] } } } } });
    await e2e.edit("qualys.yaml", (doc) => doc.setIn(["qualys", "scans", "store-ci", "wait", "failOn"], { severity: 4, count: 2 }));
    const r = await e2e.run("apply", "--auto-approve", "--wait");
    expect(applyCounts(r).failed).toBe(0);
    expect(r.code).toBe(EXIT.gateTripped);
    expect(r.stdout).toContain("findings by severity 5: 0, 4: 2, 3: 1, 2: 0, 1: 3");
    expect(r.stdout).toContain("Wait: 0 succeeded, 1 failed, 0 timed out.");
  });
});
