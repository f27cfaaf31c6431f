/**
 * Every Cortex netscan decision the driver makes, in one place (vendors/cortex.md, "scanform's
 * decisions" and §1–§5): paths, verbs, wire types, enums, settings, env var names and limits.
 * When the real API is seen to differ, this file is the one to edit.
 */
import { withoutLeadingZeros } from "../../core/digits.js";
import { isRecord } from "../../core/json.js";
import { pathSegment } from "../../http/url.js";
import type { RunPhase } from "../driver.js";
import type { Weekday } from "../../manifest/model.js";
import type { Change } from "../../plan/change.js";

export const VENDOR = "cortex";

/**
 * Results of a finished run (issue 15): the netscan API (vendors/cortex.md) documents run state
 * and run commands only, no findings endpoint. Decision: scanform reads no Cortex results and
 * judges a run by its state alone, and says so wherever results would be shown.
 */
export const RESULTS_UNAVAILABLE = "Cortex's netscan API documents no results endpoint, so the run is judged by its state alone";
export const SCAN_KIND = "scan";
/** Why the plan compares scan definitions with state (vendors/cortex.md: no list or read endpoint). */
export const READ_BACK_LIMIT =
  "Cortex's API cannot list or read scan definitions, so the plan compares them with the settings scanform last applied: changes made in the Cortex console are not seen.";
/** Decision (sheet §1.1): an update is the create call with `definition_id`, the definition sent whole. */
export const SENDS_WHOLE = "Cortex takes a definition whole on every update";

// --- Settings (§3, §7) --------------------------------------------------------------------------

/** Manifest setting → environment variable. */
export const SETTINGS_ENV = {
  url: "CORTEX_URL",
  keyId: "CORTEX_API_KEY_ID",
  key: "CORTEX_API_KEY",
  keyType: "CORTEX_API_KEY_TYPE",
} as const;
export const SECRET_SETTINGS = ["key"] as const;

export const KEY_TYPES = ["standard", "advanced"] as const;
export type KeyType = (typeof KEY_TYPES)[number];
/** §3: the Cortex Cloud SDK and Terraform provider default to advanced. */
export const DEFAULT_KEY_TYPE: KeyType = "advanced";

/** §2: a bare tenant FQDN gets this prefix; a host already starting with it is used as is. */
export const API_HOST_PREFIX = "api-";

// --- Auth (§3) ----------------------------------------------------------------------------------

export const AUTH_HEADERS = {
  keyId: "x-xdr-auth-id",
  authorization: "authorization",
  nonce: "x-xdr-nonce",
  timestamp: "x-xdr-timestamp",
} as const;
/** §3: "a random 64 character string" from [A-Za-z0-9], fresh for every request and retry. */
export const NONCE_LENGTH = 64;
export const NONCE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

// --- Limits (§5, decisions) ---------------------------------------------------------------------

/** The tenant allows 10 requests/s across all endpoints; scanform keeps to half of it. */
export const RATE_PER_SECOND = 5;
/** The pace apply keeps, and the plan measures its estimate against: the documented limit has no headers (§5). */
export const CALL_LIMIT = { calls: RATE_PER_SECOND, windowSeconds: 1, source: "scanform's pace, half the 10 calls per second Cortex documents" } as const;
/** Not documented; kept equal to the rate so requests never queue up at the tenant. */
export const CONCURRENCY = 5;
/** 429 is "Too many requests", never carried out, so even a launch may be sent again after it. */
export const NOT_CARRIED_OUT_STATUSES: readonly number[] = [429];

/**
 * Apply's calls for one planned definition change: a create or an update is one save (the whole
 * definition), a delete sends nothing (definitions cannot be deleted, §6), a launch is one run.
 */
export function callsFor(change: Change): number {
  const saves = change.action === "create" || change.action === "update" || change.action === "import" || change.action === "replace" ? 1 : 0;
  return saves + (change.action === "launch" || change.launchAfter ? 1 : 0);
}

// --- Paths and verbs (§1) -----------------------------------------------------------------------

const NETSCAN = "/public_api/netscan/v1";
export const PATHS = {
  /** POST, flat ScanDefinitionPayload; with `definition_id` it updates (decision). */
  definition: `${NETSCAN}/scan/definition`,
  /** POST `{request_data: {definition_id, target?}}`. */
  launch: `${NETSCAN}/scan/run`,
  /** GET `?fields=status`; `{id}` is the run id. */
  runStatus: (runId: string) => `${NETSCAN}/scan/run/${pathSegment(runId)}`,
  /** POST `{request_data: {type}}`; `{id}` is the run id. */
  runCommand: (runId: string) => `${NETSCAN}/scan/run/${pathSegment(runId)}/command`,
  /** GET; answers the body `true` for a key it accepts (§3, [GOSDK] ValidateAPIKey). Outside netscan. */
  validateKey: "/api_keys/validate/",
} as const;

