import { describe, expect, it } from "vitest";
import type { Change } from "../../src/plan/change.js";
import { orderDeletes } from "../../src/plan/delete-order.js";

const change = (address: string, action: "delete" | "update" | "no-op", before: Record<string, string[]>, dependsOn: string[] = []): Change => {
  const common = { address, vendor: "qualys", kind: "webApp", reason: "r", dependsOn, ids: {}, notes: [], launchAfter: false, before, diffs: [] };
  return action === "delete" ? { ...common, action, after: null } : { ...common, action, after: before };
};

describe("orderDeletes", () => {
  it("makes each delete wait for the deletes and updates whose old spec refers to it, and nothing else", () => {
    const ordered = orderDeletes([
      change("q.webApp.a", "delete", { refs: ["q.webApp.a"] }, ["q.x.y"]),
      change("q.webApp.b", "delete", {}),
      change("q.schedule.s", "delete", { refs: ["q.webApp.a", "q.webApp.b"] }),
      change("q.schedule.t", "update", { refs: ["q.webApp.a"] }),
      change("q.schedule.u", "no-op", { refs: ["q.webApp.a"] }),
    ]);
    expect(ordered.map((c) => [c.address, c.dependsOn])).toEqual([
      ["q.webApp.a", ["q.schedule.s", "q.schedule.t", "q.x.y"]],
      ["q.webApp.b", ["q.schedule.s"]],
      ["q.schedule.s", []],
      ["q.schedule.t", []],
      ["q.schedule.u", []],
    ]);
  });
});
