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
  readonly item: InventoryItem;
}

export interface ImportOutcome {
  readonly vendor: string;
  readonly resources: readonly ImportedResource[];
  /** Objects seen but left out: already in state or in the manifests. */
  readonly alreadyManaged: number;
}

/** Resource keys start with a letter or digit and hold letters, digits, `-` and `_`, at most 100 (docs/manifest.md). */
const MAX_KEY = 100;

export async function importOperation(ws: Workspace, options: ImportOptions): Promise<ImportOutcome> {
  const driver = ws.drivers.get(options.vendor);
  if (!driver) throw new ScanformError("IMPORT_UNKNOWN_VENDOR", `scanform has no driver for the vendor ${options.vendor}.`, { hint: `Known vendors: ${[...ws.drivers.keys()].sort().join(", ")}.` });
  const listable = Object.entries(driver.kinds).filter(([, k]) => k.mode === "managed" && k.readable).map(([kind]) => kind);
  const unknown = options.kinds.filter((k) => !listable.includes(k));
  if (unknown.length > 0) throw new ScanformError("IMPORT_KIND", `${options.vendor} has no kind scanform can list named ${unknown.join(", ")}.`, { hint: `Listable kinds: ${listable.join(", ") || "none"}.` });
  const session = ws.connect(options.vendor).session;
  if (session.inventory === undefined || listable.length === 0) {
    throw new ScanformError("IMPORT_UNSUPPORTED", `${options.vendor}'s API cannot list its objects, so scanform cannot import them.`, {
      hint: "Write the resource in a manifest yourself; for a Cortex definition, record its id with `scanform state journal resolve` or create it anew.",
    });
  }
  const state = await ws.backend.read();
  const known = new Set(Object.values(state?.resources ?? {}).filter((e) => e.vendor === options.vendor).map((e) => idsKey(e.ids)));
  const declared = new Set(ws.desired.resources.filter((r) => r.vendor === options.vendor).map((r) => `${r.kind}\u0000${String(r.spec["name"] ?? r.name)}`));
  const taken = new Set(ws.desired.resources.map((r) => r.address));
  const items = await session.inventory(options.kinds.length > 0 ? options.kinds : listable, options.signal);
  const resources: ImportedResource[] = [];
  let alreadyManaged = 0;
  for (const item of [...items].sort((a, b) => name(a).localeCompare(name(b)) || idsKey(a.ids).localeCompare(idsKey(b.ids)))) {
    if (known.has(idsKey(item.ids)) || declared.has(`${item.kind}\u0000${name(item)}`)) {
      alreadyManaged += 1;
      continue;
    }
    if (options.name && !options.name.test(name(item))) continue;
    const key = uniqueKey(`${options.vendor}.${item.kind}`, keyFrom(name(item)), taken);
    const address = `${options.vendor}.${item.kind}.${key}`;
    taken.add(address);
    resources.push({ address, kind: item.kind, key, item });
  }
  return { vendor: options.vendor, resources, alreadyManaged };
}

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
