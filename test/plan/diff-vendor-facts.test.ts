/** Facts a driver gives the vendor-neutral plan: fields that cannot be cleared, objects still used by others. */
import { describe, expect, it } from "vitest";
import { KINDS, entry, observations, observed, resource, runDiff, snapshot } from "./fakes.js";

const qualys = KINDS.get("qualys")!;
const noClear = new Map([...KINDS, ["qualys", { ...qualys, webApp: { ...qualys["webApp"]!, fields: { defaultProfile: { update: "in-place" as const, cannotClear: "the vendor cannot clear it" } } } }]]);
const app = (defaultProfile: string | null) => ({ url: "https://shop.example.com", tags: [], defaultProfile });

describe("diff: a field the vendor cannot clear", () => {
  it("refuses to clear it, with the driver's reason and where it is written", () => {
    const r = runDiff({
      kinds: noClear,
      resources: [resource("qualys.webApp.shop", app(null), { line: 4 })],
      state: snapshot([entry("qualys.webApp.shop", app("qualys.profile.std"))]),
      observations: observations([observed("qualys.webApp.shop", app("qualys.profile.std"))]),
    });
    expect(r.diagnostics).toMatchObject([{ code: "PLAN_CANNOT_CLEAR", message: "qualys.webApp.shop: defaultProfile cannot be removed: the vendor cannot clear it.", source: { line: 4 } }]);
    expect(r.plan.changes).toEqual([]);
  });

  it("still changes it to another value", () => {
    const r = runDiff({
      kinds: noClear,
      resources: [resource("qualys.webApp.shop", app("qualys.profile.other"))],
      state: snapshot([entry("qualys.webApp.shop", app("qualys.profile.std"))]),
      observations: observations([observed("qualys.webApp.shop", app("qualys.profile.std"))]),
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.plan.changes[0]).toMatchObject({ action: "update" });
  });
});

describe("diff: deleting an object that others still use", () => {
  it("warns, naming what the driver says uses it", () => {
    const r = runDiff({
      state: snapshot([entry("qualys.webApp.shop", app(null))]),
      observations: observations([observed("qualys.webApp.shop", app(null), { usedBy: ['schedule "Nightly" (id 7), which scanform does not manage, targets it'] })]),
    });
    expect(r.plan.changes[0]).toMatchObject({ action: "delete" });
    expect(r.plan.warnings).toMatchObject([{ code: "PLAN_STILL_USED", message: 'qualys.webApp.shop will be deleted, but schedule "Nightly" (id 7), which scanform does not manage, targets it.' }]);
  });
});

describe("diff: deleting or replacing an object that holds what scanform does not own", () => {
  const scan = { group: "Security", type: "continuous_own", seeds: ["a.example.com"], enabled: true };
  const holds = ["1 seed without the scanform tag (hand.example.com)"];

  it("warns that a replace deletes it, naming what the driver says goes", () => {
    const r = runDiff({
      resources: [resource("hexiosec.scan.edge", { ...scan, type: "adhoc", enabled: false })],
      state: snapshot([entry("hexiosec.scan.edge", scan)]),
      observations: observations([observed("hexiosec.scan.edge", scan, { holds })]),
    });
    expect(r.plan.changes[0]).toMatchObject({ action: "replace" });
    expect(r.plan.warnings).toMatchObject([{ code: "PLAN_UNOWNED_LOST", message: "hexiosec.scan.edge will be replaced, and 1 seed without the scanform tag (hand.example.com), which scanform does not own, goes with it." }]);
  });

  it("warns the same when its block is removed", () => {
    const r = runDiff({ state: snapshot([entry("hexiosec.scan.edge", scan)]), observations: observations([observed("hexiosec.scan.edge", scan, { holds })]) });
    expect(r.plan.changes[0]).toMatchObject({ action: "delete" });
    expect(r.plan.warnings.map((w) => w.code)).toEqual(["PLAN_UNOWNED_LOST"]);
  });

  it("says nothing of it for an update, which keeps it", () => {
    const r = runDiff({
      resources: [resource("hexiosec.scan.edge", { ...scan, enabled: false })],
      state: snapshot([entry("hexiosec.scan.edge", scan)]),
      observations: observations([observed("hexiosec.scan.edge", scan, { holds })]),
    });
    expect(r.plan.warnings).toEqual([]);
  });
});

describe("diff: ignore: on a kind whose every write sends the whole spec", () => {
  const cortex = KINDS.get("cortex")!;
  const whole = new Map([...KINDS, ["cortex", { ...cortex, scan: { ...cortex["scan"]!, sendsWhole: "Cortex takes a definition whole" } }]]);
  const def = { template: 12, targets: ["10.0.0.0/16"], description: "lab" };

  it("warns that a write sends the ignored fields as the manifest has them", () => {
    const r = runDiff({
      kinds: whole,
      resources: [resource("cortex.scan.lab", { ...def, targets: ["10.1.0.0/16"] }, { options: { ignore: ["description"] }, line: 6 })],
      state: snapshot([entry("cortex.scan.lab", def)]),
    });
    expect(r.plan.changes[0]).toMatchObject({ action: "update" });
    expect(r.plan.warnings.filter((w) => w.code === "PLAN_IGNORE_WRITTEN")).toMatchObject([
      { code: "PLAN_IGNORE_WRITTEN", message: "cortex.scan.lab: ignore: [description] keeps them out of the plan, but Cortex takes a definition whole: this update writes them as the manifest has them.", source: { line: 6 } },
    ]);
  });

  it("says nothing when nothing is sent", () => {
    const r = runDiff({ kinds: whole, resources: [resource("cortex.scan.lab", def, { options: { ignore: ["description"] } })], state: snapshot([entry("cortex.scan.lab", def)]) });
    expect(r.plan.warnings.filter((w) => w.code === "PLAN_IGNORE_WRITTEN")).toEqual([]);
  });
});

describe("diff: --refresh=false and a resource read only from the vendor", () => {
  // A data resource (a Qualys option profile) is never kept in state: its id comes from reading
  // the vendor, which --refresh=false does not do, so a change that sends or launches with one could only fail at apply.
  const profile = resource("qualys.profile.std", { name: "Initial WAS Options" }, { mode: "data" });
  const app = { url: "https://blog.example.com", tags: [], defaultProfile: "qualys.profile.std" };

  it("refuses a create that needs its id, at the block, saying to read the vendors", () => {
    const r = runDiff({ refresh: false, observations: new Map(), resources: [profile, resource("qualys.webApp.blog", app, { dependsOn: ["qualys.profile.std"], line: 9 })], state: snapshot([]) });
    expect(r.diagnostics).toMatchObject([{ code: "PLAN_NEEDS_REFRESH", message: expect.stringContaining("qualys.profile.std"), source: { line: 9 } }]);
  });

  it("refuses an update that sets the reference", () => {
    const r = runDiff({
      refresh: false,
      observations: new Map(),
      resources: [profile, resource("qualys.webApp.blog", app, { dependsOn: ["qualys.profile.std"], line: 9 })],
      state: snapshot([entry("qualys.webApp.blog", { ...app, defaultProfile: null })]),
    });
    expect(r.diagnostics).toMatchObject([{ code: "PLAN_NEEDS_REFRESH", message: expect.stringContaining("updated"), source: { line: 9 } }]);
  });

  it("plans an update that leaves the reference as it is", () => {
    const r = runDiff({
      refresh: false,
      observations: new Map(),
      resources: [profile, resource("qualys.webApp.blog", { ...app, tags: ["prod"] }, { dependsOn: ["qualys.profile.std"] })],
      state: snapshot([entry("qualys.webApp.blog", app)]),
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.plan.changes).toMatchObject([{ action: "update" }]);
  });

  it("refuses a launch that needs its id", () => {
    const scan = { webApps: [], profile: "qualys.profile.std" };
    const r = runDiff({
      refresh: false,
      observations: new Map(),
      resources: [profile, resource("qualys.scan.ci", scan, { dependsOn: ["qualys.profile.std"], launch: "always", line: 12 })],
      state: snapshot([entry("qualys.scan.ci", scan)]),
    });
    expect(r.diagnostics).toMatchObject([{ code: "PLAN_NEEDS_REFRESH", message: expect.stringContaining("launched"), source: { line: 12 } }]);
  });

  it("plans the same create when the vendors are read", () => {
    const r = runDiff({
      resources: [profile, resource("qualys.webApp.blog", app, { dependsOn: ["qualys.profile.std"] })],
      state: snapshot([]),
      observations: observations([observed("qualys.profile.std", { name: "Initial WAS Options" })]),
    });
    expect(r.diagnostics).toEqual([]);
  });
});

describe("diff: a driver's review of a spec about to be sent", () => {
  const cortex = KINDS.get("cortex")!;
  const reviewing = new Map([...KINDS, ["cortex", { ...cortex, scan: { ...cortex["scan"]!, review: (_: unknown, now: Date) => [`reviewed at ${now.toISOString()}`] } }]]);
  const def = { targets: ["10.0.0.0/24"] };

  it("warns at the resource when the spec is sent, judged at the plan's clock", () => {
    const r = runDiff({ kinds: reviewing, resources: [resource("cortex.scan.dc", def, { line: 9 })], now: new Date("2030-01-01T00:00:00Z") });
    expect(r.plan.warnings.filter((w) => w.code === "PLAN_REVIEW")).toMatchObject([{ message: "cortex.scan.dc: reviewed at 2030-01-01T00:00:00.000Z", source: { line: 9 } }]);
  });

  it("says nothing when the spec is not sent again", () => {
    const r = runDiff({ kinds: reviewing, resources: [resource("cortex.scan.dc", def)], state: snapshot([entry("cortex.scan.dc", def)]) });
    expect(r.plan.warnings.filter((w) => w.code === "PLAN_REVIEW")).toEqual([]);
  });
});
