/**
 * Observed objects by address. A driver may have answered for a state entry under the address it
 * had before a `moved:` rename; such objects are re-keyed to the new address so the diff and the
 * stale check see one address per object.
 */
import type { Address } from "../core/address.js";
import type { Observation, ObservedObject } from "../vendors/driver.js";
import type { Move } from "./change.js";
import { movedAddress } from "./moved.js";

export interface ObservedIndex {
  /** Found by the ids state recorded. */
  readonly byState: ReadonlyMap<Address, ObservedObject>;
  /** Found by exact name for an address state does not know. */
  readonly byName: ReadonlyMap<Address, ObservedObject>;
  /** Every observed object's fingerprint, by (re-keyed) address. */
  readonly fingerprints: Readonly<Record<Address, string>>;
}

export function indexObservations(observations: ReadonlyMap<string, Observation>, moves: readonly Move[]): ObservedIndex {
  const byState = new Map<Address, ObservedObject>();
  const byName = new Map<Address, ObservedObject>();
  const fingerprints: Record<Address, string> = {};
  for (const vendor of [...observations.keys()].sort()) {
    for (const o of observations.get(vendor)?.objects ?? []) {
      const address = o.match === "state" ? movedAddress(moves, o.address) : o.address;
      const object = address === o.address ? o : { ...o, address };
      (o.match === "state" ? byState : byName).set(address, object);
      fingerprints[address] = o.fingerprint;
    }
  }
  return { byState, byName, fingerprints };
}