/**
 * §6.7: the skew an advanced key's timestamp may have is undocumented; 5 minutes is scanform's
 * reading (the emulator's window). `doctor` warns well before it.
 */
export const ASSUMED_MAX_SKEW_MS = 5 * 60 * 1000;

/** §1.3: `fields` is a required list; `status` is its only documented value. */
/**
 * §4: every Cortex error carries one of five envelopes (err_msg under reply/data or at the top,
 * errorCode, or FastAPI's detail list). A 404 without one did not come from a Cortex API: the
 * base URL leads elsewhere, even though Cortex's own 404 ("VT template not found") is an answer.
 */
export function notCortexApi(response: { readonly status: number; readonly body: string }): boolean {
  if (response.status !== 404) return false;
  let root: unknown;
  try {
    root = JSON.parse(response.body);
  } catch {
    return true;
  }
  if (!isRecord(root)) return true;
  const inner = [root, root.reply, root.data].filter(isRecord);
  return !(inner.some((r) => "err_msg" in r || "err_code" in r) || "errorCode" in root || Array.isArray(root.detail));
}

/**
 * Status of many runs (`wait`, `status`): one `GET .../scan/run/{runId}?fields=status` per run, no
 * batched read. The netscan API has exactly six operations and none lists runs or reads several
 * (§1, §6.1); the query form takes one `id`. The documented budget is 10 requests/s per tenant
 * (§5), which a call per run per poll, with the poll back-off, stays far below.
 */
export const STATUS_QUERY = { fields: ["status"] } as const;

export const OPERATIONS = {
  saveDefinition: "cortex.configureNewScan",
  launch: "cortex.publicLaunchScanRun",
  status: "cortex.publicGetScanDefinitionRunStatus",
  command: "cortex.publicScanDefinitionRunAction",
  validateKey: "cortex.validateApiKey",
} as const;

// --- Answers (§1.2–§1.5) ------------------------------------------------------------------------

/** §1.2: the run id exists only inside the DATA text. */
export const RUN_ID_PATTERN = /run ID:\s*(\d+)/i;
/**
 * §1.3: `Scan is in <State> state`. The state is bounded (states are one word): an unbounded `(.+?)`
 * scans to the end of DATA from each "Scan is in", quadratic in an answer that repeats it.
 */
export const RUN_STATE_PATTERN = /Scan is in (.{1,80}?) state/i;

/**
 * The most characters of a run's DATA kept as its vendorState (and of an unknown state in its detail):
 * apply and wait print it on every change, and Cortex (or a proxy) can make it any length.
 */
export const RUN_TEXT_MAX = 120;

/** Decision: the states and which end a run. Anything else is reported as unknown, not guessed. */
export const RUN_STATES: Readonly<Record<string, { readonly phase: RunPhase; readonly terminal: boolean }>> = {
  Pending: { phase: "pending", terminal: false },
  Running: { phase: "running", terminal: false },
  Paused: { phase: "paused", terminal: false },
  Completed: { phase: "succeeded", terminal: true },
  Failed: { phase: "failed", terminal: true },
  Aborted: { phase: "cancelled", terminal: true },
};

export const RUN_COMMANDS = ["PAUSE", "RESUME", "ABORT"] as const;
export type RunCommand = (typeof RUN_COMMANDS)[number];

// --- Wire types (§1.1–§1.5) ---------------------------------------------------------------------

/** `"0"` / `"1"`: §1.1 insists these are strings, not booleans, not integers. */
export type Flag = "0" | "1";
export const toFlag = (on: boolean): Flag => (on ? "1" : "0");

