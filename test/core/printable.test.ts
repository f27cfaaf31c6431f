/** Text from outside made inert: it says what it said, and cannot steer the terminal or the page that shows it. */
import { describe, expect, it } from "vitest";
import { inertLines, oneLine } from "../../src/core/printable.js";

describe("vendor text made inert", () => {
  it("keeps one line whatever breaks it held", () => {
    expect(oneLine("a\nb\r::error::x\u2028y")).toBe("a\\nb\\r::error::x\\u2028y");
  });

  it("writes a bidirectional control as its escape, so a right-to-left override cannot show one name as another", () => {
    expect(oneLine("shop\u202enimda")).toBe("shop\\u202enimda");
    expect(inertLines("a\u2066b\u2069\nc\u200f")).toBe("a\\u2066b\\u2069\nc\\u200f");
  });

  it("leaves letters of every script, emoji and tabs as they are", () => {
    expect(oneLine("Café Ünïcødé 🙂\tشبكة")).toBe("Café Ünïcødé 🙂\tشبكة");
  });
});
