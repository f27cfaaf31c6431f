import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../src/core/json.js";
import type { Action } from "../../src/plan/action.js";
import type { Change, FieldDiff } from "../../src/plan/change.js";
import { estimateCalls, exceedsRemaining, isTight, secondsAtLimit } from "../../src/plan/estimate.js";
import { kindsOf } from "../../src/plan/make-plan.js";
import { drivers } from "../../src/vendors/index.js";

const KINDS = kindsOf(drivers);

function change(address: string, action: Action, spec: JsonObject = {}, diffs: readonly FieldDiff[] = [], launchAfter = false): Change {
  const [vendor = "", kind = ""] = address.split(".");
  const sides = action === "create" ? { before: null, after: spec } : action === "delete" || action === "forget" ? { before: spec, after: null } : { before: spec, after: spec };
  return { address, vendor, kind, action, reason: "test", dependsOn: [], ids: {}, notes: [], launchAfter, diffs, ...sides } as Change;
}

const value = (field: string): FieldDiff => ({ field, kind: "value", before: 1, after: 2, forcesReplace: false });
const seeds = (added: number, removed: number): FieldDiff => ({
  field: "seeds",
  kind: "set",
  added: Array.from({ length: added }, (_, i) => `new${i}.example.com`),
  removed: Array.from({ length: removed }, (_, i) => `old${i}.example.com`),
  forcesReplace: false,
});
const scan = (n: number, enabled: boolean): JsonObject => ({ seeds: Array.from({ length: n }, (_, i) => `s${i}.example.com`), enabled });

const callsOf = (c: Change): number => estimateCalls([c], KINDS)[0]?.calls ?? 0;

describe("call estimate: each driver counts apply's calls per change", () => {
  it.each([
    ["a web app's create, update or delete is one call", change("qualys.webApp.a", "create"), 1],
    ["a web app's update is one call", change("qualys.webApp.a", "update", {}, [value("url")]), 1],
    ["a web app's replace is a delete and a create", change("qualys.webApp.a", "replace"), 2],
    ["a schedule whose fields change is one update", change("qualys.schedule.n", "update", {}, [value("at"), value("webApps")]), 1],
    ["a schedule switched off is one deactivate", change("qualys.schedule.n", "update", {}, [value("active")]), 1],
    ["a schedule changed and switched on is an update and an activate", change("qualys.schedule.n", "update", {}, [value("at"), value("active")]), 2],
    ["a Qualys scan's create sends nothing", change("qualys.scan.s", "create"), 0],
    ["a Qualys scan created and launched is one launch", change("qualys.scan.s", "create", {}, [], true), 1],
    ["a Qualys launch is one call", change("qualys.scan.s", "launch"), 1],
    ["a Hexiosec scan's create is the scan, a call per seed and the start", change("hexiosec.scan.c", "create", scan(3, true)), 5],
    ["a disabled Hexiosec scan is not started", change("hexiosec.scan.c", "create", scan(2, false)), 3],
    ["Hexiosec seeds changed are one list and a call per seed added or removed", change("hexiosec.scan.c", "update", scan(2, true), [seeds(2, 1)]), 4],
    ["a rename with a new seed is one update, the list and the seed", change("hexiosec.scan.c", "update", scan(1, true), [value("name"), seeds(1, 0)]), 3],
    ["a Hexiosec scan switched on is one call", change("hexiosec.scan.c", "update", scan(1, true), [value("enabled")]), 1],
    ["a Hexiosec replace is a delete and a create", change("hexiosec.scan.c", "replace", scan(2, true), [value("type")]), 5],
    ["a Hexiosec delete is one call", change("hexiosec.scan.c", "delete", scan(2, true)), 1],
    ["a Cortex definition's create is one save", change("cortex.scan.dc", "create"), 1],
    ["a Cortex definition created and launched is a save and a run", change("cortex.scan.dc", "create", {}, [], true), 2],
    ["a Cortex launch is one run", change("cortex.scan.dc", "launch"), 1],
    ["a Cortex forget sends nothing", change("cortex.scan.dc", "forget"), 0],
  ])("%s", (_, c, calls) => {
    expect(callsOf(c)).toBe(calls);
  });
});

describe("call estimate: by vendor", () => {
  it("adds up each vendor's calls, in vendor order, leaving out vendors with none", () => {
    const changes = [change("qualys.webApp.a", "create"), change("cortex.scan.dc", "forget"), change("hexiosec.scan.c", "delete"), change("qualys.webApp.b", "delete")];
    expect(estimateCalls(changes, KINDS)).toEqual([
      { vendor: "hexiosec", calls: 1 },
      { vendor: "qualys", calls: 2 },
    ]);
  });

  it("has nothing for a plan that changes nothing", () => {
    expect(estimateCalls([change("qualys.webApp.a", "no-op")], KINDS)).toEqual([]);
  });

  it("counts one call per write and launch for a kind whose driver does not count", () => {
    const kinds = new Map([["acme", { thing: { mode: "managed", fields: {}, readable: true, deletable: true, launchable: true, pollable: false } as const }]]);
    expect(estimateCalls([change("acme.thing.a", "replace"), change("acme.thing.b", "update", {}, [], true)], kinds)).toEqual([{ vendor: "acme", calls: 4 }]);
  });

  it("carries the vendor's limit when one is known", () => {
    const limit = { calls: 300, windowSeconds: 3600, source: "vendors.qualys.callsPerHour" };
    expect(estimateCalls([change("qualys.webApp.a", "create")], KINDS, (v) => (v === "qualys" ? limit : undefined))).toEqual([{ vendor: "qualys", calls: 1, limit }]);
  });
});

describe("call estimate: at the vendor's limit", () => {
  const at = (calls: number, limit: { calls: number; windowSeconds: number; remaining?: number }) => ({ vendor: "qualys", calls, limit: { ...limit, source: "test" } });

  it("takes calls × window ÷ limit seconds, the pace apply keeps", () => {
    expect(secondsAtLimit(at(4012, { calls: 300, windowSeconds: 3600 }))).toBe(48_144);
  });

  it("waits a whole window for the calls past what the vendor said is left", () => {
    expect(secondsAtLimit(at(200, { calls: 300, windowSeconds: 3600, remaining: 50 }))).toBe(3600 + 150 * 12);
  });

  it("is tight from a minute on", () => {
    expect(isTight(at(4, { calls: 300, windowSeconds: 3600 }))).toBe(false);
    expect(isTight(at(5, { calls: 300, windowSeconds: 3600 }))).toBe(true);
  });

  it("is tight when the calls need more than the vendor says is left", () => {
    const v = at(3, { calls: 300, windowSeconds: 3600, remaining: 2 });
    expect(exceedsRemaining(v)).toBe(true);
    expect(isTight(v)).toBe(true);
  });

  it("is never tight without a limit", () => {
    expect(isTight({ vendor: "hexiosec", calls: 10_000 })).toBe(false);
  });
});
