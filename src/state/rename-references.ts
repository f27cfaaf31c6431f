/**
 * A `moved:` rename renames an address everywhere state holds it: in the specs of the entries that
 * refer to it (a schedule's `webApps`), not only the entry's own key. Otherwise every plan after the
 * rename would see the old address in the spec last applied and report `webApps + new − old` as
 * drift, and an `on-change` scan would launch for a target whose vendor id never changed.
 */
import type { Address } from "../core/address.js";
import { digest, type JsonObject, type JsonValue } from "../core/json.js";
import type { StateEntry } from "./model.js";

/** `entry` with every reference to `from` in its spec written as `to`; the same object when it has none. */
export function renameReferences(entry: StateEntry, from: Address, to: Address): StateEntry {
  const spec = rename(entry.spec, from, to) as JsonObject;
  if (spec === entry.spec) return entry;
  const renamed = { ...entry, spec, digest: digest(spec) };
  // The run was launched with the spec last applied (src/plan/launch.ts digests specs the same
  // way), so it keeps matching the renamed spec. A run launched with another spec still differs.
  if (entry.lastRun && entry.lastRun.specDigest === digest(entry.spec)) return { ...renamed, lastRun: { ...entry.lastRun, specDigest: renamed.digest } };
  return renamed;
}

function rename(value: JsonValue, from: Address, to: Address): JsonValue {
  if (value === from) return to;
  if (Array.isArray(value)) {
    const items = value.map((v) => rename(v, from, to));
    return items.some((v, i) => v !== value[i]) ? [...items].sort(byText) : value;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).map(([k, v]) => [k, rename(v, from, to)] as const);
    return entries.some(([k, v]) => v !== (value as JsonObject)[k]) ? Object.fromEntries(entries) : value;
  }
  return value;
}

// Reference lists are kept sorted in specs (src/manifest/build-*.ts), so a renamed one is re-sorted.
const byText = (a: JsonValue, b: JsonValue): number => {
  const x = typeof a === "string" ? a : JSON.stringify(a);
  const y = typeof b === "string" ? b : JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
};
