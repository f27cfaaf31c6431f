/**
 * Deleting (or replacing, which deletes) an object that others scanform does not manage still use
 * leaves them broken at the vendor. The driver names them from what observe read
 * (ObservedObject.usedBy); the plan warns, so a reviewer sees it before apply.
 */
import type { Address } from "../core/address.js";
import type { Diagnostic } from "../core/errors.js";
import type { ObservedObject } from "../vendors/driver.js";

export function usedByWarning(address: Address, vendor: string, action: "deleted" | "replaced", observed: ObservedObject | undefined): Diagnostic | undefined {
  const users = observed?.usedBy ?? [];
  if (users.length === 0) return undefined;
  return {
    code: "PLAN_STILL_USED",
    severity: "warning",
    message: `${address} will be ${action}, but ${users.join("; and ")}.`,
    hint: `Change or delete ${users.length === 1 ? "it" : "them"} at ${vendor} first, or keep ${address} in the manifests.`,
  };
}

/** What goes with an object deleted or replaced that scanform does not own (ObservedObject.holds). */
export function unownedLostWarning(address: Address, action: "deleted" | "replaced", observed: ObservedObject | undefined): Diagnostic | undefined {
  const held = observed?.holds ?? [];
  if (held.length === 0) return undefined;
  return {
    code: "PLAN_UNOWNED_LOST",
    severity: "warning",
    message: `${address} will be ${action}, and ${held.join("; and ")}, which scanform does not own, goes with it.`,
    hint: action === "replaced" ? "To keep them, list them in the manifest: the new object gets them. Otherwise they are gone after the apply." : "Keep the block in the manifests to keep them.",
  };
}
