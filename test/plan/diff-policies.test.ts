import { describe, expect, it } from "vitest";
import { entry, observations, observed, only, resource, runDiff, snapshot } from "./fakes.js";

const app = { url: "https://shop.example.com", tags: ["prod"], defaultProfile: null };

describe("diff: removal from the manifests", () => {
  it("deletes what state says scanform created", () => {
    const plan = only(runDiff({ state: snapshot([entry("qualys.webApp.shop", app)]), observations: observations([observed("qualys.webApp.shop", app)]) }));
    expect(plan.changes).toMatchObject([{ address: "qualys.webApp.shop", action: "delete", reason: "removed from the manifests", after: null, ids: { id: "id-shop" } }]);
  });

  it("deletes what state says scanform adopted", () => {
    const plan = only(
      runDiff({ state: snapshot([entry("qualys.webApp.shop", app, { origin: "adopted" })]), observations: observations([observed("qualys.webApp.shop", app)]) }),
    );
    expect(plan.changes[0]!.action).toBe("delete");
  });

  it("refuses to delete an object state also records for another address, naming both", () => {
    const r = runDiff({
      resources: [resource("qualys.webApp.new", app)],
      state: snapshot([entry("qualys.webApp.old", app, { ids: { id: "7" } }), entry("qualys.webApp.new", app, { ids: { id: "7" } })]),
      observations: observations([observed("qualys.webApp.old", app, { ids: { id: "7" } }), observed("qualys.webApp.new", app, { ids: { id: "7" } })]),
    });
    expect(r.diagnostics).toMatchObject([{ code: "PLAN_ID_SHARED", severity: "error", message: expect.stringContaining("qualys.webApp.new") }]);
    expect(r.plan.changes.filter((c) => c.action === "delete")).toEqual([]);
  });

  it("refuses to replace an object state also records for another address", () => {
    const scan = { group: "Security", type: "continuous_own", seeds: [], enabled: true };
    const r = runDiff({
      resources: [resource("hexiosec.scan.a", { ...scan, type: "adhoc" }), resource("hexiosec.scan.b", scan)],
      state: snapshot([entry("hexiosec.scan.a", scan, { ids: { id: "7" } }), entry("hexiosec.scan.b", scan, { ids: { id: "7" } })]),
      observations: observations([observed("hexiosec.scan.a", scan, { ids: { id: "7" } }), observed("hexiosec.scan.b", scan, { ids: { id: "7" } })]),
    });
    expect(r.diagnostics).toMatchObject([{ code: "PLAN_ID_SHARED", message: expect.stringContaining("hexiosec.scan.b") }]);
    expect(r.plan.changes.filter((c) => c.action === "replace")).toEqual([]);
  });

  it("forgets, without stopping, an object another address shares when forgetting deletes nothing", () => {
    const r = runDiff({ state: snapshot([entry("qualys.webApp.old", app, { ids: { id: "7" } }), entry("qualys.webApp.new", app, { ids: { id: "7" } })]), resources: [resource("qualys.webApp.new", app)], observations: observations([observed("qualys.webApp.new", app, { ids: { id: "7" } })]) });
    expect(r.diagnostics).toEqual([]);
    expect(r.plan.changes.find((c) => c.address === "qualys.webApp.old")?.action).toBe("forget");
  });

  it("never deletes an object that state does not hold", () => {
    const plan = only(runDiff({ observations: observations([observed("qualys.webApp.shop", app, { match: "name" })]) }));
    expect(plan.changes).toEqual([]);
  });

  it("refuses to delete a protected object whose block was removed, and says how to unprotect it", () => {
    const r = runDiff({ state: snapshot([entry("qualys.webApp.shop", app, { protect: true })]), observations: observations([observed("qualys.webApp.shop", app)]) });
    expect(r.diagnostics).toMatchObject([{ code: "PLAN_PROTECTED", severity: "error", hint: expect.stringContaining("`protect: false`, run apply, then remove the block") }]);
    expect(r.plan.changes).toEqual([]);
  });

  it("records lifting protect as a state-only change", () => {
    const plan = only(
      runDiff({
        resources: [resource("qualys.webApp.shop", app, { options: { protect: false } })],
        state: snapshot([entry("qualys.webApp.shop", app, { protect: true })]),
        observations: observations([observed("qualys.webApp.shop", app)]),
      }),
    );
    expect(plan.changes[0]).toMatchObject({ action: "no-op", protect: { before: true, after: false }, reason: "protect lifted" });
  });

  it("forgets, with a warning to use the console, what the vendor API cannot delete", () => {
    const plan = only(runDiff({ state: snapshot([entry("cortex.scan.dc", { template: 12 }, { ids: { id: "42" } })]) }));
    expect(plan.changes).toMatchObject([{ action: "forget", before: { template: 12 } }]);
    expect(plan.warnings).toContainEqual(expect.objectContaining({ code: "PLAN_FORGET", message: expect.stringContaining("cortex.scan.dc (id 42)"), hint: "Delete it in the cortex console." }));
  });

  it("forgets an object already deleted outside scanform, even a protected one", () => {
    const plan = only(runDiff({ state: snapshot([entry("qualys.webApp.shop", app, { protect: true })]) }));
    expect(plan.changes).toMatchObject([{ action: "forget", reason: "removed from the manifests, and already deleted outside scanform" }]);
    expect(plan.drift).toMatchObject([{ address: "qualys.webApp.shop", description: "deleted outside scanform" }]);
  });

  it("deletes dependents before the objects they refer to", () => {
    const schedule = { webApps: ["qualys.webApp.shop"], profile: "qualys.profile.default" };
    const plan = only(
      runDiff({
        state: snapshot([entry("qualys.webApp.shop", app), entry("qualys.schedule.nightly", schedule)]),
        observations: observations([observed("qualys.webApp.shop", app), observed("qualys.schedule.nightly", schedule)]),
      }),
    );
    expect(plan.changes.map((c) => [c.address, c.action, c.dependsOn])).toEqual([
      ["qualys.schedule.nightly", "delete", []],
      ["qualys.webApp.shop", "delete", ["qualys.schedule.nightly"]],
    ]);
  });

  it("deletes an object only after the update that stops referring to it", () => {
    const before = { webApps: ["qualys.webApp.old", "qualys.webApp.shop"] };
    const after = { webApps: ["qualys.webApp.shop"] };
    const plan = only(
      runDiff({
        resources: [resource("qualys.webApp.shop", app), resource("qualys.schedule.nightly", after, { dependsOn: ["qualys.webApp.shop"] })],
        state: snapshot([entry("qualys.webApp.shop", app), entry("qualys.webApp.old", app), entry("qualys.schedule.nightly", before)]),
        observations: observations([observed("qualys.webApp.shop", app), observed("qualys.webApp.old", app), observed("qualys.schedule.nightly", before)]),
      }),
    );
    expect(plan.changes.find((c) => c.address === "qualys.webApp.old")).toMatchObject({ action: "delete", dependsOn: ["qualys.schedule.nightly"] });
    expect(plan.changes.find((c) => c.address === "qualys.schedule.nightly")).toMatchObject({ action: "update", dependsOn: ["qualys.webApp.shop"] });
  });
});

