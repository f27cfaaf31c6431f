/**
 * import: what exists at a vendor and is not in state, as manifest resources that adopt it. Reads
 * only: nothing changes at the vendor and nothing is written to state; the next reviewed plan shows
 * each object as an `import` and its apply records it (Terraform's import blocks, as a plan action).
 */
import { digest } from "../core/json.js";
import { ScanformError } from "../core/errors.js";
import type { JsonValue } from "../core/json.js";
import type { Ids, InventoryItem, InventoryRef } from "../vendors/driver.js";
import type { Workspace } from "./workspace.js";

export interface ImportOptions {
  readonly vendor: string;
  /** Kinds to import (e.g. `scan`); every listable managed kind when empty. */
  readonly kinds: readonly string[];
  /** Only objects whose vendor name matches. */
  readonly name?: RegExp;
  readonly signal?: AbortSignal;
  /**
   * Why the manifests would refuse this object as import writes it (its references as placeholder
   * keys), or nothing: the object is then left out with that reason rather than written.
   */
  readonly refusal?: (resource: ImportedResource) => string | undefined;
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
  /** Objects left out, each once, as a sentence saying why: a manifest could not hold them as they are. */
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
  const items = await session.inventory(kinds.map(([kind]) => kind), options.signal);
  const byIds = new Map(items.map((item) => [itemKey(item), item]));
  const named = groupBy(items, nameKey);
  const shared = (item: InventoryItem): readonly InventoryItem[] => named.get(nameKey(item)) ?? [];
  // The key an object already has: by the ids state recorded, else by its name in the manifests,
  // which finds it only when no other object of its kind has that name.
  const existing = new Map<string, string>(stateEntries.map((e) => [`${e.kind}\u0000${idsKey(e.ids)}`, keyOf(e.address)]));
  const declared = new Map(ws.desired.resources.filter((r) => r.vendor === options.vendor).map((r) => [`${r.kind}\u0000${String(r.spec["name"] ?? r.name)}`, r.name]));
  const keyOfExisting = (item: InventoryItem): string | undefined => existing.get(itemKey(item)) ?? (shared(item).length > 1 ? undefined : declared.get(nameKey(item)));
  const taken = new Set([...ws.desired.resources.map((r) => r.address), ...stateEntries.map((e) => e.address)]);

  // Why each object not managed yet cannot be written, by itself first: a manifest that held it
  // would fail validate, and import never writes a file validate refuses.
  const leftOut = new Map<InventoryItem, string>();
  for (const item of items) {
    if (keyOfExisting(item) !== undefined) continue;
    const own = templateIn(options.vendor, item.spec) ?? options.refusal?.(placeholder(options.vendor, item, listable.includes(item.kind)));
    const reason = sharedName(options.vendor, shared(item)) ?? (own === undefined ? undefined : `${item.comment}: ${own}`);
    if (reason !== undefined) leftOut.set(item, reason);
  }
  // Then to a fixed point: an object is importable only if all it names is managed or importable.
  const importable = new Set(items.filter((item) => keyOfExisting(item) === undefined && !leftOut.has(item)));
  for (let changed = true; changed; ) {
    changed = false;
    for (const item of importable) {
      const reason = unimportableRef(item);
      if (reason === undefined) continue;
      importable.delete(item);
      leftOut.set(item, `${item.comment}: ${reason}`);
      changed = true;
    }
  }
  function unimportableRef(item: InventoryItem): string | undefined {
    for (const { ref, ids, target } of targetsOf(item)) {
      if (target === undefined) return `it names ${ref.kind} ${Object.values(ids).join("/")}, which ${options.vendor} did not list`;
      if (keyOfExisting(target) === undefined && !importable.has(target)) return `it names ${ref.kind} ${Object.values(ids).join("/")}, which is left out (${target.comment})`;
    }
    return undefined;
  }
  function targetsOf(item: InventoryItem): { ref: InventoryRef; ids: Ids; target: InventoryItem | undefined }[] {
    return (item.refs ?? []).flatMap((ref) => ref.ids.map((ids) => ({ ref, ids, target: byIds.get(`${ref.kind}\u0000${idsKey(ids)}`) })));
  }

  const wanted = options.kinds.length > 0 ? options.kinds : listable;
  const byName = [...items].sort((a, b) => name(a).localeCompare(name(b)) || itemKey(a).localeCompare(itemKey(b)));
  const selected = new Set<InventoryItem>();
  const skipped = new Set<string>();
  const reported = new Set<InventoryItem>();
  // What a selected object refers to comes along, whatever the filters, so the manifest validates.
  const select = (item: InventoryItem): void => {
    if (selected.has(item)) return;
    selected.add(item);
    for (const { target } of targetsOf(item)) if (target !== undefined && importable.has(target)) select(target);
  };
  // A left-out object is reported once, after what it names that is left out too.
  const report = (item: InventoryItem): void => {
    if (reported.has(item)) return;
    reported.add(item);
    for (const { target } of targetsOf(item)) if (target !== undefined && leftOut.has(target)) report(target);
    skipped.add(leftOut.get(item) ?? item.comment);
  };
  let alreadyManaged = 0;
  for (const item of byName) {
    if (!listable.includes(item.kind)) continue;
    if (keyOfExisting(item) !== undefined) alreadyManaged += 1;
    else if (!wanted.includes(item.kind) || (options.name && !options.name.test(name(item)))) continue;
    else if (importable.has(item)) select(item);
    else report(item);
  }

