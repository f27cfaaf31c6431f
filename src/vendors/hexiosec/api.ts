/**
 * Every Hexiosec ASM wire decision in one place: base URL, auth header, paths, verbs, enums, wire
 * types, limits and setting names. Most of them are GUESSES recorded in the vendor sheet
 * (/work/shared/vendors/hexiosec.md, "scanform's decisions"); when the real spec is seen at
 * https://asm.hexiosec.com/api/ui, this file is the one to edit.
 */
import { pathSegment } from "../../http/url.js";
import type { HexiosecScanSpec } from "../../manifest/model.js";
import type { TargetType } from "../../manifest/targets.js";
import type { Change } from "../../plan/change.js";

export const VENDOR = "hexiosec";

/**
 * Results of a finished iteration (issue 15): the sheet documents no findings or risks endpoint
 * with severities, only `GET /v1/scan_data/{scan_id}/link_changes` (diffs of links, `link_type=risk`
 * added or removed). Decision: scanform reads no Hexiosec results and judges a run by its
 * iteration state alone, and says so wherever results would be shown.
 */
export const RESULTS_UNAVAILABLE = "Hexiosec's API documents no findings endpoint with severities (only link-change diffs), so the run is judged by its iteration state alone";

/** Sheet §2: resource paths sit under `/v1` below this. */
export const DEFAULT_BASE_URL = "https://asm.hexiosec.com/api";
/** Sheet §2: not a Bearer token, not `Authorization`. */
export const AUTH_HEADER = "x-hexiosec-api-key";

/** Manifest setting → environment variable (DESIGN.md, manifest rules). */
export const SETTINGS_ENV = { url: "HEXIOSEC_URL", apiKey: "HEXIOSEC_API_KEY" } as const;

/** Sheet decisions: no documented rate limit, so a client-side cap of 5 requests in flight. */
export const DEFAULT_CONCURRENCY = 5;

/**
 * Apply's calls for one planned scan change (steps.ts), as the plan estimates them. Sheet §3:
 * seeds are added and removed one call each, the vendor's floor. A create is the scan, its seeds
 * and a start when enabled; an update is one partial update for name, options or a stop, the
 * seed list read once and one call per seed added or removed, and a start; a delete is one call.
 * Scan groups are listed by observe and remembered (groups.ts), so they cost apply nothing.
 */
export function callsFor(change: Change): number {
  const after = change.after as unknown as HexiosecScanSpec | null;
  const create = (): number => (after === null ? 0 : 1 + after.seeds.length + (after.enabled ? 1 : 0));
  switch (change.action) {
    case "create":
      return create();
    case "replace":
      return 1 + create();
    case "delete":
      return 1;
    case "update":
    case "import": {
      const seeds = change.diffs.find((d) => d.field === "seeds");
      const touched = new Set(change.diffs.map((d) => d.field));
      const stops = touched.has("enabled") && after?.enabled === false;
      const first = ["name", "dnsNamelist", "ignoreIpNodes"].some((f) => touched.has(f)) || stops ? 1 : 0;
      const seedCalls = seeds === undefined ? 0 : 1 + (seeds.kind === "set" ? seeds.added.length + seeds.removed.length : (after?.seeds.length ?? 0));
      return first + seedCalls + (touched.has("enabled") && after?.enabled === true ? 1 : 0);
    }
    default:
      return 0;
  }
}

/** Sheet decisions: every seed scanform adds carries it; seeds without it belong to someone else. */
export const MANAGED_TAG = "scanform";

/**
 * Sheet decisions: update, start and stop are one partial update, sent as PATCH. §3 says the verb
 * is a GUESS and to "fall back to PUT if the server answers 405": a PATCH answered 405 is sent once
 * more as PUT with the same partial body, and the session sends PUT from then on, so the 405 is
 * paid once per run, not once per scan. A 405 to the PUT too is the error (VENDOR_VALIDATION).
 * Whether PUT wants the whole scan rather than the changed fields is unknown (§9.1).
 */
export const UPDATE_METHOD = "PATCH" as const;
export const UPDATE_FALLBACK_METHOD = "PUT" as const;
export const METHOD_NOT_ALLOWED = 405;

/**
 * The key check's answer, SDK `AuthResponse` (sheet §2; the JSON name `authenticated` is INFER).
 * `authenticated: false` is a refused key, as a 401 is: the official connector treats it as invalid
 * credentials after a 200. Decision: a 2xx without a boolean `authenticated` (or not JSON at all)
 * is a valid key, as it was before this field was read, since the sheet's first word on the check
 * is "returns HTTP 200 if the key is valid" and the field's JSON name is inferred.
 */
export interface AuthResponseWire {
  readonly authenticated?: boolean;
}

