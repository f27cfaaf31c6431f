/**
 * What may happen to an object state holds once its block is gone from the manifests. Only objects
 * in state reach this predicate, so scanform never deletes what it did not create or adopt.
 */
import type { Diagnostic } from "../core/errors.js";
import type { DesiredResource } from "../manifest/model.js";
import type { StateEntry } from "../state/model.js";
import type { KindInfo } from "../vendors/driver.js";

export type RemovalVerdict =
  | { readonly verdict: "delete" }
  /** Dropped from state only; `warning` (when set) tells the reader what is left to do by hand. */
  | { readonly verdict: "forget"; readonly reason: string; readonly warning?: Diagnostic }
  | { readonly verdict: "fail"; readonly diagnostic: Diagnostic };

export function removalPolicy(entry: StateEntry, kind: KindInfo, stillAtVendor: boolean): RemovalVerdict {
  // Nothing left to protect or delete: dropping the entry is all that remains, even when protected.
  if (!stillAtVendor) return { verdict: "forget", reason: "removed from the manifests, and already deleted outside scanform" };
  if (entry.protect) {
    return {
      verdict: "fail",
      diagnostic: {
        code: "PLAN_PROTECTED",
        severity: "error",
        message: `${entry.address} was removed from the manifests, but it is protected (protect: true is kept in state).`,
        hint: "To delete it: put the block back with `protect: false`, run apply, then remove the block. To keep it, put the block back.",
      },
    };
  }
  if (!kind.deletable) {
    return {
      verdict: "forget",
      reason: "removed from the manifests; the vendor API cannot delete it",
      warning: {
        code: "PLAN_FORGET",
        severity: "warning",
        message: `${entry.address}${describeIds(entry.ids)} will be forgotten, not deleted: ${entry.vendor} cannot delete a ${entry.kind} through its API.`,
        hint: `Delete it in the ${entry.vendor} console.`,
      },
    };
  }
  return { verdict: "delete" };
}

const describeIds = (ids: Readonly<Record<string, string>>): string => {
  const parts = Object.entries(ids).map(([k, v]) => `${k} ${v}`);
  return parts.length === 0 ? "" : ` (${parts.join(", ")})`;
};

/**
 * A replace deletes the object before it creates another (its history and results go with it), so
 * protection refuses it as it refuses a removal: while state keeps the flag, and when the manifest
 * sets it. Lifting it takes an apply of its own, as for a removal, so the reviewed plan that
 * deletes the object never also lifts its protection.
 */
export function protectedReplace(resource: DesiredResource, entry: StateEntry | undefined, why: string): Diagnostic | undefined {
  if (!(entry?.protect ?? false) && !resource.options.protect) return undefined;
  return {
    code: "PLAN_PROTECTED_REPLACE",
    severity: "error",
    message: `${resource.address} would be replaced (${why}): its object would be deleted and created anew, but it is protected.`,
    hint: "To replace it: first apply `protect: false` with the field as it is (the plan shows `protect lifted`), then change the field. To keep the object, put the field back.",
    source: resource.source,
  };
}
