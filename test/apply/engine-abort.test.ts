import { describe, expect, it } from "vitest";
import { change, harness, plan } from "./fakes.js";

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
