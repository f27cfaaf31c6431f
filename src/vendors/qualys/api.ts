/**
 * Every Qualys WAS wire decision of the driver, in one place (vendors/qualys.md, "scanform's
 * decisions"): settings and env vars, limits, paths and verbs, criteria, response codes, scan
 * statuses, element names and the element order of every body sent. When the XSDs are seen, this
 * is the file to correct.
 *
 * Observe call budget (DESIGN.md: O(pages), not O(resources)):
 *   - web apps: one paged verbose search of ALL web apps (1,000 per page, `id GREATER lastId`),
 *     skipped when neither manifests nor state hold a web app. The sheet's text operators have no
 *     `IN` for names, so per-name lookups would cost one call per resource; paging the tenant
 *     costs ceil(total / 1000) calls and finds adopt candidates and duplicate names too.
 *   - schedules: the same, over all schedules.
 *   - option profiles: one `name EQUALS` search per distinct profile declared (a handful).
 *   - tags: one `name EQUALS` search (AM v2.0) per distinct tag name used by the web apps.
 *   2,000 web apps + 2,000 schedules, 1 profile and t tags: 2 + 2 + 1 + t calls (test/vendors/qualys).
 */
import { withoutLeadingZeros } from "../../core/digits.js";
import { pathSegment } from "../../http/url.js";
import type { Weekday } from "../../manifest/model.js";
import type { Change } from "../../plan/change.js";
import { changedFieldSet } from "../../plan/field-diff.js";
import { cdata, recordOf, recordsOf, textOf, textsOf, withAttributes, type XmlIn, type XmlRecord } from "./xml.js";

export const VENDOR = "qualys";

/** An object id as Qualys issues it: a number, shown in the console as digits. */
export const OBJECT_ID_PATTERN = /^\d+$/;

/**
 * The one spelling of an id a person writes (journal resolve): Qualys reads it as a number, so
 * `0100` names object 100, and state must hold the string observe will find it under.
 */
export const canonicalObjectId = withoutLeadingZeros;

export const SETTINGS_ENV = { url: "QUALYS_URL", username: "QUALYS_USERNAME", password: "QUALYS_PASSWORD", callsPerHour: "QUALYS_CALLS_PER_HOUR" } as const;
export const SECRET_SETTINGS = ["password"] as const;

/** Decision (docs/vendors/qualys.md): a web app's default option profile can be changed, never removed. */
/** An on-demand scan is a launch recipe kept in state; web apps and schedules are read back as usual. */
export const SCAN_READ_BACK_LIMIT =
  "an on-demand scan exists at Qualys only once it is launched, so the plan compares it with the settings scanform last applied (web apps and schedules are read back).";
export const NO_PROFILE_REMOVAL = "Qualys has no documented way to remove a web app's default option profile";

/** §5: no documented WAS limit; two in flight as public clients do. */
export const DEFAULT_CONCURRENCY = 2;
/** §3.2: limitResults is 1–1000. */
export const PAGE_SIZE = 1000;
/**
 * The largest answer read: a verbose page of PAGE_SIZE web apps or schedules. The emulator's page
 * of 1,000 web apps with tags and a profile is 0.8 MB; real objects carry more settings, so the cap
 * is twice the HTTP layer's default, room for pages of 30 KB objects and no more.
 */
export const MAX_ANSWER_BYTES = 32 * 1024 * 1024;
/**
 * The most `&` (character and entity references) one answer may hold; past it the answer is refused
 * before it is parsed. Each reference is decoded on its own (xml-read.ts), at ~50 times its bytes:
 * 8 MB of `&#65;` take ~0.7 s and ~240 MB to read, within MAX_ANSWER_BYTES. The emulator's verbose
 * page of 1,000 web apps holds none, as Qualys writes free text in CDATA; this limit's 200,000
 * (200 per object on a full page, ~1 MB of references) read in ~0.1 s and ~20 MB.
 */
