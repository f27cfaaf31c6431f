import { describe, expect, it } from "vitest";
import type { KindInfo } from "../../src/vendors/driver.js";
import { cortexDriver } from "../../src/vendors/cortex/driver.js";
import { entry, KINDS, resource, runDiff, snapshot } from "./fakes.js";

// Cortex cannot list or read a definition: `adopt: {id}` is the only way to take one over.
const cortexScan = KINDS.get("cortex")!["scan"]!;
const kinds = new Map<string, Readonly<Record<string, KindInfo>>>([...KINDS, ["cortex", { scan: { ...cortexScan, adoptById: { ids: (id) => ({ definitionId: id }), why: "Cortex cannot read it back" } } }]]);
const spec = { targets: ["10.0.0.0/16"] };
const adopting = (address: string, id: string, line = 3) => resource(address, spec, { options: { adoptId: id }, line });

describe("diff: adopt: {id} of an object scanform already manages or adopts elsewhere", () => {
  it("plans the import of an id no other address holds", () => {
    const r = runDiff({ kinds, resources: [adopting("cortex.scan.lab", "113")], state: snapshot([entry("cortex.scan.prod", spec, { ids: { definitionId: "112" } })]) });
    expect(r.diagnostics).toEqual([]);
    expect(r.plan.changes.find((c) => c.address === "cortex.scan.lab")).toMatchObject({ action: "import", ids: { definitionId: "113" } });
  });

  it("refuses an id state holds for another address, naming that address at the adopting block", () => {
    const r = runDiff({
      kinds,
      resources: [resource("cortex.scan.prod", spec), adopting("cortex.scan.lab", "113", 9)],
      state: snapshot([entry("cortex.scan.prod", spec, { ids: { definitionId: "113" } })]),
    });
    expect(r.diagnostics).toMatchObject([
      { code: "PLAN_ADOPT_ID_MANAGED", severity: "error", message: expect.stringContaining("cortex.scan.prod"), hint: expect.stringContaining("moved:"), source: { line: 9 } },
    ]);
  });

  it("refuses two blocks that adopt the same id, at the second", () => {
    const r = runDiff({ kinds, resources: [adopting("cortex.scan.a", "113", 3), adopting("cortex.scan.b", "113", 8)], state: snapshot([]) });
    expect(r.diagnostics).toMatchObject([{ code: "PLAN_ADOPT_ID_TWICE", message: expect.stringContaining("cortex.scan.a"), source: { line: 8 } }]);
  });

  it("leaves a block that adopted its id before alone", () => {
    const r = runDiff({ kinds, resources: [adopting("cortex.scan.lab", "113")], state: snapshot([entry("cortex.scan.lab", spec, { ids: { definitionId: "113" } })]) });
    expect(r.diagnostics).toEqual([]);
  });

  describe("with the Cortex driver's own id rule", () => {
    const real = new Map<string, Readonly<Record<string, KindInfo>>>([...KINDS, ["cortex", cortexDriver.kinds]]);

    it("refuses an id written with a leading zero that state holds for another address", () => {
      const r = runDiff({
        kinds: real,
        resources: [resource("cortex.scan.lab-daily", spec), adopting("cortex.scan.other", "0100", 9)],
        state: snapshot([entry("cortex.scan.lab-daily", spec, { ids: { definitionId: "100" } })]),
      });
      expect(r.diagnostics).toMatchObject([{ code: "PLAN_ADOPT_ID_MANAGED", message: expect.stringContaining("cortex.scan.lab-daily"), source: { line: 9 } }]);
    });

    it("refuses two blocks whose ids differ only by leading zeros, at the second", () => {
      const r = runDiff({ kinds: real, resources: [adopting("cortex.scan.a", "100", 3), adopting("cortex.scan.b", "0100", 8)], state: snapshot([]) });
      expect(r.diagnostics).toMatchObject([{ code: "PLAN_ADOPT_ID_TWICE", message: expect.stringContaining("cortex.scan.a"), source: { line: 8 } }]);
    });

    it("shows every field the import sends, an empty list included: the first apply writes each over what the definition holds", () => {
      const r = runDiff({ kinds: real, resources: [resource("cortex.scan.lab", { targets: ["10.0.0.0/16"], excludedTargets: [], credentials: [] }, { options: { adoptId: "113" } })], state: snapshot([]) });
      const change = r.plan.changes.find((c) => c.address === "cortex.scan.lab")!;
      expect(change.diffs.map((d) => d.field).sort()).toEqual(Object.keys(change.after!).sort());
    });

    it("records the id in the one spelling state keeps", () => {
      const r = runDiff({ kinds: real, resources: [adopting("cortex.scan.lab", "0113")], state: snapshot([]) });
      expect(r.plan.changes.find((c) => c.address === "cortex.scan.lab")).toMatchObject({ action: "import", ids: { definitionId: "113" } });
    });
  });
});
