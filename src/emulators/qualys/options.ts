/**
 * Options of the Qualys emulator. They may arrive as JSON (`startEmulators({ vendorOptions })`,
 * `scanform emulate`), so they are read defensively and everything has a default.
 */
import type { EmuClock, EmuRandom } from "../core/types.js";
import { readCallBudget, type CallBudgetOption } from "./budget.js";
import type { ScanOutcomeStatus, Store } from "./store.js";

export interface ScanOutcomeOption {
  readonly status?: ScanOutcomeStatus;
  /** e.g. `NO_HOST_ALIVE`: a FINISHED scan that did not succeed (vendors/qualys.md §10). */
  readonly resultsStatus?: string;
  /** Vulnerabilities by level 1..5; otherwise drawn from the seed. */
  readonly vulns?: readonly [number, number, number, number, number];
}

export interface QualysEmulatorOptions {
  readonly username?: string;
  readonly password?: string;
  /** From launch to the end of a scan (default 120 s). */
  readonly runDurationMs?: number;
  /** How long a launched scan stays SUBMITTED before RUNNING (default a tenth of the run). */
  readonly submittedMs?: number;
  /** Concurrent running scans per account before launch answers INVALID_REQUEST (default 10, §4). */
  readonly maxRunningScans?: number;
  /** AM tags shipped besides `prod`, `pci` and `staging`. */
  readonly tags?: readonly string[];
  /** Option profiles shipped besides `Initial WAS Options`. */
  readonly profiles?: readonly string[];
  /** How scans of a web app (by name) end; default FINISHED / SUCCESSFUL. */
  readonly outcomes?: Readonly<Record<string, ScanOutcomeOption>>;
  /** false: the user lacks API access, every call answers UNAUTHORIZED (§4). */
  readonly apiAccess?: boolean;
  /** A subscription budget enforced and advertised as the VM/PC API does (§5), e.g. `{ calls: 300, windowSec: 3600 }`; off by default. */
  readonly callBudget?: CallBudgetOption;
  /**
   * false: `search/was/wasscan` answers scans without `<summary>`, which only the status call then
   * carries (§10 documents it there; whether a search carries it is open, §14.6). Default true.
   */
  readonly scanSearchSummary?: boolean;
}

export interface Resolved {
  readonly username: string;
  readonly password: string;
  readonly runDurationMs: number;
  readonly submittedMs: number;
  readonly maxRunningScans: number;
  readonly tags: readonly string[];
  readonly profiles: readonly string[];
  readonly outcomes: Readonly<Record<string, ScanOutcomeOption>>;
  readonly apiAccess: boolean;
  readonly callBudget: CallBudgetOption | undefined;
  readonly scanSearchSummary: boolean;
}

const num = (v: unknown, fallback: number): number => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : fallback);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : []);

export function resolveOptions(o: QualysEmulatorOptions): Resolved {
  const runDurationMs = num(o.runDurationMs, 120_000);
  return {
    username: typeof o.username === "string" ? o.username : "scanform-emu",
    password: typeof o.password === "string" ? o.password : "emu-qualys-password",
    runDurationMs,
    submittedMs: Math.min(num(o.submittedMs, runDurationMs / 10), runDurationMs),
    maxRunningScans: num(o.maxRunningScans, 10),
    tags: ["prod", "pci", "staging", ...strings(o.tags)],
    profiles: ["Initial WAS Options", ...strings(o.profiles)],
    outcomes: typeof o.outcomes === "object" && o.outcomes !== null ? o.outcomes : {},
    apiAccess: o.apiAccess !== false,
    callBudget: readCallBudget(o.callBudget),
    scanSearchSummary: o.scanSearchSummary !== false,
  };
}

/** What every handler works with. `store` is replaced by load and reset, so always read it from here. */
export interface Tenant {
  store: Store;
  readonly options: Resolved;
  readonly clock: EmuClock;
  readonly random: EmuRandom;
  readonly user: { readonly id: number; readonly username: string };
}
