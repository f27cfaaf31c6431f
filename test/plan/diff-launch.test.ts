import { describe, expect, it } from "vitest";
import type { LaunchPolicy } from "../../src/manifest/model.js";
import { specDigest } from "../../src/plan/launch.js";
import { entry, observations, observed, only, resource, runDiff, snapshot } from "./fakes.js";

const def = { template: 12, targets: ["10.0.0.0/16"] };
const spec = { name: "dc", ...def };
const launchedWith = (s: object) => ({ id: "run-1", launchedAt: "2026-11-01T00:00:00.000Z", specDigest: specDigest(s as typeof spec) });

describe("diff: launch policy of launchable kinds", () => {
  const cases: { name: string; launch: LaunchPolicy; desired: object; lastRun?: object; expected: [string, boolean] }[] = [
    { name: "always launches a resource that is otherwise unchanged", launch: "always", desired: def, lastRun: spec, expected: ["launch", false] },
    { name: "always launches after an update", launch: "always", desired: { ...def, template: 13 }, lastRun: spec, expected: ["update", true] },
    { name: "on-change launches after an update", launch: "on-change", desired: { ...def, template: 13 }, lastRun: spec, expected: ["update", true] },
    { name: "on-change does not launch what was last launched with this spec", launch: "on-change", desired: def, lastRun: spec, expected: ["no-op", false] },
    { name: "on-change launches when the spec differs from the last launch", launch: "on-change", desired: def, lastRun: { ...spec, template: 11 }, expected: ["launch", false] },
    { name: "on-change launches what was never launched", launch: "on-change", desired: def, expected: ["launch", false] },
    { name: "never does not launch", launch: "never", desired: def, expected: ["no-op", false] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const plan = only(
        runDiff({
          resources: [resource("cortex.scan.dc", c.desired as typeof def, { launch: c.launch })],
          state: snapshot([entry("cortex.scan.dc", def, c.lastRun ? { lastRun: launchedWith(c.lastRun) } : {})]),
        }),
      );
      expect([plan.changes[0]!.action, plan.changes[0]!.launchAfter]).toEqual(c.expected);
    });
  }

  it("launches after a create with on-change", () => {
    const plan = only(runDiff({ resources: [resource("cortex.scan.dc", def, { launch: "on-change" })] }));
    expect(plan.changes[0]).toMatchObject({ action: "create", launchAfter: true });
  });

  it("says why a launch-only change launches", () => {
    const plan = only(
      runDiff({ resources: [resource("cortex.scan.dc", def, { launch: "on-change" })], state: snapshot([entry("cortex.scan.dc", def, { lastRun: launchedWith({ ...spec, template: 1 }) })]) }),
    );
    expect(plan.changes[0]!.reason).toBe("spec changed since the last launch");
  });

  it("compares an on-demand scan at a readable vendor by the digest of the last launch", () => {
    const scan = { type: "VULNERABILITY", webApps: ["qualys.webApp.shop"], profile: null };
    const full = { name: "ci", ...scan };
    const plan = only(
      runDiff({
        resources: [resource("qualys.scan.ci", scan, { launch: "on-change" })],
        state: snapshot([entry("qualys.scan.ci", scan, { lastRun: launchedWith(full) })]),
        observations: observations([observed("qualys.scan.ci", scan)]),
      }),
    );
    expect(plan.changes[0]!.action).toBe("no-op");
  });

  it("ignores launch on a kind that cannot be launched", () => {
    const plan = only(runDiff({ resources: [resource("qualys.webApp.shop", { url: "u" }, { launch: "always" })], observations: observations([]) }));
    expect(plan.changes[0]).toMatchObject({ action: "create", launchAfter: false });
  });
});
