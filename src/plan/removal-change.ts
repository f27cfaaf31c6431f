/**
 * The change for an object state holds whose block is gone from the manifests: delete, forget, or
 * an error when it is protected. An object already gone from the vendor is simply forgotten.
 */
import type { Diagnostic } from "../core/errors.js";
import type { StateEntry } from "../state/model.js";
import type { Change } from "./change.js";
import { comparesWithVendor, kindInfo, notObserved, unknownKind, type DiffContext, type Outcome } from "./diff-context.js";
import { changedOutside, deletedOutside } from "./drift.js";
import { maskSpec } from "./mask.js";
import { removalPolicy } from "./removal-policy.js";
import { idShared, sharingIds } from "./shared-ids.js";
import { identityOf } from "./respell.js";
import { unownedLostWarning, usedByWarning } from "./used-by.js";

export function removalChange(entry: StateEntry, ctx: DiffContext): Outcome {
  const kind = kindInfo(ctx, entry.vendor, entry.kind);
  if (!kind) return { error: unknownKind(entry.address, entry.vendor, entry.kind) };
  const readBack = comparesWithVendor(ctx, kind);
  if (readBack && !ctx.observedVendors.has(entry.vendor)) return { error: notObserved(entry.address, entry.vendor) };
  const observed = readBack ? ctx.observed.byState.get(entry.address) : undefined;
  const stillAtVendor = !readBack || observed !== undefined;
  const verdict = removalPolicy(entry, kind, stillAtVendor);
  if (verdict.verdict === "fail") return { error: verdict.diagnostic };
  const sharer = verdict.verdict === "delete" ? sharingIds(ctx.state, entry) : undefined;
  if (sharer !== undefined) return { error: idShared(entry, sharer, "was removed from the manifests") };
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
