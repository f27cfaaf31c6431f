/**
 * The Driver interface: the only way the plan and apply engines reach a vendor. A vendor is one
 * folder under src/vendors/<vendor>/ (api.ts: wire decisions; client.ts: typed calls; driver.ts:
 * this interface) plus its emulator; the engines know no vendor by name.
 */
import type { Address } from "../core/address.js";
import type { Diagnostic } from "../core/errors.js";
import type { JsonObject, JsonValue } from "../core/json.js";
import type { CallLimit, HttpClient, HttpRequest, HttpResponse, ThrottleHint } from "../http/types.js";
import type { DesiredResource } from "../manifest/model.js";
import type { Change } from "../plan/change.js";
import type { JournalEntry, StateEntry } from "../state/model.js";

export type Spec = JsonObject;
export type Ids = Readonly<Record<string, string>>;

/** How a top-level spec field is compared and changed. */
export interface FieldRule {
  /** `replace`: the vendor cannot change it in place, so a change is delete + create. */
  readonly update: "in-place" | "replace";
  /** Compared as a set: order never matters, diffs list members added and removed. */
  readonly set?: boolean;
  /** Set when the vendor cannot clear the field once it holds a value: why, for the plan's refusal. */
  readonly cannotClear?: string;
}

export interface KindInfo {
  readonly mode: "managed" | "data";
  /** Fields of the spec; a field not listed is compared as an in-place value. */
  readonly fields: Readonly<Record<string, FieldRule>>;
  /** false: the vendor cannot read it back (Cortex definitions), so the plan compares with state. */
  readonly readable: boolean;
  /**
   * For a kind that is not readable: what that means for the reader, in the vendor's words. The plan
   * says it once, and only when it holds a change of the kind that the limit affects.
   */
  readonly readBackLimit?: string;
  /** false: removal cannot delete it at the vendor; the plan shows `forget` with a warning. */
  readonly deletable: boolean;
  /** Runs can be launched for it (`launch:` in the manifest). */
  readonly launchable: boolean;
  /** Runs can be waited on (`wait` / `status`): launched runs, or a scan's latest iteration. */
  readonly pollable: boolean;
  /**
   * Checks of a spec about to be sent that depend on the day, e.g. a one-off start already past.
   * Pure: `now` is the plan's injected clock. Each message becomes a plan warning at the resource.
   */
  readonly review?: (spec: Spec, now: Date) => readonly string[];
  /**
   * Set for a kind the vendor can neither list nor read (Cortex definitions), so that a manifest can
   * take over an existing object by its console id (`adopt: {id}`): its ids, and why the plan cannot
   * show what the first apply overwrites.
   */
  readonly adoptById?: { ids(id: string): Ids; readonly why: string };
  /**
   * Set for a kind whose every write sends the whole spec (a Cortex definition): `ignore:` keeps a
   * field out of the plan, not out of the write, so the plan warns. Why, in the vendor's words.
   */
  readonly sendsWhole?: string;
  /**
   * The calls apply makes to the vendor for one planned change (a launch after it included), as
   * the plan estimates them: reads that observe already made and remembered count nothing. Pure;
   * the vendor facts it counts are in the vendor's api.ts. Absent: one call per create, update,
   * delete and launch (src/plan/estimate.ts).
   */
  readonly callsFor?: (change: Change) => number;
}

export interface ObserveRequest {
  /** This vendor's desired resources, managed and data. */
  readonly desired: readonly DesiredResource[];
  /** This vendor's state entries (including those no longer in the manifests). */
  readonly state: readonly StateEntry[];
  readonly signal?: AbortSignal;
  /**
   * The caller takes the objects as soon as they are known and awaits Observation.complete for
   * checks that cannot change them (src/plan/make-plan.ts diffs meanwhile). Without it, a driver
   * answers with the complete observation.
   */
  readonly objectsFirst?: boolean;
}

