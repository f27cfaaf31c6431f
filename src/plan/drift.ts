/**
 * Drift: the vendor changed outside scanform since the last apply. It is what the vendor holds
 * compared with the spec state last applied, reported apart from the change that repairs it.
 */
import type { Address } from "../core/address.js";
import type { StateEntry } from "../state/model.js";
import type { FieldRule, ObservedObject } from "../vendors/driver.js";
import type { Drift } from "./change.js";
import { diffFields } from "./field-diff.js";
import { maskDiff } from "./mask.js";

export function changedOutside(
  entry: StateEntry,
  observed: ObservedObject,
  rules: Readonly<Record<string, FieldRule>>,
  ignore: readonly string[],
): Drift | undefined {
  // No applied spec is known (a create settled by read-back after a lost answer): nothing to compare.
  if (Object.keys(entry.spec).length === 0) return undefined;
  const diffs = diffFields(entry.spec, observed.spec, rules, ignore);
  if (diffs.length === 0) return undefined;
  return { address: entry.address, description: "changed outside scanform", diffs: diffs.map(maskDiff) };
}

export const deletedOutside = (address: Address): Drift => ({ address, description: "deleted outside scanform", diffs: [] });
