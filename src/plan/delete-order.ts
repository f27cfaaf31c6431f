/**
 * Deletes wait for their dependents: an object is deleted only after every change that stops
 * referring to it (the dependent's own delete, or an update that drops the reference) is applied,
 * e.g. a schedule before the web app it scanned.
 */
import type { Change } from "./change.js";
import { referencesIn } from "./references.js";

export function orderDeletes(changes: readonly Change[]): Change[] {
  return changes.map((c) => {
    if (c.action !== "delete") return c;
    const self = new Set([c.address]);
    const dependents = changes
      .filter((d) => d.address !== c.address && (d.action === "delete" || d.action === "update" || d.action === "replace"))
      .filter((d) => d.before !== null && referencesIn(d.before, self).size > 0)
      .map((d) => d.address);
    return dependents.length === 0 ? c : { ...c, dependsOn: [...new Set([...c.dependsOn, ...dependents])].sort() };
  });
}
