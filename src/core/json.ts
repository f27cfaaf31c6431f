import * as crypto from "node:crypto";

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonObject = { readonly [key: string]: JsonValue };

/** JSON with object keys sorted at every depth, so equal data always serialises to equal text. */
export function canonicalJson(value: JsonValue): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: Record<string, JsonValue> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as JsonObject)[key];
      if (v === undefined) continue;
      // A data key of that name (JSON.parse makes one) would set out's prototype instead, and drop out of the text.
      if (key === "__proto__") Object.defineProperty(out, key, { value: sortKeys(v), enumerable: true, writable: true, configurable: true });
      else out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/**
 * A plan digests every spec and every object it reads (thousands), and a Hash object per digest
 * cost more than the hashing: the one-shot `crypto.hash` (Node 20.12) where the runtime has it.
 */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === "function" ? (text) => crypto.hash("sha256", text, "hex") : (text) => crypto.createHash("sha256").update(text).digest("hex");

/** `sha256:<hex>` of the canonical JSON: the digest used for specs, manifests and fingerprints. */
export function digest(value: JsonValue): string {
  return digestOfCanonical(canonicalJson(value));
}

/** digest() of a value whose canonicalJson() text the caller holds already. */
export const digestOfCanonical = (text: string): string => `sha256:${sha256Hex(text)}`;

/** A non-null, non-array object: the shape of a JSON object read from outside, before its fields are checked. */
export const isRecord = (v: unknown): v is Readonly<Record<string, unknown>> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
