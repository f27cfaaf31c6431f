/**
 * Qualys plan rules that need the vendor's answer: a default option profile cannot be removed,
 * and deleting a web app that a schedule scanform does not manage targets is said before it happens.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
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

describe("qualys: removing a web app's defaultProfile", () => {
  it("is refused at plan time with the reason, instead of failing at every apply", async () => {
    await e2e.edit("qualys.yaml", (doc) => doc.deleteIn(["qualys", "webApps", "store-api", "defaultProfile"]));
    const plan = await e2e.run("plan");
    expect(plan.code).toBe(EXIT.error);
    expect(plan.stderr).toMatch(/qualys\.webApp\.store-api: defaultProfile cannot be removed: Qualys has no documented way to remove a web app's default option profile/);
    expect(plan.stderr).toMatch(/ignore/);
    e2e.clearLog("qualys");
    const apply = await e2e.run("apply", "--auto-approve");
    expect(apply.code).toBe(EXIT.error);
    expect(e2e.count("qualys", "updateWebApp")).toBe(0);
  });

  it("converges when the field is left to people with ignore", async () => {
    await e2e.edit("qualys.yaml", (doc) => {
      doc.deleteIn(["qualys", "webApps", "store-api", "defaultProfile"]);
      doc.setIn(["qualys", "webApps", "store-api", "ignore"], ["defaultProfile"]);
    });
    await expectConverged(e2e);
  });
});

describe("qualys: deleting a web app that a schedule scanform does not manage targets", () => {
  it("warns in the plan, naming the schedule that would be left without it", async () => {
    // The schedule stays at Qualys, but is no longer scanform's.
    expect((await e2e.run("state", "rm", "qualys.schedule.store-nightly")).code).toBe(EXIT.ok);
    await e2e.edit("qualys.yaml", (doc) => {
      doc.deleteIn(["qualys", "schedules", "store-nightly"]);
      doc.deleteIn(["qualys", "webApps", "store-api"]);
    });
    const plan = await e2e.run("plan");
    expect(plan.code).toBe(EXIT.ok);
    expect(plan.stdout).toMatch(/^ {2}- qualys\.webApp\.store-api$/m);
    expect(plan.stdout).toMatch(/Warning: qualys\.webApp\.store-api will be deleted, but schedule "E2E store nightly" \(id \d+\), which scanform does not manage, targets it/);
  });

  it("says nothing when no other schedule targets the web app", async () => {
    await e2e.edit("qualys.yaml", (doc) => {
      doc.setIn(["qualys", "schedules", "store-nightly", "webApps"], ["store"]);
      doc.deleteIn(["qualys", "webApps", "store-api"]);
    });
    const plan = await e2e.run("plan");
    expect(plan.stdout).not.toMatch(/does not manage/);
  });
});
