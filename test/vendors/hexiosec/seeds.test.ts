import { describe, expect, it } from "vitest";
import { unmanagedNote } from "../../../src/vendors/hexiosec/seeds.js";

describe("the note on seeds scanform leaves alone", () => {
  it("names the first ten and counts the rest, so a scan of thousands of hand-made seeds stays one line", () => {
    const seeds = Array.from({ length: 13 }, (_, i) => `h${String(i).padStart(2, "0")}.example`);
    expect(unmanagedNote(seeds)).toBe(
      "13 seeds without the scanform tag are left alone: h00.example, h01.example, h02.example, h03.example, h04.example, h05.example, h06.example, h07.example, h08.example, h09.example, and 3 more",
    );
  });

  it("names ten without a count", () => {
    const seeds = Array.from({ length: 10 }, (_, i) => `h${i}.example`);
    expect(unmanagedNote(seeds)).toBe(`10 seeds without the scanform tag are left alone: ${seeds.join(", ")}`);
  });
});
