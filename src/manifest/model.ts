/**
 * The Desired model: what the manifests declare, typed, normalised and vendor-neutral in shape.
 * It is the input the plan diffs. Everything here is plain readonly data without secrets:
 * connection settings keep their `${VAR}` templates unresolved until a vendor is contacted.
 *
 * Owned by src/manifest (the loader builds it); drivers read the per-kind specs below.
 */
import type { Address } from "../core/address.js";
import type { SourceLocation } from "../core/errors.js";
import type { JsonObject } from "../core/json.js";
import type { Weekday } from "../core/wall-clock.js";

/** A string that may hold `${VAR}` references, resolved only when a vendor or backend is contacted. */
export type Template = string;

/** Connection settings of one vendor as written, templates unresolved. Keys are the manifest's. */
export type VendorSettings = Readonly<Record<string, Template>>;

export type StateSettings =
  | { readonly backend: "local"; readonly path?: string; readonly source?: SourceLocation }
  | { readonly backend: "postgres"; readonly url: Template; readonly workspace?: string; readonly source?: SourceLocation };

export interface ResourceOptions {
  /** Refuse to delete. Kept in state, so removing the block from the manifests does not lift it. */
  readonly protect: boolean;
  /** Take over a same-named object found at the vendor but not in state, instead of refusing. */
  readonly adopt: boolean;
  /**
   * `adopt: {id}`: the vendor id of an object the vendor cannot list or read (a Cortex definition),
   * taken over by the first apply, which overwrites it with the manifest.
   */
  readonly adoptId?: string;
  /** Spec fields owned by the vendor or by people: never diffed, never written. */
  readonly ignore: readonly string[];
}

export type LaunchPolicy = "never" | "on-change" | "always";

export type SeverityKey = "1" | "2" | "3" | "4" | "5";

/**
 * The gates a finished run is held to (apply/gates.ts); accepted findings count for none:
 * at least `count` findings of `severity` or higher; more than `limits[s]` findings of severity
 * `s`; any finding whose rule id (a Qualys QID) lies in one of `rules`.
 */
export interface FailOn {
  readonly severity?: 1 | 2 | 3 | 4 | 5;
  readonly count: number;
  readonly limits?: Readonly<Partial<Record<SeverityKey, number>>>;
  readonly rules?: readonly { readonly from: number; readonly to: number }[];
}

/** An accepted risk: findings of `rule` on `target` (at `url` only, when given) trip no gate until `expires` has passed. */
export interface Acceptance {
  readonly vendor: string;
  readonly rule: string;
  /** Address of the resource the finding is on, e.g. `qualys.webApp.shop`. */
  readonly resource: Address;
  /** Its vendor-side name, which a finding names; filled in once all files are read. */
  readonly target: string;
  readonly url?: string;
  readonly reason: string;
  /** YYYY-MM-DD, the last day (UTC) it holds. */
  readonly expires: string;
  readonly source: SourceLocation;
}

export interface WaitPolicy {
  readonly timeoutMs: number;
  readonly failOn?: FailOn;
}

/**
 * `managed`: scanform creates, changes and deletes it. `data`: looked up by name at the vendor,
 * never changed (Qualys option profiles); the plan errors when it cannot be found.
 */
export type ResourceMode = "managed" | "data";

export interface DesiredResource<S extends JsonObject = JsonObject> {
  readonly address: Address;
  readonly vendor: string;
  readonly kind: string;
  /** The manifest map key. The vendor-side name is `spec.name`, which defaults to it. */
  readonly name: string;
  readonly mode: ResourceMode;
  /** Normalised: sets sorted and de-duplicated, values canonical, references as addresses. */
  readonly spec: S;
  /** Addresses this resource refers to (a schedule's web apps and profile); they must exist. */
  readonly dependsOn: readonly Address[];
  readonly options: ResourceOptions;
  readonly launch?: LaunchPolicy;
  readonly wait?: WaitPolicy;
  readonly source: SourceLocation;
}

/** `moved: [{from, to}]`: a rename, applied to state instead of delete + create. */
export interface Moved {
  readonly from: Address;
  readonly to: Address;
  readonly source: SourceLocation;
}

