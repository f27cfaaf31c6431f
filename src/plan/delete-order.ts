/**
 * Deletes wait for their dependents: an object is deleted only after every change that stops
 * referring to it (the dependent's own delete, or an update that drops the reference) is applied,
 * e.g. a schedule before the web app it scanned.
 */
import type { Change } from "./change.js";
import { referrers, type Holder } from "./references.js";

export function orderDeletes(changes: readonly Change[]): Change[] {
  const deleted = new Set(changes.filter((c) => c.action === "delete").map((c) => c.address));
  if (deleted.size === 0) return [...changes];
  const dependents = referrers(holders(changes), deleted);
  return changes.map((c) => {
    const waitFor = c.action === "delete" ? dependents.get(c.address) : undefined;
    return waitFor === undefined ? c : { ...c, dependsOn: [...new Set([...c.dependsOn, ...waitFor])].sort() };
  });
}

/** The changes that can stop referring to an object: a dependent's delete, update or replace, by the spec they start from. */
function* holders(changes: readonly Change[]): Generator<Holder> {
  for (const c of changes) if (c.before !== null && (c.action === "delete" || c.action === "update" || c.action === "replace")) yield { address: c.address, spec: c.before };
}