describe("diff: same-named objects at the vendor", () => {
  it("refuses one that state does not know and points at the manifest line to set adopt", () => {
    const r = runDiff({ resources: [resource("qualys.webApp.shop", app, { line: 14 })], observations: observations([observed("qualys.webApp.shop", app, { match: "name" })]) });
    expect(r.diagnostics).toMatchObject([
      { code: "PLAN_ALREADY_EXISTS", source: { file: "scans/main.yaml", line: 14 }, hint: expect.stringContaining("Set `adopt: true` on it at scans/main.yaml:14:5") },
    ]);
  });

  it("imports it with adopt: true, with the fields that will change", () => {
    const plan = only(
      runDiff({
        resources: [resource("qualys.webApp.shop", app, { options: { adopt: true } })],
        observations: observations([observed("qualys.webApp.shop", { ...app, tags: [] }, { match: "name", ids: { id: "77" } })]),
      }),
    );
    expect(plan.changes[0]).toMatchObject({
      action: "import",
      ids: { id: "77" },
      reason: "adopt: true, then tags change",
      diffs: [{ field: "tags", kind: "set", added: ["prod"], removed: [] }],
    });
  });

  it("creates with a warning when adopt: true finds nothing of that exact name, as a name off by a space or a letter's case would", () => {
    const r = runDiff({ resources: [resource("qualys.webApp.shop", { ...app, name: "Shop" }, { options: { adopt: true } })], observations: observations([]) });
    expect(r.plan.changes).toMatchObject([{ action: "create" }]);
    expect(r.plan.warnings).toMatchObject([{ code: "PLAN_ADOPT_NOTHING", severity: "warning", message: expect.stringContaining('named "Shop"') }]);
  });

  it("says, when adopt: true finds nothing, that the object of that name is another address's, and how to rename it", () => {
    const r = runDiff({
      resources: [resource("qualys.webApp.shop-new", { ...app, name: "shop" }, { options: { adopt: true } })],
      state: snapshot([entry("qualys.webApp.shop-old", { ...app, name: "shop" })]),
      observations: observations([observed("qualys.webApp.shop-old", { ...app, name: "shop" })]),
    });
    expect(r.plan.warnings).toMatchObject([{ code: "PLAN_ADOPT_NOTHING", message: expect.stringContaining("qualys.webApp.shop-old"), hint: expect.stringContaining("moved:") }]);
  });

  it("refuses to adopt an object whose fixed fields differ", () => {
    const scan = { group: "Security", type: "continuous_own", seeds: [], enabled: true };
    const r = runDiff({
      resources: [resource("hexiosec.scan.corp", scan, { options: { adopt: true } })],
      observations: observations([observed("hexiosec.scan.corp", { ...scan, type: "adhoc" }, { match: "name" })]),
    });
    expect(r.diagnostics).toMatchObject([{ code: "PLAN_ADOPT_REPLACE", message: expect.stringContaining("type differ") }]);
  });
});

