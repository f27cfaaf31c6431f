/**
 * Drift: the vendor changed outside scanform since the last apply. It is what the vendor holds
 * compared with the spec state last applied, reported apart from the change that repairs it.
 */
import type { Address } from "../core/address.js";
import { canonicalJson, type JsonValue } from "../core/json.js";
import type { StateEntry } from "../state/model.js";
import type { FieldRule, ObservedObject } from "../vendors/driver.js";
import type { Drift, Spec } from "./change.js";
import { maskDiff } from "./mask.js";
import { diffResolved, type Identity } from "./respell.js";

/**
 * References compare by the vendor object they name (respell.ts), and members the vendor holds but
 * scanform does not own are left out of both sides: they are not scanform's to watch.
 */
export function changedOutside(
  entry: StateEntry,
  observed: ObservedObject,
  rules: Readonly<Record<string, FieldRule>>,
  ignore: readonly string[],
  identity: Identity,
): Drift | undefined {
  // No applied spec is known (a create settled by read-back after a lost answer): nothing to compare.
  if (Object.keys(entry.spec).length === 0) return undefined;
  const { diffs } = diffResolved(withoutUnowned(entry.spec, observed), withoutUnowned(observed.spec, observed), rules, ignore, identity);
  if (diffs.length === 0) return undefined;
  return { address: entry.address, description: "changed outside scanform", diffs: diffs.map(maskDiff) };
}

function withoutUnowned(spec: Spec, observed: ObservedObject): Spec {
  if (observed.unowned === undefined || observed.unowned.length === 0) return spec;
  const out: Record<string, JsonValue> = { ...spec };
  for (const { field, values } of observed.unowned) {
    const members = spec[field];
    if (!Array.isArray(members) || values.length === 0) continue;
    const drop = new Set(values.map((v) => canonicalJson(v)));
    out[field] = members.filter((m) => !drop.has(canonicalJson(m)));
  }
  return out;
}

export const deletedOutside = (address: Address): Drift => ({ address, description: "deleted outside scanform", diffs: [] });
