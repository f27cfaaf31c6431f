import { describe, expect, it } from "vitest";
import { previewSettlement, settleJournal, withSettlement } from "../../src/apply/journal/settle.js";
import type { JournalEntry } from "../../src/state/model.js";
import { FakeWorld, recordingState, snapshotOf, stateEntry } from "./fakes.js";

const entry = (o: Partial<JournalEntry> = {}): JournalEntry => ({
  id: "j-1",
  address: "qualys.webApp.shop",
  vendor: "qualys",
  kind: "webApp",
  operation: "create",
  naturalKey: "shop",
  specDigest: "sha256:x",
  startedAt: "2026-11-23T09:00:00.000Z",
  ...o,
});

describe("settleJournal", () => {
  it("in a dry run reads back and says what it would record, writing nothing", async () => {
    const world = new FakeWorld();
    world.session("qualys").objects.set("shop", { ids: { id: "w-1" }, spec: {} });
    const state = recordingState(snapshotOf([], [entry()]));
    const result = await settleJournal([entry()], world.sessionsFn, state, { dryRun: true });
    expect(result.settlements.map((s) => [s.outcome, s.outcome === "landed" ? s.ids : undefined])).toEqual([["landed", { id: "w-1" }]]);
    expect(state.writes).toEqual([]);
  });

  it("reports an entry it cannot settle as an error diagnostic that says what to check", async () => {
    const world = new FakeWorld();
    world.session("cortex").unknowable.add("cortex.scan.dc");
    const e = entry({ address: "cortex.scan.dc", vendor: "cortex", kind: "scan", naturalKey: "dc" });
    const result = await settleJournal([e], world.sessionsFn, recordingState(snapshotOf([], [e])));
    expect(result.diagnostics).toEqual([
      {
        code: "APPLY_JOURNAL_UNSETTLED",
        severity: "error",
        message: "cortex.scan.dc: a create sent at 2026-11-23T09:00:00.000Z may or may not have reached cortex, and scanform cannot tell: the vendor cannot be searched by name.",
        hint:
          'Look in the cortex console for a scan named "dc", then record what you found: if it is there, ' +
          "`scanform state journal resolve j-1 --landed ID` with the id cortex shows for it; if not, `scanform state journal resolve j-1 --absent`. Until then nothing is done for cortex.scan.dc.",
      },
    ]);
  });

  it("does not take for a create's the object another address holds, though it is the one of that name it finds", async () => {
    const world = new FakeWorld();
    world.session("qualys").objects.set("shop", { ids: { id: "w-1" }, spec: {} });
    const e = entry({ address: "qualys.webApp.shop-new" });
    const state = recordingState(snapshotOf([stateEntry("qualys.webApp.shop-old", { ids: { id: "w-1" } })], [e]));
    const result = await settleJournal([e], world.sessionsFn, state);
    expect(result.settlements.map((s) => s.outcome)).toEqual(["unknowable"]);
    expect(result.diagnostics[0]?.message).toContain("qualys.webApp.shop-old");
    expect((await state.read())?.resources["qualys.webApp.shop-new"]).toBeUndefined();
  });

  it("treats a read-back that throws as unknowable, keeping the entry", async () => {
    const world = new FakeWorld();
    const session = world.session("qualys");
    session.readBack = () => Promise.reject(new Error("socket hang up"));
    const state = recordingState(snapshotOf([], [entry()]));
    const result = await settleJournal([entry()], world.sessionsFn, state);
    expect(result.settlements[0]).toMatchObject({ outcome: "unknowable", error: { message: expect.stringContaining("reading it back failed: socket hang up") } });
    expect((await state.read())!.journal).toHaveLength(1);
  });
});

describe("previewSettlement", () => {
  it("gives the state as settling would leave it, with its serial: landed recorded, settled entries closed, unknowable ones kept", async () => {
    const world = new FakeWorld();
    world.session("qualys").objects.set("shop", { ids: { id: "w-1" }, spec: {} });
    world.session("cortex").unknowable.add("cortex.scan.dc");
    const gone = entry({ id: "j-2", address: "qualys.webApp.blog", naturalKey: "blog" });
    const dc = entry({ id: "j-3", address: "cortex.scan.dc", vendor: "cortex", kind: "scan", naturalKey: "dc" });
    const state = recordingState(snapshotOf([], [entry(), gone, dc]));
    const preview = await previewSettlement(state, world.sessionsFn, {});
    expect([preview.state?.serial, Object.keys(preview.state?.resources ?? {}), preview.state?.journal]).toEqual([3, ["qualys.webApp.shop"], [dc]]);
    expect([preview.stored?.journal.length, preview.settled.diagnostics.length, state.writes]).toEqual([3, 1, []]);
  });
});

describe("withSettlement", () => {
  const now = new Date("2026-11-24T10:00:00.000Z");

  it("records an empty spec for a landed create when the spec it was made with is not known", () => {
    const s = withSettlement(snapshotOf([]), { entry: entry(), outcome: "landed", ids: { id: "w-1" } }, now);
    expect(s.resources["qualys.webApp.shop"]).toMatchObject({ ids: { id: "w-1" }, spec: {}, origin: "created", protect: false });
  });

  it("merges landed ids into those a checkpoint recorded", () => {
    const s = withSettlement(snapshotOf([stateEntry("qualys.webApp.shop", { ids: { id: "w-1" }, protect: true })]), { entry: entry(), outcome: "landed", ids: { tag: "t-1" } }, now);
    expect(s.resources["qualys.webApp.shop"]).toMatchObject({ ids: { id: "w-1", tag: "t-1" }, protect: true });
  });

  it("leaves state alone for a landed launch of an address state no longer holds", () => {
    const before = snapshotOf([]);
    expect(withSettlement(before, { entry: entry({ operation: "launch" }), outcome: "landed", ids: {}, runId: "r-1" }, now)).toBe(before);
  });
});