/** `GET /auth` (sheet §2) checks the key alone, for `doctor` and the check `plan` makes first. */
export const PATHS = {
  auth: () => "/auth",
  scanGroups: () => "/v1/scan_groups",
  scans: () => "/v1/scans",
  scan: (id: string) => `/v1/scans/${pathSegment(id)}`,
  seeds: (scanId: string) => `/v1/scans/${pathSegment(scanId)}/seeds`,
  seed: (scanId: string, seedId: string) => `/v1/scans/${pathSegment(scanId)}/seeds/${pathSegment(seedId)}`,
} as const;

/**
 * Paths that name no object, which every tenant serves: a 404 there means the base URL does not
 * lead to the Hexiosec API (a 404 on a scan's own path is an answer: that scan is gone).
 */
const ALWAYS_SERVED: ReadonlySet<string> = new Set([PATHS.auth(), PATHS.scans(), PATHS.scanGroups()]);
export const notHexiosecApi = (path: string, status: number): boolean => status === 404 && ALWAYS_SERVED.has(path);

/** Query values of `expand`: seeds carry tags, a scan its latest iteration, only when asked. */
export const EXPAND = { tags: "tags", iteration: "iteration" } as const;

export const SCAN_TYPES = ["adhoc", "continuous_own", "continuous_vendor"] as const;
export type ScanType = (typeof SCAN_TYPES)[number];

/** Sent lowercase, read back case-insensitively (sheet §4, case quirk). */
export const SEED_TYPES = ["domain", "ipv4", "ipv6", "iprange"] as const;
export type SeedType = (typeof SEED_TYPES)[number];

/** A manifest seed's kind → the vendor's seed type: CIDRs and a-b ranges are both `iprange`. */
export const SEED_TYPE_OF: Readonly<Record<TargetType, SeedType>> = {
  domain: "domain",
  ipv4: "ipv4",
  ipv6: "ipv6",
  cidr: "iprange",
  range: "iprange",
};

/**
 * Status of many scans (`wait`, `status`): one `GET /v1/scans/{id}?expand=iteration` per scan, no
 * batched read. The latest iteration's state is documented only on the single-scan read (§4 "Check
 * state"); the list `GET /v1/scans` returns scans without their iteration (decisions), and its
 * filters, `expand` and paging are unknown (§5, §9.3). The sheet documents no rate limit, so a
 * call per scan per poll is spent from no known budget; the poll back-off still applies.
 */

/** Sheet decisions: the iteration states; any other value is treated as still running. */
export const ITERATION_STATES = ["pending", "running", "completed", "failed", "cancelled"] as const;
export type IterationState = (typeof ITERATION_STATES)[number];

// ---------------------------------------------------------------------------------------------
// Wire types (snake_case as sent and received)
// ---------------------------------------------------------------------------------------------

export interface ScanGroupWire {
  readonly id: string;
  readonly name: string;
}

export interface IterationWire {
  readonly id: string;
  readonly state: string;
  readonly started_at: string | null;
  readonly finished_at: string | null;
}

export interface ScanWire {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly scan_group_id: string;
  readonly enabled: boolean;
  readonly dns_namelist: boolean;
  readonly ignore_ip_nodes: boolean;
  readonly created_at?: string;
  /** Only with `expand=iteration`; null before the first run. */
  readonly iteration?: IterationWire | null;
}

export interface SeedWire {
  readonly id: string;
  readonly name: string;
  readonly type?: string;
  /** Only with `expand=tags`. */
  readonly tags?: readonly string[];
}

/**
 * What scanform reads from a create's answer: the scan's `id`, the one field the sheet guarantees
 * (§4: the response "will include the scan `id`"; the rest of `ScanResponse` is a GUESS). The
 * id must be a valid path segment, since every later step puts it in a request path. What apply
 * records for the new scan is built from what it sent plus this id, never from an echo.
 */
export interface CreatedScanWire {
  readonly id: string;
}

export interface CreateScanBody {
  readonly name: string;
  readonly scan_group_id: string;
  readonly type: ScanType;
  readonly dns_namelist: boolean;
  readonly ignore_ip_nodes: boolean;
}

/** Sheet decisions: the fields a partial update may carry; `type` and `scan_group_id` cannot change. */
export interface UpdateScanBody {
  readonly name?: string;
  readonly enabled?: boolean;
  readonly dns_namelist?: boolean;
  readonly ignore_ip_nodes?: boolean;
}

/**
 * One seed to add. Its answer (SDK `NodeResponse`, §4) is read for nothing: the fields beyond an id
 * are a GUESS and apply needs none of them, a seed's id being learnt from the seed list when it is
 * removed. Any 2xx is the seed added; a lost or refused add is settled by listing the seeds.
 */
export interface AddSeedBody {
  readonly name: string;
  readonly type: SeedType;
  readonly tags: readonly string[];
}

/** Sheet §5: `code` is what the official connector reads; `message` is a GUESS, so both are optional here. */
export interface ApiErrorWire {
  readonly code?: string;
  readonly message?: string;
}
