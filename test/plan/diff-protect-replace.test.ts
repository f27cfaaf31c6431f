import { describe, expect, it } from "vitest";
import { entry, observations, observed, resource, runDiff, snapshot } from "./fakes.js";

const scan = { group: "Security", type: "continuous_own", seeds: ["a.example.com"], enabled: true };
const adhoc = { ...scan, type: "adhoc", enabled: false };

describe("diff: protect: true and a change that would replace the object", () => {
  it("refuses to replace a protected object, pointing at its block, and plans nothing for it", () => {
    const r = runDiff({
      resources: [resource("hexiosec.scan.corp", adhoc, { options: { protect: true }, line: 7 })],
      state: snapshot([entry("hexiosec.scan.corp", scan, { protect: true })]),
      observations: observations([observed("hexiosec.scan.corp", scan)]),
    });
    expect(r.diagnostics).toMatchObject([
      { code: "PLAN_PROTECTED_REPLACE", severity: "error", message: expect.stringContaining("type cannot change in place"), source: { file: "scans/main.yaml", line: 7 } },
    ]);
    expect(r.plan.changes.filter((c) => c.action === "replace")).toEqual([]);
  });

  it("refuses while state still holds the protection the manifest lifts in the same change", () => {
    const r = runDiff({
      resources: [resource("hexiosec.scan.corp", adhoc)],
      state: snapshot([entry("hexiosec.scan.corp", scan, { protect: true })]),
      observations: observations([observed("hexiosec.scan.corp", scan)]),
    });
    expect(r.diagnostics).toMatchObject([{ code: "PLAN_PROTECTED_REPLACE", hint: expect.stringContaining("protect: false") }]);
  });

  it("refuses when the manifest protects the object in the same change", () => {
    const r = runDiff({
      resources: [resource("hexiosec.scan.corp", adhoc, { options: { protect: true } })],
      state: snapshot([entry("hexiosec.scan.corp", scan)]),
      observations: observations([observed("hexiosec.scan.corp", scan)]),
    });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["PLAN_PROTECTED_REPLACE"]);
  });

  it("still updates a protected object in place", () => {
    const r = runDiff({
      resources: [resource("hexiosec.scan.corp", { ...scan, enabled: false }, { options: { protect: true } })],
      state: snapshot([entry("hexiosec.scan.corp", scan, { protect: true })]),
      observations: observations([observed("hexiosec.scan.corp", scan)]),
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.plan.changes.map((c) => c.action)).toEqual(["update"]);
  });
});
