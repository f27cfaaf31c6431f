import { describe, expect, it } from "vitest";
import { digest } from "../../src/core/json.js";
import type { JournalEntry } from "../../src/state/model.js";
import { change, harness, plan, snapshotOf, stateEntry, vendorError } from "./fakes.js";

/** Each write as: the journal's operations open in it, and whether the address is in state. */
const trail = (writes: readonly { journal: readonly JournalEntry[]; resources: Readonly<Record<string, { lastRun?: unknown }>> }[], address: string) =>
  writes.map((w) => ({ open: w.journal.map((e) => e.operation), recorded: address in w.resources, run: w.resources[address]?.lastRun !== undefined }));

describe("the journal around non-idempotent calls", () => {
  it("opens an entry before a create and closes it in the write that records the ids", async () => {
    const h = harness();
    await h.run(plan([change("qualys.webApp.shop", "create")]));
    expect(trail(h.state.writes, "qualys.webApp.shop")).toEqual([
      { open: ["create"], recorded: false, run: false },
      { open: [], recorded: true, run: false },
    ]);
  });

  it("opens an entry before a launch and closes it in the write that records the run", async () => {
    const h = harness(snapshotOf([stateEntry("qualys.scan.ci")]));
    await h.run(plan([change("qualys.scan.ci", "launch")]));
    expect(trail(h.state.writes, "qualys.scan.ci")).toEqual([
      { open: ["launch"], recorded: true, run: false },
      { open: [], recorded: true, run: true },
    ]);
  });

  it("names a create's entry by the object's name and a launch's by a fresh run key", async () => {
    const h = harness(snapshotOf([stateEntry("qualys.scan.ci")]));
    await h.run(plan([change("qualys.webApp.shop", "create", { spec: { name: "Shop (prod)" } }), change("qualys.scan.ci", "launch")]));
    const keys = new Map(h.state.writes.flatMap((w) => w.journal).map((e) => [e.operation, e.naturalKey]));
    expect(keys.get("create")).toBe("Shop (prod)");
    expect([...h.world.session("qualys").runs.keys()]).toEqual([keys.get("launch")]);
  });

  it("names a launch's entry by the run's name when the driver says how it names runs", async () => {
    const h = harness(snapshotOf([stateEntry("qualys.scan.ci")]));
    Object.assign(h.world.session("qualys"), { runName: ({ runKey }: { runKey: string }) => `ci (scanform ${runKey})` });
    await h.run(plan([change("qualys.scan.ci", "launch")]));
    const launch = h.state.writes.flatMap((w) => w.journal).find((e) => e.operation === "launch");
    expect(launch?.naturalKey).toBe(`ci (scanform ${[...h.world.session("qualys").runs.keys()][0]})`);
  });

  it("does not touch the update and delete paths with the journal", async () => {
    const h = harness(snapshotOf([stateEntry("qualys.webApp.a"), stateEntry("qualys.webApp.b")]));
    await h.run(plan([change("qualys.webApp.a", "update"), change("qualys.webApp.b", "delete")]));
    expect(h.state.writes.every((w) => w.journal.length === 0)).toBe(true);
  });

  describe("a create whose answer is lost", () => {
    it("is read back at once and recorded, so the next apply makes no duplicate", async () => {
      const h = harness();
      h.world.session("qualys").fail("create", "qualys.webApp.shop", vendorError("connection reset", "HTTP_NETWORK"), true);
      const first = await h.run(plan([change("qualys.webApp.shop", "create")]));
      expect(first.steps[0]).toMatchObject({ outcome: "failed", error: { code: "HTTP_NETWORK" } });
      const stored = await h.state.read();
      expect(stored!.resources["qualys.webApp.shop"]!.ids).toEqual({ id: "qualys-1" });
      expect(stored!.journal).toEqual([]);
      expect(h.world.session("qualys").objects.size).toBe(1);
    });

    it("records no applied spec, since the create may have stopped after its first call", async () => {
      const h = harness();
      h.world.session("qualys").fail("create", "qualys.webApp.shop", vendorError("connection reset", "HTTP_NETWORK"), true);
      await h.run(plan([change("qualys.webApp.shop", "create")]));
      expect((await h.state.read())!.resources["qualys.webApp.shop"]!.spec).toEqual({});
    });

    it("is forgotten when the read-back shows it did not land", async () => {
      const h = harness();
      h.world.session("qualys").fail("create", "qualys.webApp.shop", vendorError("connection reset", "HTTP_NETWORK"));
      await h.run(plan([change("qualys.webApp.shop", "create")]));
      const stored = await h.state.read();
      expect(stored!.resources).toEqual({});
      expect(stored!.journal).toEqual([]);
    });

    it("stays open when the vendor cannot be searched", async () => {
      const h = harness();
      const cortex = h.world.session("cortex");
      cortex.fail("create", "cortex.scan.dc", vendorError("timeout", "HTTP_TIMEOUT"), true);
      cortex.unknowable.add("cortex.scan.dc");
      await h.run(plan([change("cortex.scan.dc", "create")]));
      expect((await h.state.read())!.journal.map((e) => e.address)).toEqual(["cortex.scan.dc"]);
    });
  });

  describe("a create that provably never left (connection refused, cancelled before it was written)", () => {
    it("is forgotten without a read-back, even where the vendor cannot be searched", async () => {
      const h = harness();
      const cortex = h.world.session("cortex");
      cortex.failUnsent("create", "cortex.scan.dc");
      cortex.unknowable.add("cortex.scan.dc");
      const result = await h.run(plan([change("cortex.scan.dc", "create")]));
      expect(result.steps[0]).toMatchObject({ outcome: "failed", error: { code: "HTTP_NETWORK" } });
      expect(h.world.order("readBack")).toEqual([]);
      expect((await h.state.read())!.journal).toEqual([]);
      expect(h.events.filter((e) => e.type === "journal-settled")).toEqual([]);
    });
  });

  describe("a create the vendor refused outright (bad key, no permission, invalid fields)", () => {
    it.each(["VENDOR_AUTH", "VENDOR_PERMISSION", "VENDOR_VALIDATION"])("on %s fails plainly: no read-back, no journal report, nothing left open", async (code) => {
      const h = harness();
      const cortex = h.world.session("cortex");
      cortex.fail("create", "cortex.scan.dc", vendorError("HTTP 401: Public API request unauthorized", code));
      cortex.unknowable.add("cortex.scan.dc");
      const result = await h.run(plan([change("cortex.scan.dc", "create")]));
      expect(result.steps[0]).toMatchObject({ outcome: "failed", error: { code } });
      expect(h.world.order("readBack")).toEqual([]);
      expect(h.events.filter((e) => e.type === "journal-settled")).toEqual([]);
      expect((await h.state.read())!.journal).toEqual([]);
    });
  });

  it("counts a launch whose answer was lost but which landed as launched", async () => {
    const h = harness(snapshotOf([stateEntry("qualys.scan.ci")]));
    h.world.session("qualys").fail("launch", "qualys.scan.ci", vendorError("timeout", "HTTP_TIMEOUT"), true);
    const result = await h.run(plan([change("qualys.scan.ci", "launch")]));
    expect(result.steps[0]).toMatchObject({ outcome: "succeeded", runId: "run-1" });
    expect((await h.state.read())!.resources["qualys.scan.ci"]!.lastRun?.id).toBe("run-1");
  });
});

