/**
 * `adopt: {id}` takes an object over by its id alone, for a kind the vendor cannot list or read
 * (a Cortex definition): nothing at the vendor says whose it is, so the plan checks that no other
 * address holds it. Otherwise the import overwrites the other resource's object, two state entries
 * point at one object, and every later plan says "No changes" for a resource whose object is gone.
 */
import type { Address } from "../core/address.js";
import type { Diagnostic } from "../core/errors.js";
import type { DesiredResource } from "../manifest/model.js";
import type { StateEntry } from "../state/model.js";
import { kindInfo, type DiffContext } from "./diff-context.js";

export function adoptIdConflicts(resources: Iterable<DesiredResource>, inScope: (address: Address) => boolean, ctx: DiffContext): Diagnostic[] {
  const errors: Diagnostic[] = [];
  const firstAdopter = new Map<string, Address>();
  for (const r of resources) {
    const id = r.options.adoptId;
    if (id === undefined || ctx.state.has(r.address) || !inScope(r.address)) continue;
    const by = kindInfo(ctx, r.vendor, r.kind)?.adoptById;
    if (by === undefined) continue;
    // The vendor's ids, not the id as written: `0100` and `100` can name one object.
    const ids = by.ids(id);
    const owner = holderOf(ctx.state, r, ids);
    if (owner !== undefined) {
      errors.push({
        code: "PLAN_ADOPT_ID_MANAGED",
        severity: "error",
        message: `${r.address}: adopt: {id: ${id}} names the ${r.kind} that state already holds for ${owner.address}; adopting it would overwrite that resource's object.`,
        hint: `To rename ${owner.address}, use a \`moved:\` block (from: ${owner.address}, to: ${r.address}) instead of adopt; to take over another object, correct the id.`,
        source: r.source,
      });
      continue;
    }
    const key = JSON.stringify([r.vendor, r.kind, Object.entries(ids).sort()]);
    const first = firstAdopter.get(key);
    if (first === undefined) {
      firstAdopter.set(key, r.address);
      continue;
    }
    errors.push({
      code: "PLAN_ADOPT_ID_TWICE",
      severity: "error",
      message: `${r.address}: adopt: {id: ${id}} names the ${r.kind} that ${first} adopts too; one object can belong to one address only.`,
      hint: "Correct the id in one of the two blocks.",
      source: r.source,
    });
  }
  return errors;
}

function holderOf(state: ReadonlyMap<Address, StateEntry>, r: DesiredResource, ids: Readonly<Record<string, string>>): StateEntry | undefined {
  for (const e of state.values()) {
    if (e.address === r.address || e.vendor !== r.vendor || e.kind !== r.kind) continue;
    if (holdsIds(e.ids, ids)) return e;
  }
  return undefined;
}

/** Whether a state entry's ids include every id the vendor gave for what a person wrote. */
export const holdsIds = (held: Readonly<Record<string, string>>, wanted: Readonly<Record<string, string>>): boolean =>
  Object.entries(wanted).every(([k, v]) => Object.hasOwn(held, k) && held[k] === v);