  const keys = new Map<string, string>();
  const ordered = byName.filter((item) => selected.has(item));
  for (const item of ordered) {
    const key = uniqueKey(`${options.vendor}.${item.kind}`, keyFrom(name(item)), taken);
    taken.add(`${options.vendor}.${item.kind}.${key}`);
    keys.set(itemKey(item), key);
  }
  const keyOfRef = (kind: string, ids: Ids): string => {
    const target = byIds.get(`${kind}\u0000${idsKey(ids)}`);
    const key = target === undefined ? undefined : (keyOfExisting(target) ?? keys.get(itemKey(target)));
    // The fixed point above leaves out whatever names an object without a key: this is a bug.
    if (key === undefined) throw new ScanformError("IMPORT_REFERENCE", `import found no manifest key for ${options.vendor} ${kind} ${Object.values(ids).join("/")}, which an imported object names.`, { hint: "This is a scanform bug; nothing was written. Report it, and import with --name or --kind to leave that object out meanwhile." });
    return key;
  };
  const resources = ordered.map((item): ImportedResource => {
    const key = keys.get(itemKey(item)) ?? keyFrom(name(item));
    return { address: `${options.vendor}.${item.kind}.${key}`, kind: item.kind, key, item: withRefs(item, keyOfRef), adopt: listable.includes(item.kind) };
  });
  return { vendor: options.vendor, resources, alreadyManaged, skipped: [...skipped] };
}

/** The item with each reference written as the manifest key `keyOfRef` gives it. */
function withRefs(item: InventoryItem, keyOfRef: (kind: string, ids: Ids) => string): InventoryItem {
  const spec = { ...item.spec };
  for (const ref of item.refs ?? []) {
    const refKeys = ref.ids.map((ids) => keyOfRef(ref.kind, ids));
    spec[ref.field] = ref.list ? refKeys.sort() : (refKeys[0] ?? null);
  }
  return { ...item, spec };
}

/** The item as import would write it, before keys are known: every reference a valid key. */
function placeholder(vendor: string, item: InventoryItem, adopt: boolean): ImportedResource {
  const key = keyFrom(name(item));
  return { address: `${vendor}.${item.kind}.${key}`, kind: item.kind, key, item: withRefs(item, () => "imported"), adopt };
}

/**
 * A manifest finds an object by its name (adopt, the plan's lookups, MANIFEST_DUPLICATE_NAME), so
 * objects of one kind that share a name cannot be told apart there: none of them is written.
 */
function sharedName(vendor: string, group: readonly InventoryItem[]): string | undefined {
  const [first] = group;
  if (first === undefined || group.length < 2) return undefined;
  return `${vendor} ${first.kind}s named ${JSON.stringify(name(first))} (ids ${group.map((i) => Object.values(i.ids).join("/")).join(", ")}): ${group.length} objects share that name, and a manifest finds an object by its name; rename all but one at ${vendor}, then import again`;
}

/** `${` anywhere in a resource is an environment reference to the manifest, and it has no escape. */
function templateIn(vendor: string, spec: Readonly<Record<string, JsonValue>>): string | undefined {
  const holds = (v: JsonValue): boolean => (typeof v === "string" ? v.includes("${") : Array.isArray(v) ? v.some(holds) : v !== null && typeof v === "object" ? Object.values(v).some(holds) : false);
  const field = Object.keys(spec).find((f) => holds(spec[f] ?? null));
  if (field === undefined) return undefined;
  const change = field === "name" ? "rename it" : `change its ${field}`;
  return `its ${field} holds "\${", which a manifest reads as an environment reference and cannot escape; ${change} at ${vendor}, then import again`;
}

function groupBy<T>(values: readonly T[], keyOf: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const v of values) groups.set(keyOf(v), [...(groups.get(keyOf(v)) ?? []), v]);
  return groups;
}

const itemKey = (item: { readonly kind: string; readonly ids: Ids }): string => `${item.kind}\u0000${idsKey(item.ids)}`;
const keyOf = (address: string): string => address.split(".").slice(2).join(".");
const name = (item: InventoryItem): string => String(item.spec["name"] ?? "");
const nameKey = (item: InventoryItem): string => `${item.kind}\u0000${name(item)}`;
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
