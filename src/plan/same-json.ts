/**
 * Whether two JSON values have the same canonicalJson text, decided without building the texts:
 * the diff compares every field of every resource, and serialising both sides was most of its CPU.
 * The answer is always the one comparing the texts would give, so JSON.stringify's rules are kept:
 * a key whose value is undefined is absent, and NaN, ±Infinity and undefined array items are null.
 */
import type { JsonObject, JsonValue } from "../core/json.js";

export function sameJson(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) {
    const arrays = Array.isArray(a);
    if (arrays !== Array.isArray(b)) return false;
    return arrays ? sameArray(a as readonly JsonValue[], b as readonly JsonValue[]) : sameObject(a as JsonObject, b as JsonObject);
  }
  return printsNull(a) && printsNull(b);
}

const printsNull = (v: JsonValue | undefined): boolean => v === null || v === undefined || (typeof v === "number" && !Number.isFinite(v));

function sameArray(a: readonly JsonValue[], b: readonly JsonValue[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined ? !(printsNull(x) && printsNull(y)) : !sameJson(x, y)) return false;
  }
  return true;
}

function sameObject(a: JsonObject, b: JsonObject): boolean {
  let count = 0;
  const keys = Object.keys(a);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const x = a[key];
    if (x === undefined) continue;
    count++;
    const y = Object.hasOwn(b, key) ? b[key] : undefined;
    if (x !== y && (y === undefined || !sameJson(x, y))) return false;
  }
  const others = Object.keys(b);
  for (let i = 0; i < others.length; i++) {
    const key = others[i]!;
    if (b[key] !== undefined) count--;
  }
  return count === 0;
}
