/**
 * The change for an object state holds whose block is gone from the manifests: delete, forget, or
 * an error when it is protected. An object already gone from the vendor is simply forgotten.
 */
import type { Address } from "../core/address.js";
import type { Diagnostic } from "../core/errors.js";
import type { StateEntry } from "../state/model.js";
import type { Change } from "./change.js";
import { comparesWithVendor, kindInfo, notObserved, unknownKind, type DiffContext, type Outcome } from "./diff-context.js";
import { changedOutside, deletedOutside } from "./drift.js";
import { maskSpec } from "./mask.js";
import { removalPolicy } from "./removal-policy.js";
import { identityOf } from "./respell.js";
import { unownedLostWarning, usedByWarning } from "./used-by.js";

export function removalChange(entry: StateEntry, ctx: DiffContext): Outcome {
  const kind = kindInfo(ctx, entry.vendor, entry.kind);
  if (!kind) return { error: unknownKind(entry.address, entry.vendor, entry.kind) };
  const sharer = sharingIds(ctx.state, entry);
  if (sharer !== undefined) return { error: idShared(entry, sharer) };
  const readBack = comparesWithVendor(ctx, kind);
  if (readBack && !ctx.observedVendors.has(entry.vendor)) return { error: notObserved(entry.address, entry.vendor) };
  const observed = readBack ? ctx.observed.byState.get(entry.address) : undefined;
  const stillAtVendor = !readBack || observed !== undefined;
  const verdict = removalPolicy(entry, kind, stillAtVendor);
  if (verdict.verdict === "fail") return { error: verdict.diagnostic };
  const drift = !readBack ? undefined : observed ? changedOutside(entry, observed, kind.fields, [], identityOf(ctx.addressIdentity, observed)) : deletedOutside(entry.address);
  const common = {
    address: entry.address,
    vendor: entry.vendor,
    kind: entry.kind,
    dependsOn: [],
    ids: { ...entry.ids, ...observed?.ids },
    notes: observed?.notes ?? [],
    launchAfter: false,
    before: maskSpec(observed?.spec ?? entry.spec),
    after: null,
    diffs: [],
  };
  const change: Change =
    verdict.verdict === "delete" ? { ...common, action: "delete", reason: "removed from the manifests" } : { ...common, action: "forget", reason: verdict.reason };
  const warnings = (verdict.verdict === "forget" ? [verdict.warning] : [usedByWarning(entry.address, entry.vendor, "deleted", observed), unownedLostWarning(entry.address, "deleted", observed)]).filter(
    (w): w is Diagnostic => w !== undefined,
  );
  return { change, ...(drift ? { drift } : {}), ...(warnings.length > 0 ? { warnings } : {}) };
}

/**
 * Another address state records with the same vendor object. Two addresses never hold one object
 * through scanform itself (read-back and `journal resolve` refuse it), but a hand-edited or older
 * state may: deleting one would delete the other's object. Indexed once per state.
 */
function sharingIds(state: ReadonlyMap<Address, StateEntry>, entry: StateEntry): Address | undefined {
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

const idShared = (entry: StateEntry, other: Address): Diagnostic => ({
  code: "PLAN_ID_SHARED",
  severity: "error",
  message: `${entry.address} was removed from the manifests, but the state records its ${entry.vendor} object for ${other} too: deleting it would delete ${other}'s object.`,
  hint: `Forget the address that is not the object's with \`scanform state rm ${entry.address}\` (or \`${other}\`), then plan again.`,
});
