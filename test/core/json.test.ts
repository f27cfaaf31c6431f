import { describe, expect, it } from "vitest";
import { canonicalJson, digest, type JsonObject } from "../../src/core/json.js";
import { formatAddress, parseAddress } from "../../src/core/address.js";

describe("canonicalJson", () => {
  it("serialises objects with keys sorted at every depth", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
  });

  it("gives equal digests for equal data written in another key order", () => {
    expect(digest({ x: 1, y: [2, 3] })).toBe(digest({ y: [2, 3], x: 1 }));
    expect(digest({ x: 1 })).not.toBe(digest({ x: 2 }));
  });

  it("is the SHA-256 of the canonical text, as every state and plan file already records it", () => {
    expect(digest({ b: [1, "x"], a: null })).toBe("sha256:c22cb7b0353770e2b38094af641143ebf008ddf2d1f2dedb9d875996fcf245fa");
  });

  it("keeps a key named __proto__ read from outside, so a field by that name is part of the digest", () => {
    const read = JSON.parse('{"b": 1, "__proto__": {"x": 1}, "a": {"__proto__": 2}}') as JsonObject;
    expect(canonicalJson(read)).toBe('{"__proto__":{"x":1},"a":{"__proto__":2},"b":1}');
    expect(digest(read)).not.toBe(digest({ a: {}, b: 1 }));
  });
});

describe("addresses", () => {
  it("round-trip through parse and format, keeping dots in the name", () => {
    const parts = parseAddress("qualys.webApp.shop.eu");
    expect(parts).toEqual({ vendor: "qualys", kind: "webApp", name: "shop.eu" });
    expect(formatAddress(parts!)).toBe("qualys.webApp.shop.eu");
  });

  it("rejects a string that is not vendor.kind.name", () => {
    expect(parseAddress("qualys.webApp")).toBeUndefined();
  });
});
