/**
 * Deletes wait for their dependents: an object is deleted only after every change that stops
 * referring to it (the dependent's own delete, or an update that drops the reference) is applied,
 * e.g. a schedule before the web app it scanned.
 */
import type { Address } from "../core/address.js";
import type { Change } from "./change.js";
import { referencesIn } from "./references.js";

export function orderDeletes(changes: readonly Change[]): Change[] {
  const deleted = new Set(changes.filter((c) => c.action === "delete").map((c) => c.address));
  if (deleted.size === 0) return [...changes];
  // Each spec is walked once for every deleted address, not once per delete: removing many blocks
  // from a large configuration would otherwise cost deletes × changes walks.
  const dependents = new Map<Address, Address[]>();
  for (const d of changes) {
    if (d.before === null || (d.action !== "delete" && d.action !== "update" && d.action !== "replace")) continue;
    for (const target of referencesIn(d.before, deleted)) {
      if (target === d.address) continue;
      const list = dependents.get(target);
      if (list) list.push(d.address);
      else dependents.set(target, [d.address]);
    }
  }
  return changes.map((c) => {
    const waitFor = c.action === "delete" ? dependents.get(c.address) : undefined;
    return waitFor === undefined ? c : { ...c, dependsOn: [...new Set([...c.dependsOn, ...waitFor])].sort() };
  });
}
