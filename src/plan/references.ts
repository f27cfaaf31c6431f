/**
 * References between resources are addresses stored as string values in specs (a schedule's
 * `webApps`, a web app's `defaultProfile`). State keeps no dependency list, so the dependents of a
 * removed resource are found by looking for its address in the specs as the vendor has them: what
 * observe read, or what state last applied for what the plan does not read.
 */
import type { Address } from "../core/address.js";
import type { JsonValue } from "../core/json.js";

/** Every string in `value`, at any depth, that is one of the `known` addresses. */
export function referencesIn(value: JsonValue, known: ReadonlySet<Address>): Set<Address> {
  const found = new Set<Address>();
  const walk = (v: JsonValue): void => {
    if (typeof v === "string") {
      if (known.has(v)) found.add(v);
    } else if (Array.isArray(v)) {
      for (const x of v) walk(x);
    } else if (v !== null && typeof v === "object") {
      for (const x of Object.values(v)) walk(x);
    }
  };
  walk(value);
  return found;
}

/** An object and its spec as the vendor has it: a change's `before`. */
export interface Holder {
  readonly address: Address;
  readonly spec: JsonValue;
}

/**
 * Who still refers to each of `targets`: the holders whose spec names it. Delete ordering and
 * `--target` follow this one relation, so a targeted delete takes along exactly the changes an
 * untargeted one waits for. Each spec is walked once, whatever the number of targets.
 */
export function referrers(holders: Iterable<Holder>, targets: ReadonlySet<Address>): Map<Address, Address[]> {
  const found = new Map<Address, Address[]>();
  for (const h of holders) {
    for (const target of referencesIn(h.spec, targets)) {
      if (target === h.address) continue;
      const list = found.get(target);
      if (list) list.push(h.address);
      else found.set(target, [h.address]);
    }
  }
  return found;
}
