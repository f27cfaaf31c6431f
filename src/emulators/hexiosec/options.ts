/** What a test, benchmark or `scanform emulate` may set on the Hexiosec emulator (`vendorOptions.hexiosec`). */
import { ScanformError } from "../../core/errors.js";
import type { IterationTiming } from "./iteration.js";
import type { GroupRecord } from "./store.js";

export interface HexiosecEmulatorOptions {
  /** The key the emulator accepts in `x-hexiosec-api-key`. */
  readonly apiKey?: string;
  /** Scan groups besides the two every tenant starts with ("Security", "Vendors"). */
  readonly groups?: readonly { readonly id: string; readonly name: string; readonly writable?: boolean }[];
  /** Milliseconds an iteration is `pending` (default 1000) and `running` (default 5000). */
  readonly pendingMs?: number;
  readonly runDurationMs?: number;
  /** The licence cap on seeds per scan (sheet §4: "capped by the licence plan"); default 1000. */
  readonly maxSeedsPerScan?: number;
  /** false: the tier has no IP ranges (sheet §4: "IP ranges are not on every plan"); default true. */
  readonly ipRanges?: boolean;
  /** Names of scans whose every iteration ends `failed`, so tests can reach that state with seeds in place. */
  readonly failingScans?: readonly string[];
}

export const EMULATOR_API_KEY = "hxs-emulator-7c1e4b2a9d0f";

/** Fixed ids so manifests may name a group by UUID; the first is the sheet's own example (§4). */
export const DEFAULT_GROUPS: readonly GroupRecord[] = [
  { id: "00000001-0001-0001-0001-000000000001", name: "Security", writable: true },
  { id: "00000002-0002-0002-0002-000000000002", name: "Vendors", writable: true },
];

export interface Settings {
  readonly apiKey: string;
  readonly groups: readonly GroupRecord[];
  readonly timing: IterationTiming;
  readonly maxSeedsPerScan: number;
  readonly ipRanges: boolean;
  readonly failingScans: ReadonlySet<string>;
}

export function resolveOptions(raw: Record<string, unknown> = {}): Settings {
  const o = raw as HexiosecEmulatorOptions;
  const bad = (field: string, want: string): never => {
    throw new ScanformError("EMULATOR_OPTIONS", `hexiosec emulator option ${field} must be ${want}`);
  };
  const count = (field: keyof HexiosecEmulatorOptions, fallback: number): number => {
    const v = raw[field];
    if (v === undefined) return fallback;
    return typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : bad(field, "a number of 0 or more");
  };
  if (o.apiKey !== undefined && (typeof o.apiKey !== "string" || o.apiKey === "")) bad("apiKey", "a non-empty string");
  if (o.ipRanges !== undefined && typeof o.ipRanges !== "boolean") bad("ipRanges", "true or false");
  if (o.groups !== undefined && !Array.isArray(o.groups)) bad("groups", "a list of {id, name}");
  if (o.failingScans !== undefined && (!Array.isArray(o.failingScans) || !o.failingScans.every((n) => typeof n === "string"))) bad("failingScans", "a list of scan names");
  const extra = (o.groups ?? []).map((g) => {
    if (typeof g?.id !== "string" || typeof g.name !== "string") bad("groups", "a list of {id, name}");
    return { id: g.id, name: g.name, writable: g.writable !== false };
  });
  return {
    apiKey: o.apiKey ?? EMULATOR_API_KEY,
    groups: [...DEFAULT_GROUPS, ...extra],
    timing: { pendingMs: count("pendingMs", 1000), runDurationMs: count("runDurationMs", 5000) },
    maxSeedsPerScan: count("maxSeedsPerScan", 1000),
    ipRanges: o.ipRanges ?? true,
    failingScans: new Set(o.failingScans ?? []),
  };
}
