import { describe, expect, it } from "vitest";
import { change, harness, plan, snapshotOf, stateEntry } from "./fakes.js";

describe("apply order", () => {
  it("creates a web app before the schedule that targets it", async () => {
    const h = harness();
    await h.run(
      plan([
        change("qualys.schedule.nightly", "create", { dependsOn: ["qualys.webApp.shop"] }),
        change("qualys.webApp.shop", "create"),
      ]),
    );
    expect(h.world.order("create")).toEqual(["qualys.webApp.shop", "qualys.schedule.nightly"]);
  });

  it("deletes a schedule before the web app it scanned", async () => {
    const h = harness(snapshotOf([stateEntry("qualys.webApp.shop"), stateEntry("qualys.schedule.nightly")]));
    await h.run(
      plan([
        change("qualys.schedule.nightly", "delete"),
        change("qualys.webApp.shop", "delete", { dependsOn: ["qualys.schedule.nightly"] }),
      ]),
    );
    expect(h.world.order("delete")).toEqual(["qualys.schedule.nightly", "qualys.webApp.shop"]);
  });

  it("treats a dependency on an address without a change as already met", async () => {
    const h = harness();
    const result = await h.run(plan([change("qualys.webApp.shop", "create", { dependsOn: ["qualys.profile.default"] })]));
    expect(result.counts).toEqual({ succeeded: 1, failed: 0, skipped: 0 });
  });

  it("applies a rename to state before the change at its new address", async () => {
    const h = harness(snapshotOf([stateEntry("qualys.webApp.old")]));
    await h.run(plan([change("qualys.webApp.new", "update")], [{ from: "qualys.webApp.old", to: "qualys.webApp.new" }]));
    const stored = await h.state.read();
    expect(Object.keys(stored!.resources)).toEqual(["qualys.webApp.new"]);
    expect(h.world.order("update")).toEqual(["qualys.webApp.new"]);
  });

  it("applies a chain of renames one after the other, whatever order the plan lists them in", async () => {
    const h = harness(snapshotOf([stateEntry("qualys.webApp.old")]));
    const result = await h.run(plan([], [{ from: "qualys.webApp.mid", to: "qualys.webApp.new" }, { from: "qualys.webApp.old", to: "qualys.webApp.mid" }]));
    expect(result.counts).toEqual({ succeeded: 2, failed: 0, skipped: 0 });
    expect(Object.keys((await h.state.read())!.resources)).toEqual(["qualys.webApp.new"]);
  });

  it("starts a change that refers to a renamed address only once the rename is in state", async () => {
    const h = harness(snapshotOf([stateEntry("qualys.webApp.old", { ids: { id: "7" } })]));
    const session = h.world.session("qualys");
    let seen: unknown;
    const create = session.create.bind(session);
    session.create = async (c, ctx) => {
      seen = ctx.idsOf("qualys.webApp.new");
      return create(c, ctx);
    };
    await h.run(plan([change("qualys.schedule.nightly", "create", { dependsOn: ["qualys.webApp.new"] })], [{ from: "qualys.webApp.old", to: "qualys.webApp.new" }]));
    expect(seen).toEqual({ id: "7" });
  });

  it("replaces by deleting the old object before creating the new one", async () => {
    const h = harness(snapshotOf([stateEntry("hexiosec.scan.edge")]));
    await h.run(plan([change("hexiosec.scan.edge", "replace")]));
    expect(h.world.calls.map((c) => c.op)).toEqual(["delete", "create"]);
    const stored = await h.state.read();
    expect(stored!.resources["hexiosec.scan.edge"]!.ids).toEqual({ id: "hexiosec-1" });
  });

  it("fails the steps of a dependency cycle without calling the vendor", async () => {
    const h = harness();
    const result = await h.run(
      plan([change("qualys.webApp.a", "create", { dependsOn: ["qualys.webApp.b"] }), change("qualys.webApp.b", "create", { dependsOn: ["qualys.webApp.a"] })]),
    );
    expect(result.steps.map((s) => [s.address, s.outcome, s.outcome === "failed" ? s.error.code : ""])).toEqual([
      ["qualys.webApp.a", "failed", "APPLY_DEPENDENCY_CYCLE"],
      ["qualys.webApp.b", "failed", "APPLY_DEPENDENCY_CYCLE"],
    ]);
    expect(h.world.calls).toEqual([]);
  });

  it("leaves a no-op whose protect flag is unchanged out of the steps", async () => {
    const h = harness(snapshotOf([stateEntry("qualys.webApp.shop")]));
    const result = await h.run(plan([change("qualys.webApp.shop", "no-op", { protect: { before: false, after: false } })]));
    expect(result.steps).toEqual([]);
  });
});
