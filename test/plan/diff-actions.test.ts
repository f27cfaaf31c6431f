import { describe, expect, it } from "vitest";
import { entry, KINDS, observations, observed, only, resource, runDiff, snapshot } from "./fakes.js";

const seeds = ["a.example.com", "b.example.com"];
const scan = { group: "Security", type: "continuous_own", seeds, enabled: true };

describe("diff: actions against a readable vendor", () => {
  it("creates what is neither in state nor at the vendor", () => {
    const plan = only(runDiff({ resources: [resource("hexiosec.scan.corp", scan)] }));
    expect(plan.changes).toMatchObject([{ address: "hexiosec.scan.corp", action: "create", reason: "not at the vendor", before: null }]);
    expect(plan.changes[0]!.after).toEqual({ name: "corp", ...scan });
  });

  it("is a no-op when the vendor matches the manifest", () => {
    const plan = only(
      runDiff({
        resources: [resource("hexiosec.scan.corp", scan)],
        state: snapshot([entry("hexiosec.scan.corp", scan)]),
        observations: observations([observed("hexiosec.scan.corp", scan)]),
      }),
    );
    expect(plan.changes).toMatchObject([{ action: "no-op", diffs: [] }]);
  });

  it("updates in place and names the changed fields", () => {
    const plan = only(
      runDiff({
        resources: [resource("hexiosec.scan.corp", { ...scan, enabled: false })],
        state: snapshot([entry("hexiosec.scan.corp", scan)]),
        observations: observations([observed("hexiosec.scan.corp", scan)]),
      }),
    );
    expect(plan.changes[0]).toMatchObject({
      action: "update",
      reason: "enabled changed",
      ids: { id: "id-corp" },
      diffs: [{ field: "enabled", kind: "value", before: true, after: false, forcesReplace: false }],
    });
  });

  it("shows a set field as members added and removed", () => {
    const plan = only(
      runDiff({
        resources: [resource("hexiosec.scan.corp", { ...scan, seeds: ["b.example.com", "c.example.com"] })],
        state: snapshot([entry("hexiosec.scan.corp", scan)]),
        observations: observations([observed("hexiosec.scan.corp", scan)]),
      }),
    );
    expect(plan.changes[0]).toMatchObject({
      action: "update",
      reason: "seeds changed",
      diffs: [{ field: "seeds", kind: "set", added: ["c.example.com"], removed: ["a.example.com"] }],
    });
  });

  it("never turns a different order of a set into a change", () => {
    const plan = only(
      runDiff({
        resources: [resource("hexiosec.scan.corp", scan)],
        state: snapshot([entry("hexiosec.scan.corp", scan)]),
        observations: observations([observed("hexiosec.scan.corp", { ...scan, seeds: [...seeds].reverse() })]),
      }),
    );
    expect(plan.changes[0]!.action).toBe("no-op");
    expect(plan.drift).toEqual([]);
  });

  it("replaces when a field that cannot change in place differs", () => {
    const plan = only(
      runDiff({
        resources: [resource("hexiosec.scan.corp", { ...scan, type: "adhoc", enabled: false })],
        state: snapshot([entry("hexiosec.scan.corp", scan)]),
        observations: observations([observed("hexiosec.scan.corp", scan)]),
      }),
    );
    expect(plan.changes[0]).toMatchObject({ action: "replace", reason: "type cannot change in place" });
    expect(plan.changes[0]!.diffs.find((d) => d.field === "type")?.forcesReplace).toBe(true);
  });

  it("never diffs an ignored field", () => {
    const plan = only(
      runDiff({
        resources: [resource("qualys.webApp.shop", { url: "https://shop.example.com", tags: ["prod"] }, { options: { ignore: ["tags"] } })],
        state: snapshot([entry("qualys.webApp.shop", { url: "https://shop.example.com", tags: ["prod"] })]),
        observations: observations([observed("qualys.webApp.shop", { url: "https://shop.example.com", tags: ["prod", "by-hand"] })]),
      }),
    );
    expect(plan.changes[0]!.action).toBe("no-op");
    expect(plan.drift).toEqual([]);
  });

  it("diffs a nested object by dotted path, and ignore can name a nested field", () => {
    const schedule = { cadence: "WEEKLY", at: "02:00", timezone: "UTC" };
    const plan = only(
      runDiff({
        resources: [resource("qualys.webApp.shop", { schedule: { ...schedule, at: "03:00", timezone: "CET" } }, { options: { ignore: ["schedule.timezone"] } })],
        state: snapshot([entry("qualys.webApp.shop", { schedule })]),
        observations: observations([observed("qualys.webApp.shop", { schedule })]),
      }),
    );
    expect(plan.changes[0]).toMatchObject({ action: "update", reason: "schedule changed", diffs: [{ field: "schedule.at", before: "02:00", after: "03:00" }] });
  });

  it("passes the driver's notes (unmanaged seeds left alone) on to the change", () => {
    const note = "2 seeds without the scanform tag are left alone";
    const plan = only(
      runDiff({
        resources: [resource("hexiosec.scan.corp", scan)],
        state: snapshot([entry("hexiosec.scan.corp", scan)]),
        observations: observations([observed("hexiosec.scan.corp", scan, { notes: [note] })]),
      }),
    );
    expect(plan.changes[0]!.notes).toEqual([note]);
  });

  it("never produces a change for a data resource", () => {
    const plan = only(
      runDiff({
        resources: [resource("qualys.profile.default", { name: "Initial WAS Options" }, { mode: "data" })],
        observations: observations([observed("qualys.profile.default", { name: "Initial WAS Options" }, { match: "name" })]),
      }),
    );
    expect(plan.changes).toEqual([]);
  });

  it("stops on the driver's diagnostics, such as a data resource not found", () => {
    const missing = { code: "QUALYS_PROFILE_NOT_FOUND", severity: "error" as const, message: "no option profile named X" };
    const r = runDiff({ resources: [resource("qualys.profile.default", { name: "X" }, { mode: "data" })], observations: observations([], ["qualys"], [missing]) });
    expect(r.diagnostics).toEqual([missing]);
  });

  it("records the fingerprint of every observed object by address", () => {
    const o = observed("hexiosec.scan.corp", scan, { fingerprint: "fp-1" });
    const p = observed("qualys.profile.default", { name: "P" }, { match: "name", fingerprint: "fp-2" });
    const plan = only(
      runDiff({
        resources: [resource("hexiosec.scan.corp", scan), resource("qualys.profile.default", { name: "P" }, { mode: "data" })],
        state: snapshot([entry("hexiosec.scan.corp", scan)]),
        observations: observations([o, p]),
      }),
    );
    expect(plan.fingerprints).toEqual({ "hexiosec.scan.corp": "fp-1", "qualys.profile.default": "fp-2" });
  });

  it("records the manifest digest, the state version and the time it was made", () => {
    const r = runDiff({ resources: [resource("hexiosec.scan.corp", scan)], state: snapshot([], 12) });
    expect(r.plan).toMatchObject({ formatVersion: "1.1", createdAt: "2026-11-24T10:00:00.000Z", state: { lineage: "lineage-1", serial: 12 } });
    expect(r.plan.manifestDigest).toMatch(/^sha256:/);
  });

  it("refuses to plan a readable kind of a vendor that was not read", () => {
    const r = runDiff({ resources: [resource("hexiosec.scan.corp", scan)], observations: observations([], ["qualys"]) });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["PLAN_NOT_OBSERVED"]);
  });

  it("refuses a kind no driver knows", () => {
    const r = runDiff({ resources: [resource("hexiosec.widget.x", {})] });
    expect(r.diagnostics).toMatchObject([{ code: "PLAN_UNKNOWN_KIND", source: { file: "scans/main.yaml" } }]);
  });

  it("refuses a state entry of a kind no driver knows, even one spelled like a property every object has", () => {
    const r = runDiff({ state: snapshot([entry("qualys.constructor.x", {})]) });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["PLAN_UNKNOWN_KIND"]);
    expect(r.plan.changes).toEqual([]);
  });
});

