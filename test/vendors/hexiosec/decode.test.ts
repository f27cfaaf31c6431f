import { describe, expect, it } from "vitest";
import { UnexpectedAnswer, decodeScans, decodeSeed, decodeSeeds } from "../../../src/vendors/hexiosec/decode.js";

const seed = { id: "s-1", name: "shop.example.com", type: "domain", tags: ["scanform"], created_at: "2026-01-01T00:00:00Z" };

const thrown = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof UnexpectedAnswer) return e.message;
    throw e;
  }
  throw new Error("nothing was thrown");
};

describe("hexiosec: decoding a seed list", () => {
  it("keeps id, name, type and tags, and passes over fields the driver does not use", () => {
    expect(decodeSeeds([seed])).toEqual([{ id: "s-1", name: "shop.example.com", type: "domain", tags: ["scanform"] }]);
  });

  it("leaves type and tags out when the vendor sends none, or null", () => {
    const [bare, nulls] = decodeSeeds([{ id: "a", name: "a.example" }, { id: "b", name: "b.example", type: null, tags: null }]);
    expect(bare).toStrictEqual({ id: "a", name: "a.example" });
    expect(nulls).toStrictEqual({ id: "b", name: "b.example" });
  });

  it.each([
    ["a list that is not one", { seeds: [] }, "the seed list is not a list"],
    ["a seed that is not an object", [seed, "x"], "seed 1 is not an object"],
    ["an id that is not a string", [{ ...seed, id: 7 }], "seed 0 id is not a string"],
    ["an id that a path would read as its parent", [seed, { ...seed, id: ".." }], 'seed 1 id ".." cannot name an object in a request path'],
    ["an empty id", [{ ...seed, id: "" }], 'seed 0 id "" cannot name an object in a request path'],
    ["a missing name", [seed, { id: "s-2" }], "seed 1 name is not a string"],
    ["a type that is not a string", [{ ...seed, type: 3 }], "seed 0 type is not a string"],
    ["tags that are not a list", [{ ...seed, tags: "scanform" }], "seed 0 tags is not a list"],
    ["a tag that is not a string", [{ ...seed, tags: ["scanform", 1] }], "seed 0 tag 1 is not a string"],
  ])("names the first difference: %s", (_what, answer, message) => {
    expect(thrown(() => decodeSeeds(answer))).toBe(message);
  });

  it("names a single seed as the seed", () => {
    expect(thrown(() => decodeSeed({ id: "s-1" }))).toBe("the seed name is not a string");
  });
});

describe("hexiosec: decoding a scan", () => {
  const scan = { id: "c0ffee", name: "prod", type: "continuous_own", scan_group_id: "g-1", enabled: true, dns_namelist: false, ignore_ip_nodes: false };

  it.each([".", "..", ""])("refuses the id %j, which no request path can name", (id) => {
    expect(thrown(() => decodeScans([scan, { ...scan, id }]))).toBe(`scan 1 id ${JSON.stringify(id)} cannot name an object in a request path`);
  });
});
