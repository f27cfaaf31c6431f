import { describe, expect, it } from "vitest";
import { change, harness, plan } from "./fakes.js";

describe("apply failures", () => {
  it("skips the dependents of a failed step and completes the independent ones", async () => {
    const h = harness();
    h.world.session("qualys").fail("create", "qualys.webApp.shop");
    const result = await h.run(
      plan([
        change("qualys.schedule.nightly", "create", { dependsOn: ["qualys.webApp.shop"] }),
        change("qualys.scan.ci", "create", { dependsOn: ["qualys.schedule.nightly"] }),
        change("qualys.webApp.blog", "create"),
        change("qualys.webApp.shop", "create"),
      ]),
    );
    expect(result.steps.map((s) => [s.address, s.outcome, s.outcome === "skipped" ? s.reason : s.outcome === "failed" ? s.error.code : ""])).toEqual([
      ["qualys.schedule.nightly", "skipped", "qualys.webApp.shop failed"],
      ["qualys.scan.ci", "skipped", "qualys.schedule.nightly was skipped"],
      ["qualys.webApp.blog", "succeeded", ""],
      ["qualys.webApp.shop", "failed", "VENDOR_REFUSED"],
    ]);
    expect(h.world.order("create")).toEqual(["qualys.webApp.blog", "qualys.webApp.shop"]);
  });

  it("reports an error a driver throws that is not a ScanformError with a code of its own", async () => {
    const h = harness();
    h.world.session("qualys").fail("update", "qualys.webApp.shop", new TypeError("x is undefined"));
    const result = await h.run(plan([change("qualys.webApp.shop", "update")]));
    expect(result.steps[0]).toMatchObject({ outcome: "failed", error: { code: "APPLY_UNEXPECTED", message: "x is undefined" } });
  });

  it("fails a launch whose change was made, keeping the change in state", async () => {
    const h = harness();
    h.world.session("qualys").fail("launch", "qualys.scan.ci");
    const result = await h.run(plan([change("qualys.scan.ci", "create", { launchAfter: true })]));
    expect(result.steps[0]!.outcome).toBe("failed");
    const stored = await h.state.read();
    expect(stored!.resources["qualys.scan.ci"]!.ids).toEqual({ id: "qualys-1" });
    expect(stored!.resources["qualys.scan.ci"]!.lastRun).toBeUndefined();
  });

  it("stops starting steps once state cannot be written, and says why", async () => {
    const h = harness();
    const write = h.state.write;
    let writes = 0;
    Object.assign(h.state, {
      write: (...args: Parameters<typeof write>) => (++writes === 2 ? Promise.reject(new Error("disk full")) : write(...args)),
    });
    const result = await h.run(plan([change("qualys.webApp.a", "update"), change("qualys.webApp.b", "update"), change("qualys.webApp.c", "update")]), { parallelism: 1 });
    expect(result.steps.map((s) => (s.outcome === "skipped" ? s.reason : s.outcome))).toEqual([
      "succeeded",
      "failed",
      "the state could not be written (disk full)",
    ]);
  });
});
