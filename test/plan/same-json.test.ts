import { describe, expect, it } from "vitest";
import { canonicalJson, type JsonValue } from "../../src/core/json.js";
import { sameJson } from "../../src/plan/same-json.js";

// sameJson stands in for comparing canonicalJson texts, so every case states that both agree.
const cases: readonly [string, JsonValue, JsonValue, boolean][] = [
  ["objects whose keys are in another order", { a: 1, b: [1, { c: "x", d: null }] }, { b: [1, { d: null, c: "x" }], a: 1 }, true],
  ["a key holding undefined and a missing key", { a: 1, b: undefined } as unknown as JsonValue, { a: 1 }, true],
  ["an object with one key more", { a: 1 }, { a: 1, b: 2 }, false],
  ["an object with one key less", { a: 1, b: 2 }, { a: 1 }, false],
  ["a value that differs deep inside", { a: { b: [1, 2, { c: "x" }] } }, { a: { b: [1, 2, { c: "y" }] } }, false],
  ["lists in another order", [1, 2], [2, 1], false],
  ["lists of different lengths", [1, 2], [1, 2, 3], false],
  ["an empty list and an empty object", [], {}, false],
  ["NaN, Infinity and null, which all print as null", [Number.NaN, Number.POSITIVE_INFINITY], [null, null], true],
  ["an undefined list item and null", [undefined, 1] as unknown as JsonValue, [null, 1], true],
  ["-0 and 0", -0, 0, true],
  ["the string 1 and the number 1", "1", 1, false],
  ["null and an empty object", null, {}, false],
  ["false and null", false, null, false],
  ["an own __proto__ key beside none", JSON.parse('{"a":1,"__proto__":{"x":1}}') as JsonValue, { a: 1 }, false],
  ["own __proto__ keys of equal value", JSON.parse('{"a":1,"__proto__":{"x":1}}') as JsonValue, JSON.parse('{"__proto__":{"x":1},"a":1}') as JsonValue, true],
  ["own __proto__ keys of other values", JSON.parse('{"__proto__":{"x":1}}') as JsonValue, JSON.parse('{"__proto__":{"x":2}}') as JsonValue, false],
];

describe("sameJson", () => {
  it.each(cases)("agrees with canonicalJson on %s", (_name, a, b, same) => {
    expect(canonicalJson(a) === canonicalJson(b)).toBe(same);
    expect(sameJson(a, b)).toBe(same);
    expect(sameJson(b, a)).toBe(same);
  });
});