export interface ScanTime {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

export type ScheduleCadence = "DAILY" | "WEEKLY" | "MONTHLY" | "ONCE";

/** ScanSettingsPayload ∪ definition fields; required lists are always sent, empty when unset. */
export interface ScanDefinitionPayload {
  readonly definition_id?: number;
  readonly vt_config_id: number;
  readonly name: string;
  readonly description: string;
  readonly network_scanner_ids: readonly string[];
  readonly network: number;
  readonly port_list_id: number;
  readonly scan_ports: readonly Readonly<Record<string, unknown>>[];
  readonly credential_ids: readonly number[];
  readonly schedule_cadence: ScheduleCadence;
  readonly schedule_days: number;
  readonly schedule_dates: readonly number[];
  readonly schedule_start_date: number;
  readonly schedule_time: ScanTime;
  readonly schedule_quiet_hours: readonly { readonly start: ScanTime; readonly end: ScanTime }[];
  readonly schedule_timezone: string;
  readonly override_target_exclusions: boolean;
  readonly target_ids: readonly number[];
  readonly targets: readonly string[];
  readonly excluded_targets: readonly string[];
  readonly enable_report: boolean;
  /** Optional engine settings, see ENGINE_SETTINGS. */
  readonly [setting: string]: unknown;
}

/**
 * The optional engine settings of ScanSettingsPayload, as the manifest's `settings` names them
 * (camelCase) → wire field and type. `flag` takes a boolean and is sent "0"/"1"; `disableCgiCache:
 * true` is sent "1" whatever the sheet's odd "0 = enabled" wording means (unconfirmed, §1.1).
 * `scan_ports` is always sent empty: its element schema is unknown (§6.5), so the manifest has none.
 */
export type SettingType = "flag" | "int" | "string" | "methods";
export const ENGINE_SETTINGS: Readonly<Record<string, { readonly wire: string; readonly type: SettingType; readonly min?: number; readonly max?: number }>> = {
  authPortSsh: { wire: "auth_port_ssh", type: "int", min: 1, max: 65535 },
  disableCgiCache: { wire: "disable_cgi_cache", type: "flag" },
  pluginsTimeout: { wire: "plugins_timeout", type: "int", min: 1 },
  checksReadTimeout: { wire: "checks_read_timeout", type: "int", min: 1 },
  maxHosts: { wire: "max_hosts", type: "int", min: 1 },
  maxChecks: { wire: "max_checks", type: "int", min: 1 },
  scannerPluginsTimeout: { wire: "scanner_plugins_timeout", type: "int", min: 1 },
  timeoutRetry: { wire: "timeout_retry", type: "int", min: 0 },
  openSockMaxAttempts: { wire: "open_sock_max_attempts", type: "int", min: 1 },
  nonSimultPorts: { wire: "non_simult_ports", type: "string" },
  strictUnauthenticated: { wire: "strict_unauthenticated", type: "flag" },
  optimizeTest: { wire: "optimize_test", type: "flag" },
  expandVhosts: { wire: "expand_vhosts", type: "flag" },
  excludeFragileDevices: { wire: "exclude_fragile_devices", type: "flag" },
  excludePrinters: { wire: "exclude_printers", type: "flag" },
  safeChecks: { wire: "safe_checks", type: "flag" },
  disableWinCmdExec: { wire: "disable_win_cmd_exec", type: "flag" },
  disableWmiSearch: { wire: "disable_wmi_search", type: "flag" },
  aliveTestMethods: { wire: "alive_test_methods", type: "methods" },
  aliveTestPorts: { wire: "alive_test_ports", type: "string" },
};
export const ALIVE_TEST_METHODS: readonly string[] = ["arp", "icmp", "tcp_ack", "tcp_syn", "consider_alive"];

/**
 * `schedule_days` bitmask (§1.1: 0–127, 127 = every day). Which bit is which day is NOT documented
 * (§6.5). scanform's choice, UNCONFIRMED until seen on a real tenant: bit 0 = Sunday … bit 6 =
 * Saturday, following the week order sun..sat the manifest uses.
 */
export const DAY_BITS: Readonly<Record<Weekday, number>> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

/** Ids the driver records in state for a scan. */
export const IDS = { definition: "definitionId" } as const;

/** A definition id as Cortex issues it (an integer; the console shows it as digits). */
export const DEFINITION_ID_PATTERN = /^\d+$/;

/**
 * Whether scanform can send the id: the wire carries it as a JSON number, and one past 2^53 would
 * be rounded to another definition's (123456789012345678 is sent as …680).
 */
export const isDefinitionId = (id: string): boolean => DEFINITION_ID_PATTERN.test(id) && canonicalDefinitionId(id).length <= MAX_DEFINITION_ID_DIGITS;

/** The most digits of an id scanform sends: every 15-digit number is exact as a JSON number (the manifest schema says the same). */
const MAX_DEFINITION_ID_DIGITS = 15;

/**
 * The one spelling of a definition id, for every id a person writes (import --id, adopt: {id},
 * journal resolve): Cortex reads the id as an integer, so `0100` names definition 100, and state,
 * the plan's ownership checks and import must all see one string for it.
 */
export const canonicalDefinitionId = withoutLeadingZeros;

/** A run id as a person reads it in the console (journal resolve --run): the run's number alone, an integer (§1.3). */
export const RUN_ID_TEXT_PATTERN = /^\d{1,15}$/;
export const canonicalRunId = withoutLeadingZeros;
