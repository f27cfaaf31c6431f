/**
 * References and vendor-chosen spellings compare by what they resolve to, not by how they are
 * written. Two addresses name one vendor object when state or observation gives them the same ids
 * (two profile keys for one Qualys profile); a driver says which values of a field name one object
 * (a Hexiosec group's UUID and its name). Before two specs are compared, the older one is written
 * in the newer one's words, so only real differences remain.
 */
import type { Address } from "../core/address.js";
import { parseAddress } from "../core/address.js";
import { canonicalJson, type JsonObject, type JsonValue } from "../core/json.js";
import type { StateEntry } from "../state/model.js";
import type { FieldRule, ObservedObject } from "../vendors/driver.js";
import type { FieldDiff, Spec } from "./change.js";
import type { ObservedIndex } from "./observed-index.js";
import { diffFields } from "./field-diff.js";

/** The identity of a value of `field`, when it names a vendor object; values with one identity are equal. */
export type Identity = (field: string, value: string) => string | undefined;

/** The identity of an address, by the vendor ids state and observation know for it. */
export type AddressIdentity = (address: string) => string | undefined;

/**
 * Address identities, each worked out when first asked: a comparison asks only where two specs
 * differ, and working out all of them at the first question cost a 10,000-resource diff 36 ms of
 * its 192 (the bench's validate+diff). An object found by name outranks one found by state's ids,
 * which outranks the ids state recorded.
 */
export function addressIdentities(state: ReadonlyMap<Address, StateEntry>, observed: ObservedIndex): AddressIdentity {
  const known = new Map<string, string | undefined>();
  return (address) => {
    if (known.has(address)) return known.get(address);
    const ids = [observed.byName.get(address)?.ids, observed.byState.get(address)?.ids, state.get(address)?.ids].find((x) => x !== undefined && Object.keys(x).length > 0);
    const parts = ids === undefined ? undefined : parseAddress(address);
    const identity = parts === undefined || ids === undefined ? undefined : `${parts.vendor}.${parts.kind}#${canonicalJson(ids)}`;
    known.set(address, identity);
    return identity;
  };
}

/**
 * Address identities, and within one observed object the values its driver says are the same,
 * gathered on the first question: most specs match as written and never ask.
 */
export function identityOf(addressIdentity: AddressIdentity, object?: Pick<ObservedObject, "sameAs">): Identity {
  let scoped: Map<string, string> | undefined;
  return (field, value) => {
    if (scoped === undefined) {
      scoped = new Map();
      for (const same of object?.sameAs ?? []) for (const v of same.values) scoped.set(`${same.field}\u0000${v}`, `${same.field}\u0000${same.values[0] ?? ""}`);
    }
    return scoped.get(`${field}\u0000${value}`) ?? addressIdentity(value);
  };
}

/** `before` with every value that has the identity of a value in the same field of `after` written as `after` writes it. */
export function respell(before: Spec, after: Spec, identity: Identity): Spec {
  let out: Record<string, JsonValue> | undefined;
  for (const field of Object.keys(before)) {
    const spelled = new Map<string, string>();
    strings(after[field], (s) => {
      const id = identity(field, s);
      if (id !== undefined) spelled.set(id, s);
    });
    if (spelled.size === 0) continue;
    const value = before[field];
    if (value === undefined) continue;
    const rewritten = rewrite(value, (s) => {
      const id = identity(field, s);
      return (id === undefined ? undefined : spelled.get(id)) ?? s;
    });
    if (rewritten !== value) (out ??= { ...before })[field] = rewritten;
  }
  return out ?? before;
}

/** diffFields of `before` written in `after`'s words; a spec without differences is never rewritten. */
export function diffResolved(before: Spec, after: Spec, rules: Readonly<Record<string, FieldRule>>, ignore: readonly string[], identity: Identity): { before: Spec; diffs: FieldDiff[] } {
  const diffs = diffFields(before, after, rules, ignore);
  if (diffs.length === 0) return { before, diffs };
  const spelled = respell(before, after, identity);
  return spelled === before ? { before, diffs } : { before: spelled, diffs: diffFields(spelled, after, rules, ignore) };
}

function strings(value: JsonValue | undefined, visit: (s: string) => void): void {
  if (typeof value === "string") visit(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, visit);
  else if (value !== null && typeof value === "object") for (const v of Object.values(value)) strings(v, visit);
}

function rewrite(value: JsonValue, f: (s: string) => string): JsonValue {
  if (typeof value === "string") return f(value);
  if (Array.isArray(value)) {
    const items = value.map((v) => rewrite(v, f));
    return items.some((v, i) => v !== value[i]) ? items : value;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).map(([k, v]) => [k, rewrite(v, f)] as const);
    return entries.some(([k, v]) => v !== (value as JsonObject)[k]) ? Object.fromEntries(entries) : value;
  }
  return value;
}
