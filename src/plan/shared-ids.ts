/**
 * One vendor object, one address: what the plan checks before it deletes an object (a removal or a
 * replace), since a state that ties two addresses to one object would delete the other's.
 */
import type { Address } from "../core/address.js";
import type { Diagnostic } from "../core/errors.js";
import type { StateEntry } from "../state/model.js";

/**
 * Another address state records with the same vendor object. Two addresses never hold one object
 * through scanform itself (read-back and `journal resolve` refuse it), but a hand-edited or older
 * state may: deleting one would delete the other's object. Indexed once per state.
 */
export function sharingIds(state: ReadonlyMap<Address, StateEntry>, entry: StateEntry): Address | undefined {
  let index = holdersOf.get(state);
  if (index === undefined) {
    index = new Map<string, Address[]>();
    for (const e of state.values()) {
      if (Object.keys(e.ids).length === 0) continue;
      const key = objectKey(e);
      const holders = index.get(key);
      if (holders) holders.push(e.address);
      else index.set(key, [e.address]);
    }
    holdersOf.set(state, index);
  }
  if (Object.keys(entry.ids).length === 0) return undefined;
  return index.get(objectKey(entry))?.find((a) => a !== entry.address);
}

const holdersOf = new WeakMap<ReadonlyMap<Address, StateEntry>, Map<string, Address[]>>();

const objectKey = (e: StateEntry): string => `${e.vendor}\u0000${e.kind}\u0000${JSON.stringify(Object.entries(e.ids).sort(([a], [b]) => (a < b ? -1 : 1)))}`;

export const idShared = (entry: StateEntry, other: Address, why: string): Diagnostic => ({
  code: "PLAN_ID_SHARED",
  severity: "error",
  message: `${entry.address} ${why}, but the state records its ${entry.vendor} object for ${other} too: deleting it would delete ${other}'s object.`,
  hint: `Forget the address that is not the object's with \`scanform state rm ${entry.address}\` (or \`${other}\`), then plan again.`,
});
