import { describe, expect, it } from "vitest";
import { entry, observations, observed, resource, runDiff, snapshot } from "./fakes.js";

const scan = { group: "Security", type: "adhoc", seeds: ["example.com"] };
const names = ["a", "b", "c"];
const scans = (n: number) => names.slice(0, n).map((name) => resource(`hexiosec.scan.${name}`, scan));
const tracked = (n: number, protect = false) => snapshot(names.slice(0, n).map((name) => entry(`hexiosec.scan.${name}`, scan, { protect })));
const present = (...which: string[]) => observations(which.map((name) => observed(`hexiosec.scan.${name}`, scan)));

describe("diff: objects state tracks that are gone from the vendor", () => {
  it("recreates one of three gone scans as an ordinary create", () => {
    const r = runDiff({ resources: scans(3), state: tracked(3), observations: present("b", "c") });
    expect(r.diagnostics).toEqual([]);
    expect(r.plan.changes.find((c) => c.address === "hexiosec.scan.a")).toMatchObject({ action: "create", reason: "deleted outside scanform" });
  });

  it("recreates the only scan state tracks when it is gone: one object is not a mass", () => {
    const r = runDiff({ resources: scans(1), state: tracked(1), observations: present() });
    expect(r.diagnostics).toEqual([]);
  });

  it("refuses when more than half of a vendor's tracked scans, and at least two, are gone at once", () => {
    const r = runDiff({ resources: scans(3), state: tracked(3), observations: present("c") });
    expect(r.diagnostics).toMatchObject([{ code: "PLAN_MASS_VANISH", severity: "error", hint: expect.stringContaining("--allow-mass-recreate") }]);
    expect(r.diagnostics[0]!.message).toContain("2 of the 3 hexiosec objects state tracks are gone");
  });

  it("counts removed blocks too: forgetting most of a vendor's objects at once is refused the same way", () => {
    const r = runDiff({ resources: [], state: tracked(2), observations: present() });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["PLAN_MASS_VANISH"]);
  });

  it("plans the re-creation when the person allows it", () => {
    const r = runDiff({ resources: scans(3), state: tracked(3), observations: present(), allowMassRecreate: true });
    expect(r.diagnostics).toEqual([]);
    expect(r.plan.changes.map((c) => c.action)).toEqual(["create", "create", "create"]);
  });

  it("never recreates a protected scan that is gone, even when mass re-creation is allowed", () => {
    const r = runDiff({ resources: scans(1).map((s) => ({ ...s, options: { ...s.options, protect: true } })), state: tracked(1, true), observations: present(), allowMassRecreate: true });
    expect(r.diagnostics).toMatchObject([{ code: "PLAN_PROTECTED_VANISHED", hint: expect.stringContaining("scanform state rm hexiosec.scan.a") }]);
    expect(r.plan.changes).toEqual([]);
  });
});
