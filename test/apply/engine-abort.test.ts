import { describe, expect, it } from "vitest";
import { ScanformError } from "../../src/core/errors.js";
import { putEntry, StateLog } from "../../src/apply/state-log.js";
import { createMemoryBackend } from "../../src/state/memory.js";
import { change, harness, plan, stateEntry, T0 } from "./fakes.js";

describe("apply interrupted", () => {
  it("lets the step in flight finish and write state, and starts nothing new", async () => {
    const h = harness();
    const gate = h.world.session("qualys").gate("create", "qualys.webApp.a");
    const applying = h.run(plan([change("qualys.webApp.a", "create"), change("qualys.webApp.b", "create")]), { parallelism: 1 });
    await gate.reached;
    h.controller.abort();
    gate.release();
    const result = await applying;
    expect(result.steps.map((s) => (s.outcome === "skipped" ? s.reason : s.outcome))).toEqual(["succeeded", "the apply was interrupted before it started"]);
    expect(result.interrupted).toBe(true);
    const stored = await h.state.read();
    expect(Object.keys(stored!.resources)).toEqual(["qualys.webApp.a"]);
    expect(stored!.journal).toEqual([]);
    expect(h.world.order("create")).toEqual(["qualys.webApp.a"]);
  });

  it("does not pass the graceful stop to drivers, so their calls are not cut short", async () => {
    const h = harness();
    const session = h.world.session("qualys");
    let signal: AbortSignal | undefined;
    const update = session.update.bind(session);
    session.update = async (c, ctx) => {
      signal = ctx.signal;
      h.controller.abort();
      return update(c, ctx);
    };
    await h.run(plan([change("qualys.webApp.a", "update")]));
    expect(signal?.aborted).toBe(false);
  });

  it("hands drivers the force signal, which cuts calls short", async () => {
    const h = harness();
    const force = new AbortController();
    force.abort();
    const session = h.world.session("qualys");
    let aborted: boolean | undefined;
    session.update = async (_c, ctx) => {
      aborted = ctx.signal.aborted;
    };
    await h.run(plan([change("qualys.webApp.a", "update")]), { forceSignal: force.signal });
    expect(aborted).toBe(true);
  });
});

describe("apply that loses the state lock", () => {
  it("opens no journal entry and starts no step once the lock is lost, and says why", async () => {
    const h = harness();
    const lost = new AbortController();
    const gate = h.world.session("qualys").gate("create", "qualys.webApp.a");
    const applying = h.run(plan([change("qualys.webApp.a", "create"), change("qualys.webApp.b", "create"), change("qualys.webApp.c", "create")]), { parallelism: 1, lockLost: lost.signal });
    await gate.reached;
    lost.abort(new ScanformError("STATE_LOCK_LOST", "This run lost the state lock"));
    gate.release();
    const result = await applying;
    expect(result.steps.map((s) => (s.outcome === "skipped" ? s.reason : s.outcome))).toEqual(["succeeded", "the state lock was lost", "the state lock was lost"]);
    expect(h.world.order("create")).toEqual(["qualys.webApp.a"]);
    const stored = await h.state.read();
    expect(Object.keys(stored!.resources)).toEqual(["qualys.webApp.a"]);
    expect(stored!.journal).toEqual([]);
  });

  it("fails a step whose call was about to be sent when the lock went, before any call", async () => {
    const h = harness();
    const lost = new AbortController();
    lost.abort(new ScanformError("STATE_LOCK_LOST", "This run lost the state lock"));
    const log = new StateLog(h.state, lost.signal);
    await log.load();
    await expect(log.open({ id: "j1", address: "qualys.webApp.a", vendor: "qualys", kind: "webApp", operation: "create", naturalKey: "a", specDigest: "sha256:x", startedAt: T0.toISOString() })).rejects.toMatchObject({ code: "STATE_LOCK_LOST" });
    expect((await h.state.read())?.journal ?? []).toEqual([]);
  });
});

describe("apply whose state someone else writes", () => {
  // The run holds the lock: a write it did not make means the lock no longer protects the state
  // (lost before its loss was noticed). Redone on the other writer's state, it would hide them.
  it("fails the write, as STATE_STALE, instead of redoing it on the other writer's state", async () => {
    const backend = createMemoryBackend();
    const log = new StateLog(backend);
    await log.load();
    await log.update(putEntry(stateEntry("qualys.webApp.a")));
    const stored = (await backend.read())!;
    await backend.write({ ...stored, resources: { ...stored.resources, "qualys.webApp.theirs": stateEntry("qualys.webApp.theirs") } }, { lineage: stored.lineage, serial: stored.serial });
    await expect(log.update(putEntry(stateEntry("qualys.webApp.b")))).rejects.toMatchObject({ code: "STATE_STALE" });
    expect(log.failure).toMatchObject({ code: "STATE_STALE" });
    expect(Object.keys((await backend.read())!.resources).sort()).toEqual(["qualys.webApp.a", "qualys.webApp.theirs"]);
  });
});
