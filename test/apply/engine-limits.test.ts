import { describe, expect, it } from "vitest";
import { change, harness, plan } from "./fakes.js";

const many = (vendor: string, kind: string, n: number) => Array.from({ length: n }, (_, i) => change(`${vendor}.${kind}.r${String(i).padStart(2, "0")}`, "create"));

describe("apply concurrency", () => {
  it("never has more vendor steps in flight than --parallelism", async () => {
    const h = harness();
    h.world.session("qualys").delayMs = 5;
    await h.run(plan(many("qualys", "webApp", 12)), { parallelism: 3 });
    expect(h.world.maxInFlight).toBe(3);
  });

  it("holds each vendor to its own cap while others use the rest", async () => {
    const h = harness();
    h.world.session("qualys").delayMs = 5;
    h.world.session("hexiosec").delayMs = 5;
    await h.run(plan([...many("qualys", "webApp", 8), ...many("hexiosec", "scan", 8)]), { parallelism: 6, vendorLimits: new Map([["qualys", 2]]) });
    expect(h.world.vendorMax.get("qualys")).toBe(2);
    expect(h.world.maxInFlight).toBe(6);
  });

  it("runs every step when the limits are 1", async () => {
    const h = harness();
    const result = await h.run(plan(many("qualys", "webApp", 4)), { parallelism: 1 });
    expect(h.world.maxInFlight).toBe(1);
    expect(result.counts.succeeded).toBe(4);
  });
});
