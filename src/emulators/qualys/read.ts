/**
 * Reading values out of a request tree that validate.ts has already checked against schema.ts, so
 * types are known to be well-formed here; only the meaning is left to check.
 */
import { QpsError } from "./envelope.js";
import type { ScannerRef } from "./store.js";
import { child, childrenNamed, type XNode } from "./xml-in.js";

export const textAt = (node: XNode, name: string): string | undefined => child(node, name)?.text;

export const numberAt = (node: XNode, name: string): number | undefined => {
  const v = child(node, name);
  return v === undefined ? undefined : Number(v.text.trim());
};

export const boolAt = (node: XNode, name: string): boolean | undefined => {
  const v = child(node, name);
  return v === undefined ? undefined : ["true", "1"].includes(v.text.trim());
};

/** `<name><id>N</id></name>` → N. */
export function idRefAt(node: XNode, name: string): number | undefined {
  const ref = child(node, name);
  if (ref === undefined) return undefined;
  const id = numberAt(ref, "id");
  if (id === undefined) throw new QpsError("INVALID_REQUEST", `Missing id in ${name}.`, `Specify ${name}.id.`);
  return id;
}

export function required<T>(value: T | undefined, field: string, what: string): T {
  if (value === undefined || (typeof value === "string" && value.trim() === "")) {
    throw new QpsError("INVALID_REQUEST", `Missing required field '${field}' for ${what}.`, `Specify ${field}.`);
  }
  return value;
}

const idsOf = (list: XNode | undefined, item: string): number[] =>
  list === undefined ? [] : childrenNamed(list, item).map((i) => required(numberAt(i, "id"), `${item}.id`, item));

/**
 * Applies a write QList (`set`, then `add`, then `remove`: vendors/qualys.md §2.3) to `current`.
 * `exists` checks that every referenced id names an object of the tenant.
 */
export function applyIdList(current: readonly number[], list: XNode, item: string, exists: (id: number) => boolean): number[] {
  const set = child(list, "set");
  const added = idsOf(child(list, "add"), item);
  const incoming = [...(set === undefined ? [] : idsOf(set, item)), ...added];
  const missing = incoming.find((id) => !exists(id));
  if (missing !== undefined) throw new QpsError("INVALID_REQUEST", `${item} with id ${missing} does not exist.`, `Specify the id of an existing ${item}.`);
  const removed = new Set(idsOf(child(list, "remove"), item));
  const base = set === undefined ? current : idsOf(set, item);
  return [...new Set([...base, ...added])].filter((id) => !removed.has(id));
}

/** The same QList semantics over text items (`EmailAddress`), keyed by their value. */
export function applyTextList(current: readonly string[], list: XNode, item: string): string[] {
  const values = (part: string): string[] => {
    const node = child(list, part);
    return node === undefined ? [] : childrenNamed(node, item).map((n) => n.text.trim());
  };
  const set = child(list, "set");
  const removed = new Set(values("remove"));
  return [...new Set([...(set === undefined ? current : values("set")), ...values("add")])].filter((v) => !removed.has(v));
}

/** `scannerAppliance` / `defaultScanner`: EXTERNAL, or INTERNAL with the appliance's friendlyName. */
export function readScanner(node: XNode | undefined): ScannerRef | undefined {
  if (node === undefined) return undefined;
  const type = (textAt(node, "type")?.trim() ?? "EXTERNAL") as ScannerRef["type"];
  const friendlyName = textAt(node, "friendlyName");
  if (type === "INTERNAL" && friendlyName === undefined) {
    throw new QpsError("INVALID_REQUEST", "An INTERNAL scanner appliance needs a friendlyName.", "Specify scannerAppliance.friendlyName, or type EXTERNAL.");
  }
  return friendlyName === undefined ? { type } : { type, friendlyName };
}
