import { describe, expect, it } from "vitest";
import { bare, change, harness, plan, snapshotOf, stateEntry } from "./fakes.js";

const webApp = { address: "qualys.webApp.shop", action: "create", vendor: "qualys", kind: "webApp", launches: false };
const scan = { address: "qualys.scan.ci", action: "create", vendor: "qualys", kind: "scan", launches: true };

describe("apply events", () => {
  it("lists every step first, then reports each step, its launch and the counts", async () => {
    const h = harness();
    await h.run(plan([change("qualys.scan.ci", "create", { launchAfter: true, dependsOn: ["qualys.webApp.shop"] }), change("qualys.webApp.shop", "create")]));
    expect(bare(h.events)).toEqual([
      { type: "apply-started", steps: [scan, webApp] },
      { type: "step-started", ...webApp },
      { type: "step-finished", ...webApp, outcome: "succeeded", ids: { id: "qualys-1" } },
      { type: "step-started", ...scan },
      { type: "step-progress", address: "qualys.scan.ci", phase: "launching", ids: { id: "qualys-2" } },
      { type: "run-launched", address: "qualys.scan.ci", vendor: "qualys", kind: "scan", ids: { id: "qualys-2" }, runId: "run-3" },
      { type: "step-finished", ...scan, outcome: "succeeded", ids: { id: "qualys-2" }, runId: "run-3" },
      { type: "apply-finished", counts: { succeeded: 2, failed: 0, skipped: 0 }, interrupted: false },
    ]);
  });

  it("numbers events in the order they are emitted", async () => {
    const h = harness();
    await h.run(plan([change("qualys.webApp.a", "create"), change("qualys.webApp.b", "create")]));
    expect(h.events.map((e) => e.seq)).toEqual(h.events.map((_, i) => i + 1));
  });

  it("reports a journal entry settled before any step starts", async () => {
    const entry = { id: "j-old", address: "qualys.webApp.shop", vendor: "qualys", kind: "webApp", operation: "create" as const, naturalKey: "shop", specDigest: "sha256:x", startedAt: "2026-11-23T09:00:00.000Z" };
    const h = harness(snapshotOf([stateEntry("qualys.webApp.other")], [entry]));
    await h.run(plan([change("qualys.webApp.other", "update")]));
    expect(bare(h.events).slice(0, 3).map((e) => (e as { type: string }).type)).toEqual(["apply-started", "journal-settled", "step-started"]);
    expect(bare(h.events)[1]).toEqual({ type: "journal-settled", address: "qualys.webApp.shop", operation: "create", journalId: "j-old", outcome: "absent" });
  });

  it("reports a skipped step with the reason and without starting it", async () => {
    const h = harness();
    h.world.session("qualys").fail("create", "qualys.webApp.shop");
    await h.run(plan([change("qualys.schedule.n", "create", { dependsOn: ["qualys.webApp.shop"] }), change("qualys.webApp.shop", "create")]));
    const forSchedule = bare(h.events).filter((e) => (e as { address?: string }).address === "qualys.schedule.n");
    expect(forSchedule).toEqual([
      { type: "step-finished", address: "qualys.schedule.n", action: "create", vendor: "qualys", kind: "schedule", launches: false, outcome: "skipped", reason: "qualys.webApp.shop failed" },
    ]);
  });
});
