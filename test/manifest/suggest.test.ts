import { describe, expect, it } from "vitest";
import { closest, createSuggester } from "../../src/manifest/suggest.js";

const unlimited = () => createSuggester(Number.MAX_SAFE_INTEGER);

describe("did you mean", () => {
  it("suggests the candidate within a few edits, ignoring case", () => {
    expect(unlimited().closest("europe/londn", ["UTC", "Europe/London", "Europe/Lisbon"])).toBe("Europe/London");
  });

  it("suggests nothing when no candidate is close", () => {
    expect(unlimited().closest("mars/olympus", ["UTC", "Europe/London"])).toBeUndefined();
  });

  it("does not compare a word far longer than every candidate", () => {
    expect(closest(`Europe/London${"x".repeat(10_000)}`, ["Europe/London"], 1_000)).toEqual({ best: undefined, cells: 0 });
  });

  it("stops comparing once one suggestion's budget is spent", () => {
    const candidates = [...Array.from({ length: 1_000 }, (_, i) => `x${String(i).padStart(3, "0")}`), "shop"];
    expect(closest("shp", candidates, 1_000_000).best).toBe("shop");
    expect(closest("shp", candidates, 1_000).best).toBeUndefined();
  });

  it("stops suggesting once the load's budget is spent, and lists what is allowed instead", () => {
    const suggest = createSuggester(10);
    expect(suggest.suggestion("shp", ["shop", "cart"], "key")).toBe('Did you mean "shop"?');
    expect(suggest.suggestion("shp", ["shop", "cart"], "key")).toBe("Allowed keys: shop, cart.");
  });
});