describe("diff: moved", () => {
  it("renames the state address instead of deleting and creating", () => {
    const moved = [{ from: "qualys.webApp.old", to: "qualys.webApp.shop", source: { file: "scans/main.yaml", line: 2, column: 3 } }];
    const plan = only(
      runDiff({
        resources: [resource("qualys.webApp.shop", { ...app, name: "old" })],
        moved,
        state: snapshot([entry("qualys.webApp.old", app)]),
        observations: observations([observed("qualys.webApp.old", app)]),
      }),
    );
    expect(plan.moves).toEqual([{ from: "qualys.webApp.old", to: "qualys.webApp.shop" }]);
    expect(plan.changes.map((c) => [c.address, c.action])).toEqual([["qualys.webApp.shop", "no-op"]]);
    expect(plan.fingerprints).toHaveProperty("qualys.webApp.shop");
  });

  it("skips a move already applied", () => {
    const moved = [{ from: "qualys.webApp.old", to: "qualys.webApp.shop", source: { file: "scans/main.yaml", line: 2, column: 3 } }];
    const plan = only(runDiff({ resources: [resource("qualys.webApp.shop", app)], moved, state: snapshot([entry("qualys.webApp.shop", app)]), observations: observations([observed("qualys.webApp.shop", app)]) }));
    expect(plan.moves).toEqual([]);
  });

  it("refuses a move to an address state already holds", () => {
    const moved = [{ from: "qualys.webApp.old", to: "qualys.webApp.shop", source: { file: "scans/main.yaml", line: 2, column: 3 } }];
    const r = runDiff({ resources: [resource("qualys.webApp.shop", app)], moved, state: snapshot([entry("qualys.webApp.old", app), entry("qualys.webApp.shop", app)]) });
    expect(r.diagnostics.map((d) => d.code)).toContain("PLAN_MOVED_CONFLICT");
  });

  it("refuses a move across kinds", () => {
    const moved = [{ from: "qualys.webApp.old", to: "qualys.schedule.old", source: { file: "scans/main.yaml", line: 2, column: 3 } }];
    const r = runDiff({ moved, state: snapshot([entry("qualys.webApp.old", app)]), observations: observations([observed("qualys.webApp.old", app)]) });
    expect(r.diagnostics.map((d) => d.code)).toContain("PLAN_MOVED_KIND");
  });
});

