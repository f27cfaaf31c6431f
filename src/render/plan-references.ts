/**
 * A reference is stored in a spec as the address it resolves to (`qualys.webApp.shop`), but the
 * manifest writes only the key (`shop`): the plan a person reads shows it as written. Only strings
 * that are addresses the plan knows are rewritten, so a value that merely looks like one is left.
 */
import { parseAddress, type Address } from "../core/address.js";
import type { JsonValue } from "../core/json.js";
import type { Plan } from "../plan/plan.js";

export type AsWritten = (value: JsonValue) => JsonValue;

export function asWritten(plan: Plan): AsWritten {
  const known = new Set<Address>(Object.keys(plan.manifest?.resources ?? {}));
  for (const c of plan.changes) {
    known.add(c.address);
    for (const d of c.dependsOn) known.add(d);
  }
  const rewrite = (v: JsonValue): JsonValue => {
    if (typeof v === "string") return known.has(v) ? (parseAddress(v)?.name ?? v) : v;
    if (Array.isArray(v)) return v.map(rewrite);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rewrite(x)]));
    return v;
  };
  return rewrite;
}
