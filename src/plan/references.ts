/**
 * References between resources are addresses stored as string values in specs (a schedule's
 * `webApps`, a web app's `defaultProfile`). State keeps no dependency list, so the dependents of a
 * removed resource are found by looking for its address in the specs state last applied.
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