describe("diff: --target", () => {
  const schedule = { webApps: ["qualys.webApp.shop"] };
  const resources = [
    resource("qualys.webApp.shop", app),
    resource("qualys.webApp.blog", app),
    resource("qualys.schedule.nightly", schedule, { dependsOn: ["qualys.webApp.shop"] }),
  ];

  it("plans only the targets and their dependencies", () => {
    const plan = only(runDiff({ resources, targets: ["qualys.schedule.nightly"] }));
    expect(plan.changes.map((c) => c.address)).toEqual(["qualys.schedule.nightly", "qualys.webApp.shop"]);
  });

  it("takes along what still refers to a targeted removal", () => {
    const plan = only(
      runDiff({
        state: snapshot([entry("qualys.webApp.shop", app), entry("qualys.schedule.nightly", schedule), entry("qualys.webApp.blog", app)]),
        observations: observations([observed("qualys.webApp.shop", app), observed("qualys.schedule.nightly", schedule), observed("qualys.webApp.blog", app)]),
        targets: ["qualys.webApp.shop"],
      }),
    );
    expect(plan.changes.map((c) => c.address)).toEqual(["qualys.schedule.nightly", "qualys.webApp.shop"]);
  });

  it("takes along a schedule that refers to a targeted removal only at the vendor", () => {
    // State's last applied spec names blog only; at Qualys the schedule also targets shop.
    const onBlog = { webApps: ["qualys.webApp.blog"] };
    const r = runDiff({
      resources: [resource("qualys.webApp.blog", app), resource("qualys.schedule.nightly", onBlog, { dependsOn: ["qualys.webApp.blog"] })],
      state: snapshot([entry("qualys.webApp.shop", app), entry("qualys.schedule.nightly", onBlog), entry("qualys.webApp.blog", app)]),
      observations: observations([
        observed("qualys.webApp.shop", app),
        observed("qualys.schedule.nightly", { webApps: ["qualys.webApp.blog", "qualys.webApp.shop"] }),
        observed("qualys.webApp.blog", app),
      ]),
      targets: ["qualys.webApp.shop"],
    });
    const plan = only(r);
    expect(plan.changes.filter((c) => c.action !== "no-op").map((c) => [c.action, c.address])).toEqual([
      ["update", "qualys.schedule.nightly"],
      ["delete", "qualys.webApp.shop"],
    ]);
    expect(plan.changes.find((c) => c.address === "qualys.webApp.shop")!.dependsOn).toEqual(["qualys.schedule.nightly"]);
  });

  it("takes along every move of a chain that ends at a target", () => {
    const source = { file: "scans/main.yaml", line: 2, column: 3 };
    const plan = only(
      runDiff({
        resources: [resource("qualys.webApp.a2", app)],
        moved: [
          { from: "qualys.webApp.a", to: "qualys.webApp.a1", source },
          { from: "qualys.webApp.a1", to: "qualys.webApp.a2", source },
        ],
        state: snapshot([entry("qualys.webApp.a", app)]),
        observations: observations([observed("qualys.webApp.a", { ...app, name: "a2" })]),
        targets: ["qualys.webApp.a2"],
      }),
    );
    expect(plan.moves).toEqual([
      { from: "qualys.webApp.a", to: "qualys.webApp.a1" },
      { from: "qualys.webApp.a1", to: "qualys.webApp.a2" },
    ]);
  });

  it("follows a target named by its address before a pending move", () => {
    const source = { file: "scans/main.yaml", line: 2, column: 3 };
    const plan = only(
      runDiff({
        resources: [resource("qualys.webApp.b2", app)],
        moved: [{ from: "qualys.webApp.b", to: "qualys.webApp.b2", source }],
        state: snapshot([entry("qualys.webApp.b", app)]),
        observations: observations([observed("qualys.webApp.b", { ...app, name: "b2" })]),
        targets: ["qualys.webApp.b"],
      }),
    );
    expect(plan.moves).toEqual([{ from: "qualys.webApp.b", to: "qualys.webApp.b2" }]);
    expect(plan.changes.map((c) => c.address)).toEqual(["qualys.webApp.b2"]);
  });

  it("records its targets and warns that it covers only them", () => {
    const plan = only(runDiff({ resources, targets: ["qualys.schedule.nightly"] }));
    expect(plan.targets).toEqual(["qualys.schedule.nightly"]);
    expect(plan.warnings).toMatchObject([{ code: "PLAN_TARGETED", message: expect.stringContaining("--target qualys.schedule.nightly") }]);
  });

  it("leaves an untargeted plan without targets or the warning", () => {
    const plan = only(runDiff({ resources }));
    expect(plan.targets).toBeUndefined();
    expect(plan.warnings.map((w) => w.code)).not.toContain("PLAN_TARGETED");
  });

  it("refuses a target that is nowhere", () => {
    const r = runDiff({ resources, targets: ["qualys.webApp.nope"] });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["PLAN_TARGET_UNKNOWN"]);
  });
});
