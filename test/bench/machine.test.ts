import { describe, expect, it } from "vitest";
import { describeFaults, describeFreshMemory, faultCostMicros, freshMemoryCost } from "../../bench/machine.js";

const PAGE_BYTES = 4096;
const PROBE_BYTES = 64 * 1024 * 1024;

describe("the fresh-memory probe", () => {
  it("charges the first pass's time beyond the second's to the faults the first pass took", () => {
    // 256 faults; the first pass took 2.56 ms more than the second.
    expect(faultCostMicros(3_000_000, 440_000, 256)).toBeCloseTo(10, 6);
  });

  it("never reports a negative cost when the second pass happened to be slower", () => {
    expect(faultCostMicros(1_000_000, 1_200_000, 256)).toBe(0);
  });

  it("reports no cost when the first pass took no fault", () => {
    expect(faultCostMicros(3_000_000, 440_000, 0)).toBe(0);
  });

  it("measures in V8's heap, which takes a fault for every 4 KB page whatever the kernel's huge-page setting", () => {
    const cost = freshMemoryCost();
    expect(Number.isFinite(cost.microsPerFault)).toBe(true);
    expect(cost.microsPerFault).toBeGreaterThanOrEqual(0);
    expect(cost.probe.faults).toBeGreaterThanOrEqual(PROBE_BYTES / PAGE_BYTES);
  });

  it("says what a stage's page faults cost at the machine's rate", () => {
    expect(describeFaults(18_700, { microsPerFault: 10.9, probe: { faults: 33_600, firstMs: 430 } })).toBe("18,700 page faults (about 204 ms at 10.9 µs a fault)");
  });

  it("gives the probe's own figures in the bench's header line", () => {
    expect(describeFreshMemory({ microsPerFault: 12.46, probe: { faults: 33_617, firstMs: 430.7 } })).toBe(
      "fresh memory: 12.5 µs a page fault (new arrays of 64 MB in V8's heap: 33,617 faults, 431 ms); bench/machine.ts",
    );
  });
});