describe("diff: drift", () => {
  it("lists a change made outside scanform apart from the change that repairs it", () => {
    const plan = only(
      runDiff({
        resources: [resource("hexiosec.scan.corp", scan)],
        state: snapshot([entry("hexiosec.scan.corp", scan)]),
        observations: observations([observed("hexiosec.scan.corp", { ...scan, enabled: false })]),
      }),
    );
    expect(plan.drift).toEqual([
      { address: "hexiosec.scan.corp", description: "changed outside scanform", diffs: [{ field: "enabled", kind: "value", before: true, after: false, forcesReplace: false }] },
    ]);
    expect(plan.changes[0]).toMatchObject({ action: "update", diffs: [{ field: "enabled", before: false, after: true }] });
  });

  it("reports no drift for an object whose applied spec is unknown (a create settled by read-back), only the change", () => {
    const plan = only(
      runDiff({
        resources: [resource("hexiosec.scan.corp", scan)],
        state: snapshot([entry("hexiosec.scan.corp", {}, { spec: {} })]),
        observations: observations([observed("hexiosec.scan.corp", { ...scan, enabled: false })]),
      }),
    );
    expect(plan.drift).toEqual([]);
    expect(plan.changes[0]).toMatchObject({ action: "update", diffs: [{ field: "enabled", before: false, after: true }] });
  });

  it("recreates an object deleted outside scanform and reports the deletion as drift", () => {
    const plan = only(runDiff({ resources: [resource("hexiosec.scan.corp", scan)], state: snapshot([entry("hexiosec.scan.corp", scan)]) }));
    expect(plan.drift).toEqual([{ address: "hexiosec.scan.corp", description: "deleted outside scanform", diffs: [] }]);
    expect(plan.changes[0]).toMatchObject({ action: "create", reason: "deleted outside scanform" });
  });
});

