import { describe, expect, it } from "vitest";
import { createRandom, deriveSeed } from "../../../src/emulators/core/random.js";

const draws = (seed: number, n = 5): number[] => {
  const r = createRandom(seed);
  return Array.from({ length: n }, () => r.next());
};

describe("seeded random", () => {
  it("gives the same sequence for the same seed", () => {
    expect(draws(123)).toEqual(draws(123));
  });

  it("gives a different sequence for another seed", () => {
    expect(draws(123)).not.toEqual(draws(124));
  });

  it("stays within [0, 1)", () => {
    expect(draws(9, 10_000).every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it("spreads draws over the whole interval", () => {
    const buckets = new Array<number>(10).fill(0);
    for (const x of draws(5, 10_000)) buckets[Math.floor(x * 10)]! += 1;
    expect(Math.min(...buckets)).toBeGreaterThan(800);
  });

  it("derives distinct, stable seeds per label", () => {
    expect(deriveSeed(1, "hexiosec")).toBe(deriveSeed(1, "hexiosec"));
    expect(deriveSeed(1, "hexiosec")).not.toBe(deriveSeed(1, "qualys"));
    expect(deriveSeed(1, "hexiosec")).not.toBe(deriveSeed(2, "hexiosec"));
  });
});