export interface Desired {
  readonly files: readonly string[];
  /** Digest of the normalised configuration (not of the file bytes), recorded in saved plans. */
  readonly digest: string;
  readonly vendors: Readonly<Record<string, VendorSettings>>;
  readonly state: StateSettings;
  readonly moved: readonly Moved[];
  /** In a stable order: by address. */
  readonly resources: readonly DesiredResource[];
  /**
   * digest() of each resource's spec, by address, worked out with `digest` (a spec's canonical text
   * is made once for both). Absent from a Desired built by hand: then each is worked out on demand.
   */
  readonly specDigests?: ReadonlyMap<Address, string>;
  /** Whether a `scope:` block held the seeds, targets and URLs, and how many (manifest/scope.ts). */
  readonly scope?: { readonly declared: boolean; readonly checked: number };
  /** Accepted risks, in manifest order. */
  readonly acceptances?: readonly Acceptance[];
}

// ---------------------------------------------------------------------------------------------
// Per-kind specs: the manifest language after normalisation. Drivers map these to wire formats.
// ---------------------------------------------------------------------------------------------

export type HexiosecScanType = "adhoc" | "continuous_own" | "continuous_vendor";

/** `hexiosec.scan.<name>` */
export type HexiosecScanSpec = {
  readonly name: string;
  /** Scan group name or UUID, as written. */
  readonly group: string;
  readonly type: HexiosecScanType;
  /** Normalised seed values (see targets.ts), sorted, unique. */
  readonly seeds: readonly string[];
  readonly enabled: boolean;
  readonly dnsNamelist: boolean;
  readonly ignoreIpNodes: boolean;
};

/** The days a schedule names: one spelling with src/core/wall-clock.ts, which reads them off a zone's clock. */
export type { Weekday };

/** `cortex.scan.<name>` */
export type CortexScanSpec = {
  readonly name: string;
  readonly description: string;
  /** vt_config_id */
  readonly template: number;
  /** network_scanner_ids, sorted */
  readonly scanners: readonly string[];
  readonly network: number;
  readonly portList: number;
  readonly credentials: readonly number[];
  readonly targetGroups: readonly number[];
  /** Normalised CIDRs, addresses or a-b ranges, sorted. */
  readonly targets: readonly string[];
  readonly excludedTargets: readonly string[];
  readonly overrideTargetExclusions: boolean;
  readonly enableReport: boolean;
  readonly schedule: {
    readonly cadence: "DAILY" | "WEEKLY" | "MONTHLY" | "ONCE";
    /** In week order sun..sat. */
    readonly days: readonly Weekday[];
    readonly dates: readonly number[];
    /** "HH:MM" */
    readonly at: string;
    readonly timezone: string;
    /** "YYYY-MM-DD" */
    readonly start: string;
    readonly quietHours: readonly { readonly start: string; readonly end: string }[];
  };
  /** Optional engine settings (ScanSettingsPayload), camelCase, only those the manifest sets. */
  readonly settings: JsonObject;
};

/** `qualys.profile.<name>` (mode `data`): an option profile looked up by exact name. */
export type QualysProfileSpec = {
  readonly name: string;
};

/** `qualys.webApp.<name>` */
export type QualysWebAppSpec = {
  readonly name: string;
  readonly url: string;
  /** Tag names, sorted, unique; resolved to ids by the driver. */
  readonly tags: readonly string[];
  /** Address of a `qualys.profile`, or null. */
  readonly defaultProfile: Address | null;
};

export type QualysScanType = "VULNERABILITY" | "DISCOVERY";

export type QualysOccurrence =
  | { readonly type: "DAILY"; readonly everyNDays: number }
  | {
          readonly type: "WEEKLY";
      readonly everyNWeeks: number;
      readonly days: readonly Weekday[];
    };

/** `qualys.schedule.<name>` */
export type QualysScheduleSpec = {
  readonly name: string;
  readonly type: QualysScanType;
  /** Addresses of `qualys.webApp`s, sorted. */
  readonly webApps: readonly Address[];
  /** Address of a `qualys.profile`. */
  readonly profile: Address;
  readonly occurrence: QualysOccurrence;
  /** "HH:MM" in `timezone`. */
  readonly at: string;
  readonly timezone: string;
  readonly active: boolean;
};

/** `qualys.scan.<name>`: an on-demand scan, launched per the resource's `launch` policy. */
export type QualysScanSpec = {
  readonly name: string;
  readonly type: QualysScanType;
  readonly webApps: readonly Address[];
  /** Address of a `qualys.profile`, or null to use each web app's default profile. */
  readonly profile: Address | null;
};
