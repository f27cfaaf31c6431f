/**
 * import: what exists at a vendor and is not in state, as manifest resources that adopt it. Reads
 * only: nothing changes at the vendor and nothing is written to state; the next reviewed plan shows
 * each object as an `import` and its apply records it (Terraform's import blocks, as a plan action).
 */
import { digest } from "../core/json.js";
import { ScanformError } from "../core/errors.js";
import type { Ids, InventoryItem } from "../vendors/driver.js";
import type { Workspace } from "./workspace.js";

export interface ImportOptions {
  readonly vendor: string;
  /** Kinds to import (e.g. `scan`); every listable managed kind when empty. */
  readonly kinds: readonly string[];
  /** Only objects whose vendor name matches. */
  readonly name?: RegExp;
  readonly signal?: AbortSignal;
}

export interface ImportedResource {
  /** `<vendor>.<kind>.<key>`; the key is derived from the vendor's name, stable and unique. */
  readonly address: string;
  readonly kind: string;
  readonly key: string;
  /** The item, its references written as manifest keys. */
  readonly item: InventoryItem;
  /** A managed kind, adopted by the next apply; false for what is only looked up by name (data). */
  readonly adopt: boolean;
}

export interface ImportOutcome {
  readonly vendor: string;
  readonly resources: readonly ImportedResource[];
  /** Objects seen but left out: already in state or in the manifests. */
  readonly alreadyManaged: number;
  /** Objects left out because they name an object the vendor did not list, each as a sentence. */
  readonly skipped: readonly string[];
}

/** Resource keys start with a letter or digit and hold letters, digits, `-` and `_`, at most 100 (docs/manifest.md). */
const MAX_KEY = 100;

export async function importOperation(ws: Workspace, options: ImportOptions): Promise<ImportOutcome> {
  const driver = ws.drivers.get(options.vendor);
  if (!driver) throw new ScanformError("IMPORT_UNKNOWN_VENDOR", `scanform has no driver for the vendor ${options.vendor}.`, { hint: `Known vendors: ${[...ws.drivers.keys()].sort().join(", ")}.` });
  const kinds = Object.entries(driver.kinds).filter(([, k]) => k.readable);
  const listable = kinds.filter(([, k]) => k.mode === "managed").map(([kind]) => kind);
  const unknown = options.kinds.filter((k) => !listable.includes(k));
  if (unknown.length > 0) throw new ScanformError("IMPORT_KIND", `${options.vendor} has no kind scanform can list named ${unknown.join(", ")}.`, { hint: `Listable kinds: ${listable.join(", ") || "none"}.` });
  const session = ws.connect(options.vendor).session;
  if (session.inventory === undefined || listable.length === 0) {
    throw new ScanformError("IMPORT_UNSUPPORTED", `${options.vendor}'s API cannot list its objects, so scanform cannot import them.`, {
      hint: `Take over one object by its console id: \`scanform import --vendor ${options.vendor} --address ADDRESS --id ID\` (docs/import.md).`,
    });
  }
  const state = await ws.backend.read();
  const stateEntries = Object.values(state?.resources ?? {}).filter((e) => e.vendor === options.vendor);
  // The key an object already has: by the ids state recorded, else by its name in the manifests.
  const existing = new Map<string, string>(stateEntries.map((e) => [`${e.kind}\u0000${idsKey(e.ids)}`, keyOf(e.address)]));
  const declared = new Map(ws.desired.resources.filter((r) => r.vendor === options.vendor).map((r) => [`${r.kind}\u0000${String(r.spec["name"] ?? r.name)}`, r.name]));
  const taken = new Set([...ws.desired.resources.map((r) => r.address), ...stateEntries.map((e) => e.address)]);
  const items = await session.inventory(kinds.map(([kind]) => kind), options.signal);
  const byIds = new Map(items.map((item) => [itemKey(item), item]));
  const keyOfExisting = (item: InventoryItem): string | undefined => existing.get(itemKey(item)) ?? declared.get(`${item.kind}\u0000${name(item)}`);

  const wanted = options.kinds.length > 0 ? options.kinds : listable;
  const selected = new Set<InventoryItem>();
  let alreadyManaged = 0;
  for (const item of items) {
    if (!listable.includes(item.kind)) continue;
    if (keyOfExisting(item) !== undefined) alreadyManaged += 1;
    else if (wanted.includes(item.kind) && (!options.name || options.name.test(name(item)))) selected.add(item);
  }
  // What a selected object refers to comes along, whatever the filters, so the manifest validates.
  const skipped: string[] = [];
  for (const item of selected) {
    const targets = (item.refs ?? []).flatMap((ref) => ref.ids.map((ids) => ({ ref, ids, target: byIds.get(`${ref.kind}\u0000${idsKey(ids)}`) })));
    const missing = targets.find((t) => t.target === undefined);
    if (missing !== undefined) {
      selected.delete(item);
      skipped.push(`${item.comment}: it names ${missing.ref.kind} ${Object.values(missing.ids).join("/")}, which ${options.vendor} did not list`);
      continue;
    }
    for (const { target } of targets) if (target !== undefined && keyOfExisting(target) === undefined) selected.add(target);
  }

  const keys = new Map<string, string>();
  const ordered = [...selected].sort((a, b) => name(a).localeCompare(name(b)) || itemKey(a).localeCompare(itemKey(b)));
  for (const item of ordered) {
    const key = uniqueKey(`${options.vendor}.${item.kind}`, keyFrom(name(item)), taken);
    taken.add(`${options.vendor}.${item.kind}.${key}`);
    keys.set(itemKey(item), key);
  }
  const keyOfRef = (kind: string, ids: Ids): string => {
    const target = byIds.get(`${kind}\u0000${idsKey(ids)}`);
    return (target && keyOfExisting(target)) ?? keys.get(`${kind}\u0000${idsKey(ids)}`) ?? "";
  };
  const resources = ordered.map((item): ImportedResource => {
    const key = keys.get(itemKey(item)) ?? "";
    const spec = { ...item.spec };
    for (const ref of item.refs ?? []) {
      const refKeys = ref.ids.map((ids) => keyOfRef(ref.kind, ids));
      spec[ref.field] = ref.list ? refKeys.sort() : (refKeys[0] ?? null);
    }
    const adopt = listable.includes(item.kind);
    return { address: `${options.vendor}.${item.kind}.${key}`, kind: item.kind, key, item: { ...item, spec }, adopt };
  });
  return { vendor: options.vendor, resources, alreadyManaged, skipped };
}

const itemKey = (item: { readonly kind: string; readonly ids: Ids }): string => `${item.kind}\u0000${idsKey(item.ids)}`;
const keyOf = (address: string): string => address.split(".").slice(2).join(".");
const name = (item: InventoryItem): string => String(item.spec["name"] ?? "");
const idsKey = (ids: Ids): string => digest(ids);

/** `Corp perimeter (EU)` → `corp-perimeter-eu`. */
export function keyFrom(vendorName: string): string {
  const key = vendorName.normalize("NFKD").toLowerCase().replace(/[^a-z0-9_]+/g, "-").replace(/^[-_]+|-+$/g, "").slice(0, MAX_KEY - 6);
  return key === "" ? "imported" : key;
}

function uniqueKey(prefix: string, key: string, taken: ReadonlySet<string>): string {
  if (!taken.has(`${prefix}.${key}`)) return key;
  for (let n = 2; ; n += 1) if (!taken.has(`${prefix}.${key}-${n}`)) return `${key}-${n}`;
}