export interface ObservedObject {
  readonly address: Address;
  /**
   * `state`: found by the ids state recorded. `name`: found by natural key (exact name) for an
   * address state does not know: an adopt candidate, or a conflict the plan reports.
   */
  readonly match: "state" | "name";
  readonly ids: Ids;
  /** Normalised into manifest terms: the same shape as the DesiredResource spec of its kind. */
  readonly spec: Spec;
  /** Changes whenever the vendor object changes; saved plans compare it to detect staleness. */
  readonly fingerprint: string;
  /** For the reader only: e.g. seeds without the `scanform` tag, left alone. */
  readonly notes: readonly string[];
  /**
   * Values of a top-level field that name one vendor object, e.g. a scan group's UUID and its name.
   * The plan compares such values as equal, so writing one where state recorded the other is
   * neither a change nor drift.
   */
  readonly sameAs?: readonly { readonly field: string; readonly values: readonly string[] }[];
  /**
   * Members of a set field that the vendor holds but scanform does not own (seeds without the
   * `scanform` tag): never reported as drift, whether or not the manifests list them.
   */
  readonly unowned?: readonly { readonly field: string; readonly values: readonly JsonValue[] }[];
  /**
   * Objects at the vendor that scanform does not manage and that use this one, each as a clause
   * for people: `schedule "Nightly" (id 7), which scanform does not manage, targets it`. Deleting
   * or replacing this object leaves them broken, so the plan warns. From what observe already read.
   */
  readonly usedBy?: readonly string[];
  /**
   * What the object holds at the vendor that scanform does not own, each as a phrase for people:
   * `2 seeds without the scanform tag (a.example.com, b.example.com)`. An update leaves it alone;
   * deleting or replacing the object deletes it too, so the plan warns.
   */
  readonly holds?: readonly string[];
}

export interface Observation {
  readonly objects: readonly ObservedObject[];
  /** Data resources not found, ambiguous names, ... (errors stop the plan). */
  readonly diagnostics: readonly Diagnostic[];
  /**
   * Only for a request with `objectsFirst`, while checks that cannot change `objects` are still
   * running (Qualys' tag lookups only check names): the observation once they have settled, with
   * the same objects and every diagnostic. Rejects as observe would have.
   */
  readonly complete?: Promise<Observation>;
}

/** Given to each operation by the apply engine. */
export interface StepContext {
  readonly signal: AbortSignal;
  /** Ids of another address (a dependency, a data resource), as state or observation knows them. */
  idsOf(address: Address): Ids | undefined;
  /** Persist the ids that have landed so far, before the next vendor call. Awaited. */
  checkpoint(ids: Ids): Promise<void>;
}

export interface LaunchResult {
  readonly runId: string;
}

/** What a read-back by natural key found after an ambiguous create or launch. */
export type ReadBack =
  | { readonly outcome: "landed"; readonly ids: Ids; readonly runId?: string }
  | { readonly outcome: "absent" }
  /**
   * The vendor cannot be searched for it (Cortex): the user must check the console. `message` says
   * why scanform cannot tell; `lookFor`, what a person can find in the console (a name, a time
   * window), when the entry's natural key is not it.
   */
  | { readonly outcome: "unknowable"; readonly message: string; readonly lookFor?: string };

/** `idle`: nothing has run and nothing will until the object is switched on (a disabled scan); terminal, not a failure. */
export type RunPhase = "pending" | "running" | "paused" | "succeeded" | "failed" | "cancelled" | "idle";

export type Severity = 1 | 2 | 3 | 4 | 5;

/** One finding of a finished run, in the same shape for every vendor. */
export interface Finding {
  /** The vendor's rule id, e.g. a Qualys QID; the key of gates and acceptances. */
  readonly rule: string;
  readonly title: string;
  /**
   * Absent when the vendor gives none that can be read (Qualys documents no severity per finding,
   * vendors/qualys.md §10): such a finding still counts for rule gates, and for severity gates
   * through the vendor's counts by level (apply/gates.ts), never as "none".
   */
  readonly severity?: Severity;
  /** The vendor-side name of what was scanned (a Qualys web app's name). */
  readonly target?: string;
  /** Where the finding was seen, when the vendor says (the URL tested). */
  readonly url?: string;
}

/**
 * What a vendor says of a finished run beyond its state: its findings, or why none can be had
 * (the vendor documents no results endpoint for this kind, or has not given them yet). `truncated`:
 * `findings` is not the whole list: the vendor listed more findings than scanform reads of one run,
 * or said its list holds more than it gave; the severity counts, when given, still hold them all.
 */
export type RunResults =
  | { readonly available: true; readonly findings: readonly Finding[]; readonly truncated: boolean }
  | { readonly available: false; readonly why: string };

export interface RunStatus {
  readonly phase: RunPhase;
  readonly terminal: boolean;
  /** The vendor's own words, e.g. `RUNNING`, `Scan is in Running state`. */
  readonly vendorState: string;
  /** Findings by severity (1..5) once a finished run's results are known. */
  readonly findings?: Readonly<Record<"1" | "2" | "3" | "4" | "5", number>>;
  /** Once terminal: the findings themselves, or why the vendor gives none. */
  readonly results?: RunResults;
  readonly detail?: string;
}

