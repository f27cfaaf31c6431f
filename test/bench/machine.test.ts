import { describe, expect, it } from "vitest";
import { describeFaults, faultCostMicros, freshMemoryCost, PAGE_BYTES } from "../../bench/machine.js";

describe("the fresh-memory probe", () => {
  it("charges the first write's time beyond the second's to the pages it touched", () => {
    // 256 pages; the first write took 2.56 ms more than the second.
    expect(faultCostMicros(3_000_000, 440_000, 256 * PAGE_BYTES)).toBeCloseTo(10, 6);
  });

  it("never reports a negative cost when the second write happened to be slower", () => {
    expect(faultCostMicros(1_000_000, 1_200_000, 256 * PAGE_BYTES)).toBe(0);
  });

  it("measures this machine in fresh processes", () => {
    const cost = freshMemoryCost();
    expect(Number.isFinite(cost.microsPerPage)).toBe(true);
    expect(cost.microsPerPage).toBeGreaterThanOrEqual(0);
    expect(cost.msPer100Mb).toBeCloseTo((cost.microsPerPage * 25_600) / 1000, 6);
  });

  it("says what a stage's page faults cost at the machine's rate", () => {
    expect(describeFaults(18_700, { microsPerPage: 10.9, msPer100Mb: 279 })).toBe("18,700 page faults (about 204 ms at 10.9 µs a page)");
  });
});
