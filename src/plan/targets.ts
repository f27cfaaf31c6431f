/**
 * `--target ADDR`: plan only those addresses plus what they need: a resource's dependencies, and
 * for a removed resource the objects that still refer to it at the vendor (they change or go
 * first), by the relation delete ordering follows (references.ts). An address a pending `moved:`
 * renames is followed to its new address, as `scanform state list` still shows the old one.
 */
import type { Address } from "../core/address.js";
import type { Diagnostic } from "../core/errors.js";
import type { DesiredResource } from "../manifest/model.js";
import type { StateEntry } from "../state/model.js";
import type { Move } from "./change.js";
import { comparesWithVendor, kindInfo, type DiffContext } from "./diff-context.js";
import { movedAddress } from "./moved.js";
import { referrers, type Holder } from "./references.js";
import { appendAll } from "../core/arrays.js";

export interface TargetSet {
  readonly addresses: ReadonlySet<Address>;
  readonly diagnostics: readonly Diagnostic[];
}

/** `ctx.state`: state as the moves renamed it; `moves`: the renames this plan makes. */
export function targetSet(targets: readonly Address[], desired: ReadonlyMap<Address, DesiredResource>, ctx: DiffContext, moves: readonly Move[]): TargetSet {
  const diagnostics: Diagnostic[] = [];
  const addresses = new Set<Address>();
  const queue: Address[] = [];
  const known = (a: Address): boolean => desired.has(a) || ctx.state.has(a);
  for (const t of targets) {
    const renamed = movedAddress(moves, t);
    if (known(t)) queue.push(t);
    else if (known(renamed)) queue.push(renamed);
    else
      diagnostics.push({
        code: "PLAN_TARGET_UNKNOWN",
        severity: "error",
        message: `--target ${t}: no resource with this address is in the manifests or in state.`,
        hint: "Use an address as `scanform state list` or the plan prints it, e.g. qualys.webApp.shop.",
      });
  }
  // Worked out at the first removal met, for every removal at once: one walk of the specs.
  let dependents: Map<Address, Address[]> | undefined;
  const removedIn = (address: Address): readonly Address[] => {
    dependents ??= referrers(vendorSpecs(ctx), new Set([...ctx.state.keys()].filter((a) => !desired.has(a))));
    return dependents.get(address) ?? [];
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

/** Each state entry's spec as its change will start from it: what the vendor was read to hold, else what state last applied. */
function* vendorSpecs(ctx: DiffContext): Generator<Holder> {
  for (const e of ctx.state.values()) yield { address: e.address, spec: vendorSpec(e, ctx) };
}

function vendorSpec(e: StateEntry, ctx: DiffContext): StateEntry["spec"] {
  const kind = kindInfo(ctx, e.vendor, e.kind);
  const observed = kind !== undefined && comparesWithVendor(ctx, kind) ? ctx.observed.byState.get(e.address) : undefined;
  return observed?.spec ?? e.spec;
}
