/**
 * A `moved:` rename of a Qualys web app is a rename and nothing else: the schedule and the
 * on-demand scan that refer to it show no drift, no update and no launch, now or after apply.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { YAMLMap } from "yaml";
import { EXIT } from "../../src/core/exit-codes.js";
import { applyOk, expectConverged } from "./checks.js";
import { startE2E, type E2E } from "./harness.js";

let e2e: E2E;
beforeEach(async () => {
  e2e = await startE2E({ files: ["settings.yaml", "qualys.yaml"] });
  await applyOk(e2e);
});
afterEach(async () => {
  await e2e.close();
});

/** Renames the web app block `store` to `store-main`, with every reference and a `moved:` entry. */
async function renameStore(): Promise<void> {
  await e2e.edit("qualys.yaml", (doc) => {
    const apps = doc.getIn(["qualys", "webApps"]) as YAMLMap;
    const block = apps.get("store");
    apps.delete("store");
    apps.set("store-main", block);
    doc.setIn(["qualys", "schedules", "store-nightly", "webApps"], ["store-main", "store-api"]);
    doc.setIn(["qualys", "scans", "store-ci", "webApps"], ["store-main"]);
    doc.set("moved", [{ from: "qualys.webApp.store", to: "qualys.webApp.store-main" }]);
  });
}

describe("qualys: a moved: rename of a web app", () => {
  it("plans only the move: no drift for the schedule, no update nor launch of the on-change scan", async () => {
    await renameStore();
    const plan = await e2e.run("plan", "--detailed-exitcode");
    expect(plan.stderr).not.toMatch(/^Error/m);
    expect(plan.stdout).toContain("qualys.webApp.store has moved to qualys.webApp.store-main");
    expect(plan.stdout).not.toContain("changed outside scanform");
    expect(plan.stdout).not.toMatch(/launched|will be updated/);
    expect(plan.code).toBe(EXIT.changes);
  });

  it("launches nothing when applied, and converges, with or without the moved: entry kept", async () => {
    await renameStore();
    e2e.clearLog("qualys");
    await applyOk(e2e);
    expect(e2e.count("qualys", "launchScan")).toBe(0);
    await expectConverged(e2e);
    await e2e.edit("qualys.yaml", (doc) => doc.delete("moved"));
    await expectConverged(e2e);
    expect((await e2e.run("plan")).stdout).not.toContain("changed outside scanform");
  });
});

describe("qualys: a chain of moved: renames and --target", () => {
  it("applies the whole chain when only its last address is targeted", async () => {
    await renameStore();
    await e2e.edit("qualys.yaml", (doc) =>
      doc.set("moved", [
        { from: "qualys.webApp.store", to: "qualys.webApp.store-next" },
        { from: "qualys.webApp.store-next", to: "qualys.webApp.store-main" },
      ]),
    );
    const plan = await e2e.run("plan", "--target", "qualys.webApp.store-main");
    expect(plan.stdout).toContain("qualys.webApp.store has moved to qualys.webApp.store-next");
    expect(plan.stdout).toContain("qualys.webApp.store-next has moved to qualys.webApp.store-main");
    await applyOk(e2e, "--target", "qualys.webApp.store-main");
    await expectConverged(e2e);
  });

});
