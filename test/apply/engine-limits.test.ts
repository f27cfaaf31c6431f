import { describe, expect, it } from "vitest";
import { STEPS_PER_REQUEST_SLOT } from "../../src/apply/engine.js";
import { change, harness, plan } from "./fakes.js";

const many = (vendor: string, kind: string, n: number) => Array.from({ length: n }, (_, i) => change(`${vendor}.${kind}.r${String(i).padStart(2, "0")}`, "create"));

describe("apply concurrency", () => {
  it("never has more steps of one vendor in flight than --parallelism", async () => {
    const h = harness();
    h.world.session("qualys").delayMs = 5;
    await h.run(plan(many("qualys", "webApp", 12)), { parallelism: 3 });
    expect(h.world.vendorMax.get("qualys")).toBe(3);
  });

  it("runs each vendor's steps side by side with the others', so no vendor waits behind another's", async () => {
    const h = harness();
    h.world.session("qualys").delayMs = 5;
    h.world.session("hexiosec").delayMs = 5;
    await h.run(plan([...many("qualys", "webApp", 8), ...many("hexiosec", "scan", 8)]), { parallelism: 3 });
    expect(h.world.vendorMax.get("qualys")).toBe(3);
    expect(h.world.vendorMax.get("hexiosec")).toBe(3);
    expect(h.world.maxInFlight).toBe(6);
  });

  it("runs a vendor's steps two per request it takes at once, so a step writing state never leaves a request slot idle", async () => {
    const h = harness();
    h.world.session("qualys").delayMs = 5;
    await h.run(plan(many("qualys", "webApp", 12)), { parallelism: 10, vendorLimits: new Map([["qualys", 2]]) });
    expect(STEPS_PER_REQUEST_SLOT).toBe(2);
    expect(h.world.vendorMax.get("qualys")).toBe(4);
  });

  it("keeps a vendor's steps to --parallelism when that is lower than its requests allow", async () => {
    const h = harness();
    h.world.session("hexiosec").delayMs = 5;
    await h.run(plan(many("hexiosec", "scan", 12)), { parallelism: 3, vendorLimits: new Map([["hexiosec", 5]]) });
    expect(h.world.vendorMax.get("hexiosec")).toBe(3);
  });

  it("runs every step when the limits are 1", async () => {
    const h = harness();
    const result = await h.run(plan(many("qualys", "webApp", 4)), { parallelism: 1 });
    expect(h.world.maxInFlight).toBe(1);
    expect(result.counts.succeeded).toBe(4);
  });
});
