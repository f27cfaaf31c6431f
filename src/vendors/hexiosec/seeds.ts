/**
 * Seeds as scanform sees them: compared as sets of normalised values (src/manifest/targets.ts), and
 * owned only when tagged `scanform` (sheet decisions): untagged seeds belong to someone else, so
 * they are never removed, and are reported in notes rather than in the spec.
 */
import { firstOf } from "../../core/arrays.js";
import { ScanformError } from "../../core/errors.js";
import { quoteVendorText } from "../../http/limits.js";
import { normaliseTarget } from "../../manifest/targets.js";
import { MANAGED_TAG, SEED_TYPE_OF, type AddSeedBody, type SeedWire } from "./api.js";

/** The value a vendor seed is compared by; a value scanform cannot read is compared as written. */
export function seedValue(seed: SeedWire): string {
  const n = normaliseTarget(seed.name);
  return n.ok ? n.value : seed.name.trim().toLowerCase();
}

export const isManaged = (seed: SeedWire): boolean => (seed.tags ?? []).includes(MANAGED_TAG);

/** The add-seed body for a manifest seed value: its vendor type, and the `scanform` tag. */
export function seedBody(value: string): AddSeedBody {
  const n = normaliseTarget(value);
  if (!n.ok) throw new ScanformError("VENDOR_VALIDATION", `hexiosec: seed ${JSON.stringify(value)} cannot be sent: ${n.message}`);
  return { name: n.value, type: SEED_TYPE_OF[n.type], tags: [MANAGED_TAG] };
}

export interface SeedView {
  /** Values in the spec: every tagged seed, plus untagged ones the manifest also asks for (they are present). */
  readonly values: readonly string[];
  /** Untagged values, sorted: left alone. */
  readonly unmanaged: readonly string[];
}

/**
 * An untagged seed the manifest lists counts as present: the vendor already scans it, and adding
 * it again would be refused as a duplicate. Without this the plan would show it as an add forever.
 */
export function viewSeeds(seeds: readonly SeedWire[], wanted: readonly string[] | undefined): SeedView {
  const want = new Set(wanted ?? []);
  const values = new Set<string>();
  const unmanaged = new Set<string>();
  for (const seed of seeds) {
    const v = seedValue(seed);
    if (isManaged(seed)) values.add(v);
    else {
      unmanaged.add(v);
      if (want.has(v)) values.add(v);
    }
  }
  return { values: [...values].sort(), unmanaged: [...unmanaged].sort() };
}

export function unmanagedNote(unmanaged: readonly string[]): string | undefined {
  if (unmanaged.length === 0) return undefined;
  const { counted, named } = untagged(unmanaged);
  return `${counted} ${unmanaged.length === 1 ? "is" : "are"} left alone: ${named}`;
}

/** The untagged seeds as a phrase for the plan's warning when the scan, and they with it, is deleted or replaced. */
export function unmanagedHeld(unmanaged: readonly string[]): string {
  const { counted, named } = untagged(unmanaged);
  return `${counted} (${named})`;
}

function untagged(unmanaged: readonly string[]): { readonly counted: string; readonly named: string } {
  const n = unmanaged.length === 1 ? "1 seed" : `${unmanaged.length} seeds`;
  // The values are the vendor's words where scanform cannot read them as a target: quoted inert.
  return { counted: `${n} without the ${MANAGED_TAG} tag`, named: firstOf(unmanaged.map((v) => quoteVendorText(v, 253))) };
}

export interface SeedChanges {
  /** Manifest values no seed at the vendor has. */
  readonly add: readonly string[];
  /** Tagged seeds the manifest no longer lists. Untagged ones are never here. */
  readonly remove: readonly SeedWire[];
}

export function seedChanges(wanted: readonly string[], present: readonly SeedWire[]): SeedChanges {
  const want = new Set(wanted);
  const have = new Set(present.map(seedValue));
  return {
    add: wanted.filter((v) => !have.has(v)),
    remove: present.filter((s) => isManaged(s) && !want.has(seedValue(s))),
  };
}
