/**
 * A document as the schema lets it be written, before defaults and normalisation. Only data that
 * passed schema validation is read through these types.
 */
import type { HexiosecScanType, LaunchPolicy, QualysScanType, Weekday } from "./model.js";

export interface RawOptions {
  readonly name?: string;
  readonly protect?: boolean;
  /** `{ id }`: a Cortex definition taken over by its console id (the schema allows it there only). */
  readonly adopt?: boolean | { readonly id: string };
  readonly ignore?: readonly string[];
}

/** `outOfScope`: a deliberate exception to the scope guard. */
export interface RawScopeException {
  readonly reason: string;
  readonly expires: string;
}

/** A seed or target: the value, or the value with its scope exception beside it. */
export type RawScopedValue = string | { readonly value: string; readonly outOfScope: RawScopeException };

export interface RawScope {
  readonly owned?: readonly string[];
  readonly thirdParties?: readonly string[];
}

export interface RawHexiosecScan extends RawOptions {
  readonly group: string;
  readonly type: HexiosecScanType;
  readonly seeds: readonly RawScopedValue[];
  readonly enabled?: boolean;
  readonly dnsNamelist?: boolean;
  readonly ignoreIpNodes?: boolean;
}

export interface RawCortexSchedule {
  readonly cadence: "DAILY" | "WEEKLY" | "MONTHLY" | "ONCE";
  readonly days?: readonly Weekday[];
  readonly dates?: readonly number[];
  readonly at: string;
  readonly timezone?: string;
  readonly start: string;
  readonly quietHours?: readonly { readonly start: string; readonly end: string }[];
}

export interface RawWait {
  readonly timeout: string;
  readonly failOn?: {
    readonly severity?: 1 | 2 | 3 | 4 | 5;
    readonly count?: number;
    readonly limits?: Readonly<Partial<Record<"1" | "2" | "3" | "4" | "5", number>>>;
    readonly qids?: readonly (number | string)[];
  };
}

export interface RawCortexScan extends RawOptions {
  readonly description?: string;
  readonly template: number;
  readonly scanners: readonly string[];
  readonly network: number;
  readonly portList: number;
  readonly credentials?: readonly number[];
  readonly targetGroups?: readonly number[];
  readonly targets?: readonly RawScopedValue[];
  readonly excludedTargets?: readonly RawScopedValue[];
  readonly overrideTargetExclusions?: boolean;
  readonly enableReport?: boolean;
  readonly schedule: RawCortexSchedule;
  readonly settings?: Readonly<Record<string, string | number | boolean | readonly string[]>>;
  readonly launch?: LaunchPolicy;
  readonly wait?: RawWait;
}

export interface RawQualysProfile {
  readonly name?: string;
}

export interface RawQualysWebApp extends RawOptions {
  readonly url: string;
  readonly outOfScope?: RawScopeException;
  readonly tags?: readonly string[];
  readonly defaultProfile?: string | null;
}

export interface RawQualysEvery {
  readonly days?: number;
  readonly weeks?: number;
  readonly on?: readonly Weekday[];
  readonly months?: number;
}

export interface RawQualysSchedule extends RawOptions {
  readonly type: QualysScanType;
  readonly webApps: readonly string[];
  readonly profile: string;
  readonly every: RawQualysEvery;
  readonly at: string;
  readonly timezone?: string;
  readonly active?: boolean;
}

export interface RawQualysScan extends RawOptions {
  readonly type: QualysScanType;
  readonly webApps: readonly string[];
  readonly profile?: string;
  readonly launch: LaunchPolicy;
  readonly wait?: RawWait;
}

export interface RawAcceptance {
  readonly qid: number;
  readonly webApp: string;
  readonly url?: string;
  readonly reason: string;
  readonly expires: string;
}

export interface RawState {
  readonly backend: "local" | "postgres";
  readonly path?: string;
  readonly url?: string;
  readonly workspace?: string;
}

export interface RawDocument {
  readonly vendors?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly state?: RawState;
  readonly scope?: RawScope;
  readonly moved?: readonly { readonly from: string; readonly to: string }[];
  readonly hexiosec?: { readonly scans?: Readonly<Record<string, RawHexiosecScan>> };
  readonly cortex?: { readonly scans?: Readonly<Record<string, RawCortexScan>> };
  readonly qualys?: {
    readonly profiles?: Readonly<Record<string, RawQualysProfile>>;
    readonly webApps?: Readonly<Record<string, RawQualysWebApp>>;
    readonly schedules?: Readonly<Record<string, RawQualysSchedule>>;
    readonly scans?: Readonly<Record<string, RawQualysScan>>;
    readonly accept?: readonly RawAcceptance[];
  };
}