/** What a credential check found. A failed check throws: VENDOR_AUTH, VENDOR_PERMISSION, HTTP_NETWORK naming the host, ... */
export interface CredentialCheck {
  /** The call that proved the credentials, e.g. `GET /auth`. */
  readonly call: string;
  /**
   * The vendor's clock minus this machine's, in ms, from the answer's Date header: set only where
   * the vendor's auth depends on the time (Cortex advanced keys).
   */
  readonly clockSkewMs?: number;
  /** The skew the vendor is taken to accept, with clockSkewMs. */
  readonly maxClockSkewMs?: number;
  /** For the reader, e.g. the vendor's version. */
  readonly notes: readonly string[];
  /**
   * The vendor refused the credentials, with its answer's clock known: the refusal stands unless
   * the clock is the reason (a signed request past the skew the vendor accepts).
   */
  readonly refused?: Error;
}

/** An object at the vendor as `scanform import` writes it into a manifest. */
export interface InventoryItem {
  readonly kind: string;
  readonly ids: Ids;
  /** In manifest terms, the same shape as the kind's DesiredResource spec; `name` is the vendor's name. */
  readonly spec: Spec;
  /** For the manifest's reader: the vendor's id, and what the manifest does not carry. */
  readonly comment: string;
  /**
   * Spec fields that name other objects of the inventory (a schedule's web apps and profile): the
   * import writes each as the manifest key of that object, imported alongside or already managed.
   */
  readonly refs?: readonly InventoryRef[];
}

export interface InventoryRef {
  readonly field: string;
  readonly kind: string;
  readonly ids: readonly Ids[];
  /** A list field (sorted keys) rather than one key. */
  readonly list: boolean;
}

export interface ReadBackOptions {
  readonly heldElsewhere?: (ids: Ids) => boolean;
}

export interface VendorSession {
  /**
   * Every object of these kinds the credentials can see (bulk list calls), for `scanform import`.
   * Optional: a vendor whose API cannot list its objects (Cortex) has none.
   */
  inventory?(kinds: readonly string[], signal?: AbortSignal): Promise<readonly InventoryItem[]>;
  /**
   * One cheap authenticated call (vendor sheet "key check"), so a wrong secret fails `doctor` and
   * `plan` rather than the first write after a merge. Optional: a session without it is not checked.
   */
  checkCredentials?(signal?: AbortSignal): Promise<CredentialCheck>;
  /** Bulk reads (list and search calls, all pages, concurrently), never one read per resource where a list exists. */
  observe(request: ObserveRequest): Promise<Observation>;
  /**
   * Starts the reads that this vendor's desired resources alone show the next observe will make,
   * so they are in flight while the plan reads state; that observe takes them over. Optional, and
   * never more than observe would have sent.
   */
  prefetch?(desired: readonly DesiredResource[], signal?: AbortSignal): void;
  create(change: Change & { action: "create" | "replace" }, ctx: StepContext): Promise<Ids>;
  update(change: Change & { action: "update" | "import" }, ctx: StepContext): Promise<void>;
  delete(change: Change & { action: "delete" | "replace" }, ctx: StepContext): Promise<void>;
  /** `runKey` is unique per launch and recorded in the journal; the driver makes it findable (e.g. in the run's name). */
  launch(input: { readonly address: Address; readonly kind: string; readonly ids: Ids; readonly spec: Spec; readonly runKey: string }, ctx: StepContext): Promise<LaunchResult>;
  /**
   * The name a launch with `runKey` gives its run at the vendor, for vendors whose runs carry a
   * name: the journal records it, so a read-back after a lost answer searches for exactly that name.
   */
  runName?(input: { readonly kind: string; readonly spec: Spec; readonly runKey: string }): string;
  /**
   * Settles an open journal entry. `heldElsewhere` says which ids state records for other
   * addresses: such an object was there before the create was sent, so it is never the create's
   * (a key renamed without `moved:` makes a second object of the same name).
   */
  readBack(entry: JournalEntry, signal?: AbortSignal, options?: ReadBackOptions): Promise<ReadBack>;
  /**
   * Reads one object of a readable kind by the ids state recorded: `absent` only when the vendor
   * says it does not exist. The plan asks it for every object a list answer lacked before it plans
   * a create or a forget for it, so a partial list (or a key of another tenant) never doubles
   * objects. A driver without it leaves such objects unconfirmed (docs/plan.md).
   */
  confirmAbsent?(object: { readonly address: Address; readonly kind: string; readonly ids: Ids }, signal?: AbortSignal): Promise<"absent" | "present">;
  status(run: RunRef, signal?: AbortSignal): Promise<RunStatus>;
  /**
   * The status of many runs in as few calls as the vendor's API allows (a search by a list of run
   * ids, one call per page), each as `status` would read it: `wait` and `status` ask it once per
   * poll for all of a vendor's runs. Answers align with `runs`; a run the vendor could not say
   * anything of (unknown id, a failed call) is its error. Optional: a vendor whose API reads one
   * run a call has none, and every run is read with `status` (the reason is in its api.ts).
   */
  statuses?(runs: readonly RunRef[], signal?: AbortSignal): Promise<readonly RunRead[]>;
}

