import { describe, expect, it } from "vitest";
import { firstOf } from "../../src/core/arrays.js";

describe("firstOf: names in a message that must not grow with the input", () => {
  it("names every one of ten or fewer", () => {
    expect(firstOf(["a", "b", "c"])).toBe("a, b, c");
  });

  it("names the first ten of more, and counts the rest", () => {
    const names = Array.from({ length: 4000 }, (_, i) => `n${i}`);
    expect(firstOf(names)).toBe("n0, n1, n2, n3, n4, n5, n6, n7, n8, n9, and 3990 more");
  });

  it("names as many as it is told to", () => {
    expect(firstOf(["a", "b", "c"], 2)).toBe("a, b, and 1 more");
  });
});
