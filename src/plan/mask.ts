/**
 * Defensive masking. Specs never hold secrets by construction (credentials live only in connection
 * settings), but a plan is posted in pull requests and saved to disk, so any field whose name
 * looks like a secret is masked anyway. Names, not values, decide: values cannot be recognised.
 */
import type { JsonObject, JsonValue } from "../core/json.js";
import type { FieldDiff, Spec } from "./change.js";

export const MASK = "(sensitive)";

/** `credentials` (Cortex credential ids) is deliberately not matched: it holds ids, not secrets. */
const SECRET_WORDS = ["password", "passwd", "passphrase", "secret", "token", "apikey", "privatekey", "accesskey", "authorization"];

/** Every spec key of every change is asked about, and specs share a handful of key names. */
const verdicts = new Map<string, boolean>();

export const looksSecret = (name: string): boolean => {
  let verdict = verdicts.get(name);
  if (verdict === undefined) {
    const flat = name.toLowerCase().replace(/[-_\s]/g, "");
    verdict = SECRET_WORDS.some((w) => flat.includes(w));
    // Keys come from manifests and vendors: a bound keeps an odd configuration from growing it without end.
    if (verdicts.size < 10_000) verdicts.set(name, verdict);
  }
  return verdict;
};

/**
 * The spec with secret-looking fields masked. A spec with nothing to mask is returned as it is, not
 * copied: every change of a plan holds two specs, and plans are readonly data nobody mutates.
 */
export function maskSpec(spec: Spec): Spec {
  return isClean(spec) ? spec : maskObject(spec);
}

/** Whether masking would give an equal value: no secret-looking key, nothing but plain data. */
function isClean(v: JsonValue | undefined): boolean {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!isClean((v as readonly JsonValue[])[i])) return false;
    return true;
  }
  if (v === null || typeof v !== "object") return true;
  // The copy turns a Date or class instance into a plain object, and drops an own `__proto__` key.
  if (Object.getPrototypeOf(v) !== Object.prototype) return false;
  for (const k of Object.keys(v)) if (k === "__proto__" || looksSecret(k) || !isClean((v as JsonObject)[k])) return false;
  return true;
}

function maskObject(o: JsonObject): JsonObject {
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(o)) out[k] = looksSecret(k) ? MASK : maskValue(v);
  return out;
}

function maskValue(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(maskValue);
  if (v !== null && typeof v === "object") return maskObject(v as JsonObject);
  return v;
}

/** A diff of a secret-looking field keeps its shape but shows no value. */
export function maskDiff(d: FieldDiff): FieldDiff {
  if (d.field.split(".").some(looksSecret)) {
    return d.kind === "set"
      ? { ...d, added: d.added.map(() => MASK), removed: d.removed.map(() => MASK) }
      : { ...d, before: d.before === undefined ? undefined : MASK, after: d.after === undefined ? undefined : MASK };
  }
  return d.kind === "set"
    ? { ...d, added: d.added.map(maskValue), removed: d.removed.map(maskValue) }
    : { ...d, before: d.before === undefined ? undefined : maskValue(d.before), after: d.after === undefined ? undefined : maskValue(d.after) };
}
