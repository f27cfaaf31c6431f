/**
 * `--target ADDR`: plan only those addresses plus what they need: a resource's dependencies, and
 * for a removed resource the objects that still refer to it in state (they change or go first).
 */
import type { Address } from "../core/address.js";
import type { Diagnostic } from "../core/errors.js";
import type { DesiredResource } from "../manifest/model.js";
import type { StateEntry } from "../state/model.js";
import { referencesIn } from "./references.js";
import { appendAll } from "../core/arrays.js";

export interface TargetSet {
  readonly addresses: ReadonlySet<Address>;
  readonly diagnostics: readonly Diagnostic[];
}

export function targetSet(
  targets: readonly Address[],
  desired: ReadonlyMap<Address, DesiredResource>,
  state: ReadonlyMap<Address, StateEntry>,
): TargetSet {
  const diagnostics: Diagnostic[] = [];
  const addresses = new Set<Address>();
  const queue: Address[] = [];
  for (const t of targets) {
    if (desired.has(t) || state.has(t)) queue.push(t);
    else
      diagnostics.push({
        code: "PLAN_TARGET_UNKNOWN",
        severity: "error",
        message: `--target ${t}: no resource with this address is in the manifests or in state.`,
        hint: "Use an address as `scanform state list` or the plan prints it, e.g. qualys.webApp.shop.",
      });
  }
  const removedIn = (address: Address): Address[] => {
    const known = new Set([address]);
    return [...state.values()].filter((e) => e.address !== address && referencesIn(e.spec, known).size > 0).map((e) => e.address);
  };
  while (queue.length > 0) {
    const address = queue.pop()!;
    if (addresses.has(address)) continue;
    addresses.add(address);
    const resource = desired.get(address);
    appendAll(queue, resource ? resource.dependsOn : removedIn(address));
  }
  return { addresses, diagnostics };
}