describe("settling entries left open by an earlier run", () => {
  const open = (address: string, operation: "create" | "launch", naturalKey: string, specDigest = "sha256:x"): JournalEntry => ({
    id: `old-${address}`,
    address,
    vendor: address.split(".")[0]!,
    kind: address.split(".")[1]!,
    operation,
    naturalKey,
    specDigest,
    startedAt: "2026-11-23T09:00:00.000Z",
  });

  it("records a create that landed, with the plan's spec when it is the one the call was made with", async () => {
    const spec = { name: "shop" };
    const h = harness(snapshotOf([], [open("qualys.webApp.shop", "create", "shop", digest(spec))]));
    h.world.session("qualys").objects.set("shop", { ids: { id: "landed-1" }, spec });
    await h.run(plan([change("qualys.webApp.shop", "no-op")]));
    const stored = await h.state.read();
    expect(stored!.journal).toEqual([]);
    expect(stored!.resources["qualys.webApp.shop"]).toMatchObject({ ids: { id: "landed-1" }, spec, origin: "created" });
  });

  it("closes an entry whose call did not land and records nothing", async () => {
    const h = harness(snapshotOf([], [open("qualys.webApp.shop", "create", "shop")]));
    const result = await h.run(plan([]));
    expect(result.settlements.map((s) => s.outcome)).toEqual(["absent"]);
    const stored = await h.state.read();
    expect(stored!.journal).toEqual([]);
    expect(stored!.resources).toEqual({});
  });

  it("records a launch that landed as the address's last run", async () => {
    const h = harness(snapshotOf([stateEntry("qualys.scan.ci")], [open("qualys.scan.ci", "launch", "key-1", "sha256:ci")]));
    h.world.session("qualys").runs.set("key-1", "run-9");
    await h.run(plan([]));
    expect((await h.state.read())!.resources["qualys.scan.ci"]!.lastRun).toEqual({ id: "run-9", launchedAt: "2026-11-23T09:00:00.000Z", specDigest: "sha256:ci" });
  });

  it("keeps an unknowable entry open and refuses every step at its address", async () => {
    const h = harness(snapshotOf([], [open("cortex.scan.dc", "create", "dc")]));
    h.world.session("cortex").unknowable.add("cortex.scan.dc");
    const result = await h.run(plan([change("cortex.scan.dc", "create"), change("cortex.scan.other", "create")]));
    expect(result.steps.map((s) => [s.address, s.outcome === "failed" ? s.error.code : s.outcome])).toEqual([
      ["cortex.scan.dc", "APPLY_JOURNAL_UNSETTLED"],
      ["cortex.scan.other", "succeeded"],
    ]);
    expect(h.world.order("create")).toEqual(["cortex.scan.other"]);
    expect((await h.state.read())!.journal).toHaveLength(1);
  });

  it("refuses a create the plan still holds when the earlier attempt turns out to have landed", async () => {
    const h = harness(snapshotOf([], [open("qualys.webApp.shop", "create", "shop")]));
    h.world.session("qualys").objects.set("shop", { ids: { id: "landed-1" }, spec: {} });
    const result = await h.run(plan([change("qualys.webApp.shop", "create")]));
    expect(result.steps[0]).toMatchObject({ outcome: "failed", error: { code: "APPLY_PLAN_OUTDATED" } });
    expect(h.world.order("create")).toEqual([]);
    expect(h.world.session("qualys").objects.size).toBe(1);
  });

  it("neither reads back nor reports again what the caller settled before planning", async () => {
    const entry = open("qualys.webApp.shop", "create", "shop");
    const h = harness(snapshotOf([], [entry]));
    await h.run(plan([]), { settled: { settlements: [{ entry, outcome: "absent" }], diagnostics: [] } });
    expect(h.world.order("readBack")).toEqual([]);
    expect(h.events.filter((e) => e.type === "journal-settled")).toEqual([]);
  });

  it("still refuses steps at an address the caller could not settle", async () => {
    const entry = open("cortex.scan.dc", "create", "dc");
    const h = harness(snapshotOf([], [entry]));
    const error = { code: "APPLY_JOURNAL_UNSETTLED", message: "cannot tell" };
    const result = await h.run(plan([change("cortex.scan.dc", "update")]), { settled: { settlements: [{ entry, outcome: "unknowable", error }], diagnostics: [] } });
    expect(result.steps[0]).toMatchObject({ outcome: "failed", error });
  });
});