export const MAX_ANSWER_REFERENCES = 200_000;

/** §1.3: Content-Type on every call (even body-less POSTs, §1.2), X-Requested-With as Qualys' own tools send. */
export const requestHeaders = (version: string): Readonly<Record<string, string>> => ({
  "content-type": "text/xml",
  "x-requested-with": `scanform/${version}`,
});

// ----- objects, paths and verbs (§1.2) -----

export const OBJECTS = {
  webApp: { path: "3.0/{action}/was/webapp", element: "WebApp", verbose: true },
  schedule: { path: "3.0/{action}/was/wasscanschedule", element: "WasScanSchedule", verbose: true },
  scan: { path: "3.0/{action}/was/wasscan", element: "WasScan", verbose: false },
  profile: { path: "3.0/{action}/was/optionprofile", element: "OptionProfile", verbose: false },
  tag: { path: "2.0/{action}/am/tag", element: "Tag", verbose: false },
} as const;
export type ObjectName = keyof typeof OBJECTS;

export type Action = "search" | "get" | "create" | "update" | "delete" | "launch" | "status" | "download" | "activate" | "deactivate";

// Deleting a web app is `POST delete/was/webapp/<id>` with no body (§7, D-delete), and that leaves
// the app in the subscription: D-delete says it "does not remove the web application from your
// subscription. You must use the `removeFromSubscription` filter". Decision: scanform sends no
// `removeFromSubscription`, since its form (body element or query parameter) and the answer to it
// are unverified (§7, §14.5); taking a deleted app out of the subscription is left to the user.

/** §1.2: GET for get/status/download; POST for everything else. */
const GET_ACTIONS: ReadonlySet<Action> = new Set(["get", "status", "download"]);

export interface Endpoint {
  readonly method: "GET" | "POST";
  readonly path: string;
  /** For logs, errors and request counts. */
  readonly operation: string;
}

export function endpoint(action: Action, object: ObjectName, id?: string): Endpoint {
  const base = `/qps/rest/${OBJECTS[object].path.replace("{action}", action)}`;
  return {
    method: GET_ACTIONS.has(action) ? "GET" : "POST",
    path: id === undefined ? base : `${base}/${pathSegment(id)}`,
    operation: `qualys.${action}.${OBJECTS[object].element}`,
  };
}



// ----- search (§3) -----

/** §3.1: `NOT EQUALS` has a space. */
export type Operator = "EQUALS" | "NOT EQUALS" | "CONTAINS" | "IN" | "GREATER" | "LESSER" | "NONE";

export interface Criterion {
  readonly field: string;
  readonly operator: Operator;
  readonly value: string;
}

export const nameEquals = (name: string): Criterion => ({ field: "name", operator: "EQUALS", value: name });
export const nameContains = (part: string): Criterion => ({ field: "name", operator: "CONTAINS", value: part });
/** §3.2: the documented paging; GREATER is strict. */
export const idGreater = (id: string): Criterion => ({ field: "id", operator: "GREATER", value: id });
/** §3.1: `IN` on an integer field takes the ids comma-separated in one Criteria (Q-mig searches scans with `id IN`). */
export const idIn = (ids: readonly string[]): Criterion => ({ field: "id", operator: "IN", value: ids.join(",") });

/** A search body: preferences, then filters (§2.1); verbose only where documented (§3.2). */
export function searchBody(object: ObjectName, criteria: readonly Criterion[]): XmlIn {
  return {
    preferences: { limitResults: PAGE_SIZE, ...(OBJECTS[object].verbose ? { verbose: true } : {}) },
    ...(criteria.length === 0 ? {} : { filters: { Criteria: criteria.map((c) => withAttributes({ field: c.field, operator: c.operator }, c.value)) } }),
  };
}

// ----- response codes (§4) -----

