/** What the per-resource steps of the diff read, and what each of them returns. */
import { ownEntry } from "../core/own.js";
import type { Address } from "../core/address.js";
import type { Diagnostic } from "../core/errors.js";
import type { StateEntry } from "../state/model.js";
import type { KindInfo } from "../vendors/driver.js";
import type { Change, Drift } from "./change.js";
import type { ObservedIndex } from "./observed-index.js";
import type { AddressIdentity } from "./respell.js";

export interface DiffContext {
  readonly kinds: ReadonlyMap<string, Readonly<Record<string, KindInfo>>>;
  /** State entries after `moved:` renames. */
  readonly state: ReadonlyMap<Address, StateEntry>;
  readonly observed: ObservedIndex;
  /** Vendors that were read; a readable kind of a vendor not read cannot be planned. */
  readonly observedVendors: ReadonlySet<string>;
  /** false: `--refresh=false`, every kind is compared with state. */
  readonly refresh: boolean;
  /** The plan's clock, injected: what is already past (a one-off start) is judged against it. */
  readonly now: Date;
  /** An address's identity by its vendor ids (respell.ts); asked only where a spec does not match as written. */
  readonly addressIdentity: AddressIdentity;
}

/** One address's contribution to the plan. */
export interface Outcome {
  readonly change?: Change;
  readonly drift?: Drift;
  readonly warnings?: readonly Diagnostic[];
  readonly error?: Diagnostic;
}

// The kind is a word from a manifest or a state file: only a kind the driver has, never one Object's prototype lends.
export const kindInfo = (ctx: DiffContext, vendor: string, kind: string): KindInfo | undefined => {
  const kinds = ctx.kinds.get(vendor);
  return kinds === undefined ? undefined : ownEntry(kinds, kind);
};

/** Whether the plan compares this kind with the vendor (true) or with state (false). */
export const comparesWithVendor = (ctx: DiffContext, kind: KindInfo): boolean => ctx.refresh && kind.readable;

export const unknownKind = (address: Address, vendor: string, kind: string): Diagnostic => ({
  code: "PLAN_UNKNOWN_KIND",
  severity: "error",
  message: `${address}: scanform has no driver for ${vendor} ${kind}.`,
  hint: "Check the vendor and kind in the address; a state entry of a removed driver can be dropped with `scanform state rm`.",
});

export const notObserved = (address: Address, vendor: string): Diagnostic => ({
  code: "PLAN_NOT_OBSERVED",
  severity: "error",
  message: `${address}: ${vendor} was not read, so the plan cannot tell what exists there.`,
  hint: "Fix the error reported for the vendor above and plan again.",
});
