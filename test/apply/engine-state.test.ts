import { describe, expect, it } from "vitest";
import { digest } from "../../src/core/json.js";
import { change, harness, plan, snapshotOf, stateEntry } from "./fakes.js";

const addressesIn = (s: { resources: Readonly<Record<string, unknown>> }) => Object.keys(s.resources).sort();

describe("apply state writes", () => {
  it("writes state after every vendor step, not at the end", async () => {
    const h = harness();
    await h.run(plan([change("qualys.webApp.a", "update"), change("qualys.webApp.b", "update", { dependsOn: ["qualys.webApp.a"] })]));
    expect(h.state.writes.map(addressesIn)).toEqual([["qualys.webApp.a"], ["qualys.webApp.a", "qualys.webApp.b"]]);
  });

  it("records ids, the applied spec and its digest, protect and origin once a create ends", async () => {
    const h = harness();
    await h.run(plan([change("qualys.webApp.shop", "create", { spec: { url: "https://shop.example.com" }, protect: { before: false, after: true } })]));
    const spec = { name: "shop", url: "https://shop.example.com" };
    expect((await h.state.read())!.resources["qualys.webApp.shop"]).toEqual({
      address: "qualys.webApp.shop",
      vendor: "qualys",
      kind: "webApp",
      ids: { id: "qualys-1" },
      spec,
      digest: digest(spec),
      protect: true,
      origin: "created",
      updatedAt: "2026-11-24T10:00:00.000Z",
    });
  });

  it("records an imported object as adopted, with the ids the plan found", async () => {
    const h = harness();
    await h.run(plan([change("qualys.webApp.shop", "import", { ids: { id: "found-7" } })]));
    expect((await h.state.read())!.resources["qualys.webApp.shop"]).toMatchObject({ ids: { id: "found-7" }, origin: "adopted" });
  });

  it("removes a deleted object from state, and a forgotten one without calling the vendor", async () => {
    const h = harness(snapshotOf([stateEntry("qualys.webApp.a"), stateEntry("cortex.scan.b")]));
    await h.run(plan([change("qualys.webApp.a", "delete"), change("cortex.scan.b", "forget")]));
    expect((await h.state.read())!.resources).toEqual({});
    expect(h.world.calls).toEqual([{ op: "delete", address: "qualys.webApp.a" }]);
  });

  it("records a moved protect flag on a no-op without calling the vendor", async () => {
    const h = harness(snapshotOf([stateEntry("qualys.webApp.a", { protect: true })]));
    await h.run(plan([change("qualys.webApp.a", "no-op", { protect: { before: true, after: false } })]));
    expect((await h.state.read())!.resources["qualys.webApp.a"]!.protect).toBe(false);
    expect(h.world.calls).toEqual([]);
  });

  it("records the launched run with the digest of the spec it was launched with", async () => {
    const h = harness(snapshotOf([stateEntry("qualys.scan.ci")]));
    await h.run(plan([change("qualys.scan.ci", "launch", { spec: { type: "VULNERABILITY" } })]));
    expect((await h.state.read())!.resources["qualys.scan.ci"]!.lastRun).toEqual({
      id: "run-1",
      launchedAt: "2026-11-24T10:00:00.000Z",
      specDigest: digest({ name: "ci", type: "VULNERABILITY" }),
    });
  });

  it("persists ids a driver checkpoints before its step ends", async () => {
    const h = harness();
    const session = h.world.session("hexiosec");
    const create = session.create.bind(session);
    session.create = async (c, ctx) => {
      await ctx.checkpoint({ id: "scan-1" });
      const midway = (await h.state.read())!.resources["hexiosec.scan.edge"]!.ids;
      expect(midway).toEqual({ id: "scan-1" });
      await create(c, ctx);
      return { seedList: "seeds-1" };
    };
    await h.run(plan([change("hexiosec.scan.edge", "create")]));
    expect((await h.state.read())!.resources["hexiosec.scan.edge"]!.ids).toEqual({ id: "scan-1", seedList: "seeds-1" });
  });

  it("gives a driver the ids of a dependency created earlier in the same apply", async () => {
    const h = harness();
    const session = h.world.session("qualys");
    let seen: unknown;
    const create = session.create.bind(session);
    session.create = async (c, ctx) => {
      if (c.address === "qualys.schedule.nightly") seen = ctx.idsOf("qualys.webApp.shop");
      return create(c, ctx);
    };
    await h.run(plan([change("qualys.webApp.shop", "create"), change("qualys.schedule.nightly", "create", { dependsOn: ["qualys.webApp.shop"] })]));
    expect(seen).toEqual({ id: "qualys-1" });
  });
});