export const SUCCESS = "SUCCESS";
export const OBJECT_NOT_FOUND = "OBJECT_NOT_FOUND";
export const INVALID_REQUEST = "INVALID_REQUEST";
export const ENVELOPE_ROOT = "ServiceResponse";
/** §1.2: the portal's version, answered for any valid login; bad credentials are INVALID_CREDENTIALS with HTTP 200. */
/**
 * Qualys answers a missing object with HTTP 200 and OBJECT_NOT_FOUND; search, create and the
 * portal version name no object: a 404 on those paths means the base URL does not lead to the Qualys API.
 */
export const notQualysApi = (path: string, status: number): boolean =>
  status === 404 && (path === PORTAL_VERSION.path || /^\/qps\/rest\/[\d.]+\/(search|create)\//.test(path));

export const PORTAL_VERSION = { path: "/qps/rest/portal/version", operation: "qualys.portalVersion", element: "Portal-Version", versionField: "WAS-VERSION" } as const;
export const REQUEST_ROOT = "ServiceRequest";

export type ErrorKind = "auth" | "permission" | "not-found" | "validation" | "throttled" | "error";

/** §4: every non-SUCCESS code, by what a person must do about it. Unknown codes are plain errors. */
export const RESPONSE_CODE_KIND: Readonly<Record<string, ErrorKind>> = {
  INVALID_CREDENTIALS: "auth",
  UNAUTHORIZED: "permission",
  INSUFFICIENT_PERMISSION: "permission",
  OBJECT_NOT_FOUND: "not-found",
  INVALID_REQUEST: "validation",
  INVALID_XML: "validation",
  LIMIT_EXCEEDED: "throttled",
};

/** §4/§5: the launch answer when the account's running-scan cap is reached; nothing was launched. */
export const CONCURRENT_SCANS_LIMIT = /maximum number of concurrent running scans/i;

// ----- throttling (§5) -----

export const THROTTLE_STATUSES: ReadonlySet<number> = new Set([409, 429]);
export const HEADER = {
  toWaitSec: "x-ratelimit-towait-sec",
  rateLimit: "x-ratelimit-limit",
  rateWindowSec: "x-ratelimit-window-sec",
  rateRemaining: "x-ratelimit-remaining",
  concurrencyLimit: "x-concurrency-limit-limit",
} as const;

/**
 * §5 documents no rate limit for QPS/WAS: Qualys' API Limits doc (2018) says its limits apply to
 * the VM/PC API "not APIs for Qualys apps like ... WAS", one client marks `search/was/*` "Rate
 * Limit: None", and recorded QPS answers carry no X-RateLimit headers; whether that still holds
 * is unverified (§5, §14.4). The sheet names no per-tier figure. So scanform sets no budget of its
 * own: `callsPerHour` lets a user whose subscription does have one say so, and apply then paces to
 * it and the plan says how long its calls take at it; unset, only the answers' headers pace.
 * Bounded so a typo cannot make the pacing meaningless.
 */
export const CALLS_PER_HOUR = { setting: "callsPerHour", min: 1, max: 1_000_000 } as const;

// ----- apply's calls, as the plan estimates them -----

/**
 * One create, update or delete call per web app or schedule; a schedule switched on or off is a
 * call of its own (activate/deactivate) after any update; one launch call per scan run, while a
 * scan's create, update and delete send nothing. Tag and profile look-ups are made by observe
 * and remembered (lookups.ts), so they cost apply nothing.
 */
export function callsFor(change: Change): number {
  const writes = change.kind === "webApp" || change.kind === "schedule";
  const launches = change.kind === "scan" && (change.action === "launch" || change.launchAfter) ? 1 : 0;
  if (!writes) return launches;
  switch (change.action) {
    case "create":
    case "delete":
      return 1;
    case "replace":
      return 2;
    case "update":
    case "import": {
      if (change.kind === "webApp") return 1;
      const fields = changedFieldSet(change.diffs);
      return ([...fields].some((f) => f !== "active") ? 1 : 0) + (fields.has("active") ? 1 : 0);
    }
    default:
      return 0;
  }
}

// ----- scans (§10) -----

/** The run's name embeds the runKey so a read-back can find it with `name CONTAINS runKey`. */
export const scanName = (name: string, runKey: string): string => `${name} (scanform ${runKey})`;

export const SCAN_STATUS = {
  pending: ["SUBMITTED"],
  running: ["RUNNING", "PROCESSING", "CANCELING"],
  /** Terminal, per Qualys' own CI plugins: FINISHED | ERROR | CANCELED (and its variants). */
  finished: ["FINISHED"],
  failed: ["ERROR", "DELETED"],
  cancelled: ["CANCELED", "CANCELED_WITH_RESULTS"],
} as const;

/**
 * Status of many runs (`wait`, `status`): one `search/was/wasscan` with `id IN` the scan ids
 * (§3.1: `id` is searchable, integers take IN), paged as every search is, instead of one status
 * call per scan, to learn each scan's `status`. 20 scans waited on for two hours cost one call a
 * poll, not twenty. The sheet documents `summary.resultsStatus`, which judges a FINISHED scan, only
 * on `status/was/wasscan/<id>` (§10); whether a non-verbose search carries it is open (§14.6; a
 * plain web app search answers summary objects, §3.2). So a FINISHED scan the search gives without
 * it is read once with its status call before it is judged (scans.ts scanStatuses): a few calls
 * when scans finish, none while they run.
 * A finished scan's results are still one download each, once (again at each poll while the
 * download holds no results, scans.ts resultsOf). At most STATUS_IDS_PER_SEARCH ids
 * go in one Criteria: the account's running-scan cap (10 in the sheet's example, §4) keeps far fewer
 * scans going at once, and the sheet documents no longest value, so the request stays small (~1 KB)
 * and the answer within one page (PAGE_SIZE).
 */
export const STATUS_IDS_PER_SEARCH = 100;

/** A FINISHED scan whose resultsStatus is anything else counts as failed. */
export const SUCCESSFUL_RESULTS: ReadonlySet<string> = new Set(["SUCCESSFUL", "FINISHED"]);

/** `stats.global.nbVulnsLevel1..5` of the results download. */
export const VULN_LEVEL_FIELDS = ["nbVulnsLevel1", "nbVulnsLevel2", "nbVulnsLevel3", "nbVulnsLevel4", "nbVulnsLevel5"] as const;

/** How far ahead of now a schedule's first start must be, so it is still in the future when Qualys checks it. */
export const START_MARGIN_MS = 5 * 60_000;

/** Polling interval and patience when the running-scan cap refuses a launch. */
export const SCAN_CAP_RETRY = { waitMs: 60_000, giveUpAfterMs: 60 * 60_000 } as const;

// ----- bodies, in the sheet's element order -----

export const WEEKDAYS: Readonly<Record<Weekday, string>> = {
  sun: "SUNDAY",
  mon: "MONDAY",
  tue: "TUESDAY",
  wed: "WEDNESDAY",
  thu: "THURSDAY",
  fri: "FRIDAY",
  sat: "SATURDAY",
};

const idRef = (id: string): XmlIn => ({ id });
const tagSet = (ids: readonly string[]): XmlIn => ({ set: ids.length === 0 ? {} : { Tag: ids.map(idRef) } });

export interface WebAppFields {
  readonly name?: string;
  readonly url?: string;
  readonly defaultProfileId?: string;
  /** Tag ids: written with `<set>`, an authoritative replace (decisions). */
  readonly tagIds?: readonly string[];
}

/** §7 create/update: name, url, defaultProfile, tags (GET order); update sends only what changed. */
export function webAppBody(f: WebAppFields): XmlIn {
  return {
    data: {
      WebApp: {
        name: f.name === undefined ? undefined : cdata(f.name),
        url: f.url === undefined ? undefined : cdata(f.url),
        defaultProfile: f.defaultProfileId === undefined ? undefined : idRef(f.defaultProfileId),
        tags: f.tagIds === undefined ? undefined : tagSet(f.tagIds),
      },
    },
  };
}

/** One web app: `target.webApp`; several: `target.webApps.set` (§10, §11); the scanner when one is chosen. */
const target = (webAppIds: readonly string[], scanner: ScannerChoice | undefined): XmlIn => ({
  ...(webAppIds.length === 1 ? { webApp: idRef(webAppIds[0]!) } : { webApps: { set: { WebApp: webAppIds.map(idRef) } } }),
  ...(scanner === undefined ? {} : { scannerAppliance: { type: scanner } }),
});

/**
 * Decision: what scanform creates scans from Qualys' external scanners. An update is partial
 * (§11), so it sends no scanner: one chosen in the console since (an internal appliance for an
 * internal app) stays, as the plan, which does not read it, showed nothing about it.
 */
export type ScannerChoice = "EXTERNAL";
export const CREATED_SCANNER: ScannerChoice = "EXTERNAL";

export type Occurrence = { readonly type: "DAILY"; readonly everyNDays: number } | { readonly type: "WEEKLY"; readonly everyNWeeks: number; readonly days: readonly Weekday[] };

export interface Scheduling {
  /** UTC `YYYY-MM-DDTHH:MM:SSZ`, in the future. */
  readonly startDate: string;
  readonly timeZone: string;
  readonly occurrence: Occurrence;
}

export interface ScheduleFields {
  readonly name?: string;
  readonly active?: boolean;
  readonly type?: string;
  readonly webAppIds?: readonly string[];
  /** Sent with the web apps on create only (CREATED_SCANNER). */
  readonly scanner?: ScannerChoice;
  readonly profileId?: string;
  readonly scheduling?: Scheduling;
}

/** §11 order (easm): name, active, type, target, profile, scheduling. MONTHLY is never sent (decisions). */
export function scheduleBody(f: ScheduleFields): XmlIn {
  const s = f.scheduling;
  return {
    data: {
      WasScanSchedule: {
        name: f.name === undefined ? undefined : cdata(f.name),
        active: f.active,
        type: f.type,
        target: f.webAppIds === undefined ? undefined : target(f.webAppIds, f.scanner),
        profile: f.profileId === undefined ? undefined : idRef(f.profileId),
        scheduling:
          s === undefined
            ? undefined
            : {
                startDate: s.startDate,
                timeZone: { code: cdata(s.timeZone) },
                occurrenceType: s.occurrence.type,
                occurrence:
                  s.occurrence.type === "DAILY"
                    ? { dailyOccurrence: { everyNDays: s.occurrence.everyNDays } }
                    : { weeklyOccurrence: { everyNWeeks: s.occurrence.everyNWeeks, onDays: { WeekDay: s.occurrence.days.map((d) => WEEKDAYS[d]) } } },
              },
      },
    },
  };
}

export interface LaunchFields {
  readonly name: string;
  readonly type: string;
  readonly webAppIds: readonly string[];
  /** Absent: each web app's default profile is used (§10). */
  readonly profileId?: string;
}

/** §10 launch order: name, type, target, profile. */
export function launchBody(f: LaunchFields): XmlIn {
  return {
    data: {
      WasScan: {
        name: cdata(f.name),
        type: f.type,
        target: target(f.webAppIds, CREATED_SCANNER),
        profile: f.profileId === undefined ? undefined : idRef(f.profileId),
      },
    },
  };
}

// ----- answers (§2.2) -----

export interface Envelope {
  readonly responseCode: string;
  readonly count: number;
  readonly hasMoreRecords: boolean;
  /** Absent on the last page (§2.2). */
  readonly lastId: string | undefined;
  /** Absent on an empty result (§2.2). */
  readonly data: XmlRecord | undefined;
  readonly errorMessage: string | undefined;
  readonly errorResolution: string | undefined;
}

export function decodeEnvelope(r: XmlRecord): Envelope {
  const details = recordOf(r, "responseErrorDetails");
  return {
    responseCode: textOf(r, "responseCode") ?? "",
    count: Number(textOf(r, "count") ?? "0"),
    hasMoreRecords: textOf(r, "hasMoreRecords") === "true",
    lastId: textOf(r, "lastId"),
    data: recordOf(r, "data"),
    errorMessage: textOf(details, "errorMessage"),
    errorResolution: textOf(details, "errorResolution"),
  };
}

/** The objects of an answer: `<data><WebApp>…</WebApp>…</data>`. */
export const dataItems = (e: Envelope, object: ObjectName): readonly XmlRecord[] => recordsOf(e.data, OBJECTS[object].element);

/** A QList on read: `<x><count>N</count><list><Item>…</Item></list></x>` (§2.3). */
const listItems = (r: XmlRecord | undefined, name: string, item: string): readonly XmlRecord[] => recordsOf(recordOf(recordOf(r, name), "list"), item);

export interface Named {
  readonly id: string;
  readonly name: string;
}

export const decodeNamed = (r: XmlRecord): Named => ({ id: textOf(r, "id") ?? "", name: textOf(r, "name") ?? "" });

export interface WireWebApp extends Named {
  readonly url: string;
  readonly defaultProfileId: string | undefined;
  readonly tags: readonly Named[];
  readonly updatedDate: string | undefined;
}

/** A verbose search or get WebApp (§7 GET fields). */
export function decodeWebApp(r: XmlRecord): WireWebApp {
  return {
    ...decodeNamed(r),
    url: textOf(r, "url") ?? "",
    defaultProfileId: textOf(recordOf(r, "defaultProfile"), "id"),
    tags: listItems(r, "tags", "Tag").map(decodeNamed),
    updatedDate: textOf(r, "updatedDate"),
  };
}

export interface WireSchedule extends Named {
  readonly active: boolean;
  readonly type: string;
  readonly webAppIds: readonly string[];
  readonly profileId: string | undefined;
  readonly startDate: string | undefined;
  readonly timeZone: string | undefined;
  readonly occurrenceType: string | undefined;
  readonly everyN: number | undefined;
  /** `SUNDAY`..`SATURDAY`. */
  readonly onDays: readonly string[];
  readonly updatedDate: string | undefined;
}

/** A verbose search or get WasScanSchedule (§11 element model). */
export function decodeSchedule(r: XmlRecord): WireSchedule {
  const t = recordOf(r, "target");
  const single = textOf(recordOf(t, "webApp"), "id");
  const scheduling = recordOf(r, "scheduling");
  const occurrence = recordOf(scheduling, "occurrence");
  const daily = recordOf(occurrence, "dailyOccurrence");
  const weekly = recordOf(occurrence, "weeklyOccurrence");
  const everyN = textOf(daily, "everyNDays") ?? textOf(weekly, "everyNWeeks");
  return {
    ...decodeNamed(r),
    active: textOf(r, "active") === "true",
    type: textOf(r, "type") ?? "",
    webAppIds: single !== undefined ? [single] : listItems(t, "webApps", "WebApp").map((w) => textOf(w, "id") ?? ""),
    profileId: textOf(recordOf(r, "profile"), "id"),
    startDate: textOf(scheduling, "startDate"),
    timeZone: textOf(recordOf(scheduling, "timeZone"), "code"),
    occurrenceType: textOf(scheduling, "occurrenceType"),
    everyN: everyN === undefined ? undefined : Number(everyN),
    onDays: textsOf(recordOf(weekly, "onDays"), "WeekDay"),
    updatedDate: textOf(r, "updatedDate"),
  };
}

export interface WireScanStatus {
  readonly id: string;
  readonly status: string;
  /** Absent while running or when canceled (§10). */
  readonly resultsStatus: string | undefined;
  /** `NONE, NOT_USED, SUCCESSFUL, FAILED, PARTIAL` (§10); absent where `summary` is. */
  readonly authStatus: string | undefined;
}

export const decodeScanStatus = (r: XmlRecord): WireScanStatus => ({
  id: textOf(r, "id") ?? "",
  status: textOf(r, "status") ?? "",
  resultsStatus: textOf(recordOf(r, "summary"), "resultsStatus"),
  authStatus: textOf(recordOf(r, "summary"), "authStatus"),
});

/**
 * The findings of a results download: `vulns.list.WasScanVuln{qid, title, uri, severity}`.
 * The sheet lists qid, title, uri, param (§10 "Results") and no severity; Qualys' own CI plugins
 * also read `severity` from each WasScanVuln, and `stats` counts by level. Decision: a finding is
 * kept whatever it lacks, because dropping it would hide it from the gates while the counts by
 * level still hold it: a severity other than 1..5 is left unknown (the gates then go by the counts
 * by level), and a qid that is not a number is kept as the text given, which no QID gate matches
 * and which makes a QID gate that finds nothing fail unjudged. At most `MAX_FINDINGS_PER_SCAN` are
 * read from one scan.
 */
export const MAX_FINDINGS_PER_SCAN = 10_000;

export interface WireFinding {
  readonly qid: string;
  readonly title: string;
  readonly uri: string | undefined;
  readonly severity: 1 | 2 | 3 | 4 | 5 | undefined;
}

export interface WireFindings {
  readonly findings: readonly WireFinding[];
  /**
   * `findings` is not the whole list: more than MAX_FINDINGS_PER_SCAN, `vulns.count` above the
   * list given, or no list while `stats` counts findings. A gate must not read "not found" in it.
   */
  readonly truncated: boolean;
}

/** The findings of a results download, or undefined when it holds no results (neither `vulns` nor `stats.global`): not in yet. */
export function decodeFindings(r: XmlRecord): WireFindings | undefined {
  const vulns = recordOf(r, "vulns");
  const counts = decodeVulnCounts(r);
  if (vulns === undefined && recordOf(recordOf(r, "stats"), "global") === undefined) return undefined;
  const items = listItems(r, "vulns", "WasScanVuln");
  const findings: WireFinding[] = [];
  for (const item of items.slice(0, MAX_FINDINGS_PER_SCAN)) {
    const qid = (textOf(item, "qid") ?? "").trim().slice(0, 60);
    const severity = Number(textOf(item, "severity") ?? "NaN");
    findings.push({
      qid,
      title: (textOf(item, "title") ?? "").slice(0, 500),
      uri: textOf(item, "uri")?.slice(0, 2_000),
      severity: Number.isInteger(severity) && severity >= 1 && severity <= 5 ? (severity as 1 | 2 | 3 | 4 | 5) : undefined,
    });
  }
  const said = Number(textOf(vulns, "count") ?? "NaN");
  const listed = Number.isInteger(said) ? Math.max(said, items.length) : items.length;
  // With no vulns at all, the counts by level are the only word on how many there are.
  const counted = vulns === undefined ? (counts ?? []).reduce((a, n) => a + n, 0) : 0;
  return { findings, truncated: listed > findings.length || counted > findings.length };
}

/** `stats.global.nbVulnsLevel1..5` of a results download, or undefined when absent. */
export function decodeVulnCounts(r: XmlRecord): readonly number[] | undefined {
  const global = recordOf(recordOf(r, "stats"), "global");
  if (global === undefined) return undefined;
  const counts = VULN_LEVEL_FIELDS.map((f) => Number(textOf(global, f) ?? "0"));
  // A count that is not a whole number says nothing; the gates then go by the list alone, or fail unjudged.
  return counts.every((n) => Number.isInteger(n) && n >= 0) ? counts : undefined;
}