/** A run (or a pollable object's latest state) to read: its resource, its ids and its run id. */
export interface RunRef {
  readonly address: Address;
  readonly kind: string;
  readonly ids: Ids;
  readonly runId?: string;
}

/** One run's answer to a batched read. */
export type RunRead = { readonly status: RunStatus } | { readonly error: Error };

/** Connection settings after `${VAR}` resolution; only ever held in memory. */
export type ResolvedSettings = Readonly<Record<string, string>>;

export interface ConnectDeps {
  /** Builds the vendor's HTTP client; the driver supplies auth, limits and its throttle hint. */
  makeHttp(options: VendorHttpOptions): HttpClient;
  readonly now: () => Date;
  /** Pages one paged read may take (HttpLimits.maxPages); the HTTP layer's default when absent. */
  readonly maxPages?: number;
}

export interface VendorHttpOptions {
  readonly vendor: string;
  readonly baseUrl: string;
  /** Default requests in flight and per second; the vendor's answers may lower them at run time. */
  readonly concurrency: number;
  readonly ratePerSecond?: number;
  /**
   * A limit known before any answer (a user's setting, the vendor's documentation): the client
   * paces to it and the plan measures its estimate against it until an answer states another.
   */
  readonly callLimit?: CallLimit;
  /** The largest answer this vendor can genuinely send (a page of 1,000 objects); the HTTP layer's default otherwise. */
  readonly maxBodyBytes?: number;
  /** Headers for one attempt; called again for every retry (Cortex needs a fresh nonce each time). */
  authenticate(request: HttpRequest): Readonly<Record<string, string>>;
  /** Values to mask in every error, log line and trace. */
  readonly secrets: readonly string[];
  /** Reads pacing from an answer (Retry-After is understood by the client already). */
  throttleHint?(status: number, headers: Readonly<Record<string, string>>, body: string): ThrottleHint | undefined;
  /**
   * True when an answer proves the base URL does not lead to this vendor's API: a 404 on a path
   * every tenant serves, or a 404 without the vendor's own error envelope. The client then fails
   * with HTTP_WRONG_URL, naming the URL, instead of the answer being read as "object not found".
   */
  notThisApi?(request: HttpRequest, response: HttpResponse): boolean;
}

export interface Driver {
  readonly vendor: string;
  readonly kinds: Readonly<Record<string, KindInfo>>;
  /** Manifest setting → environment variable that may supply it, e.g. `{ apiKey: "HEXIOSEC_API_KEY" }`. */
  readonly settingsEnv: Readonly<Record<string, string>>;
  /** Settings that are secrets: masked everywhere and only read from `${VAR}` or the environment. */
  readonly secretSettings: readonly string[];
  /**
   * The vendor's cap on requests in flight, which its client starts with. Apply runs at most twice
   * this many of the vendor's steps at once (one making its call while another writes state), in a
   * pool of the vendor's own, so no vendor's steps wait behind another's.
   */
  readonly concurrency: number;
  /**
   * The ids this driver records for an object of `kind`, from the one id a person read in the
   * vendor's console (`scanform state journal resolve ID --landed X`), e.g. Cortex
   * `{ definitionId: X }`: what a resolve records must be what the driver reads next run.
   * Throws a ScanformError (VENDOR_ID_INVALID) for an id the vendor never issues in that form.
   */
  idsFromConsole(kind: string, id: string): Ids;
  /**
   * A run id as a person read it in the console (`resolve --landed X --run R`), as status reads it:
   * throws a ScanformError (VENDOR_ID_INVALID) for one the vendor never issues. Absent: any text.
   */
  runIdFromConsole?(kind: string, runId: string): string;
  /** Checks the resolved settings (url present, key type known, HTTPS or loopback) and connects. */
  connect(settings: ResolvedSettings, deps: ConnectDeps): VendorSession;
}
