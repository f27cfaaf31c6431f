/** Plans, and the apply outcome table that follows them, list addresses as people count: s2 before s10. */
import { describe, expect, it } from "vitest";
import { compareAddresses } from "../../src/core/address.js";
import { only, resource, runDiff } from "./fakes.js";

const scan = { group: "Security", type: "continuous_own", seeds: ["a.example.com"], enabled: true };

describe("natural order of addresses", () => {
  it("orders the plan's changes s0, s1, s2, s10", () => {
    const names = ["s10", "s2", "s0", "s1"];
    const plan = only(runDiff({ resources: names.map((n) => resource(`hexiosec.scan.${n}`, scan)) }));
    expect(plan.changes.map((c) => c.address)).toEqual(["hexiosec.scan.s0", "hexiosec.scan.s1", "hexiosec.scan.s2", "hexiosec.scan.s10"]);
  });

  it("compares digits as numbers and stays total where the numbers are equal", () => {
    const sorted = ["a.b.s10", "a.b.s01", "a.b.s2", "a.b.s1", "a.b.t"].sort(compareAddresses);
    expect(sorted).toEqual(["a.b.s01", "a.b.s1", "a.b.s2", "a.b.s10", "a.b.t"]);
  });
});