describe("diff: kinds the vendor cannot read back", () => {
  const def = { template: 12, targets: ["10.0.0.0/16"] };

  it("compares the manifest with the spec state last applied", () => {
    const plan = only(
      runDiff({
        resources: [resource("cortex.scan.dc", { ...def, targets: ["10.0.0.0/16", "10.1.0.0/16"] })],
        state: snapshot([entry("cortex.scan.dc", def)]),
      }),
    );
    expect(plan.changes[0]).toMatchObject({ action: "update", diffs: [{ field: "targets", kind: "set", added: ["10.1.0.0/16"], removed: [] }] });
  });

  it("creates what state does not hold, without reading the vendor", () => {
    const plan = only(runDiff({ resources: [resource("cortex.scan.dc", def)], observations: new Map() }));
    expect(plan.changes[0]).toMatchObject({ action: "create", reason: "not in state" });
  });

  const limited = new Map([...KINDS, ["cortex", { scan: { ...KINDS.get("cortex")!.scan!, readBackLimit: "definitions are compared with state." } }]]);
  const limits = (r: ReturnType<typeof runDiff>) => only(r).warnings.filter((w) => w.code === "PLAN_NOT_READABLE");

  it("says the driver's read-back limit once, naming the kinds, when a change it affects is planned", () => {
    const plan = runDiff({ kinds: limited, resources: [resource("cortex.scan.a", def), resource("cortex.scan.b", def)], state: snapshot([entry("cortex.scan.old", def)]) });
    expect(limits(plan)).toEqual([{ code: "PLAN_NOT_READABLE", severity: "warning", message: "cortex scan: definitions are compared with state." }]);
  });

  it("says nothing of it when the plan has no changes", () => {
    const plan = runDiff({ kinds: limited, resources: [resource("cortex.scan.a", def)], state: snapshot([entry("cortex.scan.a", def)]) });
    expect(limits(plan)).toEqual([]);
  });

  it("says nothing of it for a removal, which compares nothing", () => {
    const plan = runDiff({ kinds: limited, resources: [], state: snapshot([entry("cortex.scan.old", def)]) });
    expect(only(plan).changes.map((c) => c.action)).toEqual(["forget"]);
    expect(limits(plan)).toEqual([]);
  });
});

describe("diff: --refresh=false", () => {
  it("compares every kind with state and says the vendors were not read", () => {
    const r = runDiff({
      resources: [resource("hexiosec.scan.corp", { ...scan, enabled: false })],
      state: snapshot([entry("hexiosec.scan.corp", scan)]),
      observations: new Map(),
      refresh: false,
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.plan.changes[0]).toMatchObject({ action: "update", diffs: [{ field: "enabled" }] });
    expect(r.plan.warnings.map((w) => w.code)).toEqual(["PLAN_NOT_REFRESHED"]);
    expect(r.plan.refreshed).toBe(false);
  });
});

describe("diff: secrets", () => {
  it("masks any field whose name looks secret, in before, after and diffs", () => {
    const plan = only(
      runDiff({
        resources: [resource("qualys.webApp.shop", { url: "u", auth: { password: "canary-new" } })],
        state: snapshot([entry("qualys.webApp.shop", { url: "u", auth: { password: "canary-old" } })]),
        observations: observations([observed("qualys.webApp.shop", { url: "u", auth: { password: "canary-old" } })]),
      }),
    );
    expect(JSON.stringify(plan)).not.toContain("canary");
    expect(plan.changes[0]!.after).toMatchObject({ auth: { password: "(sensitive)" } });
    expect(plan.changes[0]!.diffs).toEqual([{ field: "auth.password", kind: "value", before: "(sensitive)", after: "(sensitive)", forcesReplace: false }]);
  });
});
