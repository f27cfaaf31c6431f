/**
 * The emulator's in-memory tenant: plain JSON records, so dump/load is a structured copy. Ids come
 * from per-object counters, so a given sequence of requests always yields the same ids.
 */

export type ScannerRef = { readonly type: "EXTERNAL" | "INTERNAL"; readonly friendlyName?: string };

export interface WebAppRecord {
  id: number;
  name: string;
  url: string;
  defaultProfileId: number | null;
  defaultScanner: ScannerRef | null;
  tagIds: number[];
  createdDate: string;
  updatedDate: string;
}

export interface TagRecord {
  readonly id: number;
  readonly name: string;
  readonly created: string;
}

export interface ProfileRecord {
  readonly id: number;
  readonly name: string;
  readonly isDefault: boolean;
  readonly createdDate: string;
}

export interface Scheduling {
  readonly startDate: string;
  readonly timeZone: string;
  readonly occurrenceType: "ONCE" | "DAILY" | "WEEKLY";
  readonly everyNDays?: number;
  readonly everyNWeeks?: number;
  readonly onDays?: readonly string[];
}

export interface ScanTarget {
  readonly webAppIds: readonly number[];
  /** Written with `webApps` (several, or one in the list form) rather than `webApp`. */
  readonly multi: boolean;
  readonly scannerAppliance: ScannerRef | null;
  readonly cancelOption: "DEFAULT" | "SPECIFIC" | null;
}

export interface ScheduleNotification {
  readonly active: boolean;
  readonly reschedule: boolean | null;
  readonly delay: { readonly nb: number; readonly scale: string } | null;
  readonly recipients: readonly string[];
  readonly message: string | null;
}

export interface ScheduleRecord {
  id: number;
  name: string;
  active: boolean;
  type: "VULNERABILITY" | "DISCOVERY";
  target: ScanTarget;
  profileId: number;
  scheduling: Scheduling;
  notification: ScheduleNotification | null;
  sendMail: boolean | null;
  createdDate: string;
  updatedDate: string;
}

export type ScanOutcomeStatus = "FINISHED" | "ERROR";

export interface ScanRecord {
  readonly id: number;
  readonly name: string;
  readonly reference: string;
  readonly type: "VULNERABILITY" | "DISCOVERY";
  readonly multi: boolean;
  /** Snapshot at launch: the web app may be deleted later. */
  readonly webApp: { readonly id: number; readonly name: string; readonly url: string };
  readonly profile: { readonly id: number; readonly name: string };
  readonly scannerAppliance: ScannerRef;
  readonly cancelOption: "DEFAULT" | "SPECIFIC" | null;
  readonly cancelAfterNHours: number | null;
  readonly sendMail: boolean | null;
  /** Epoch ms on the emulator clock. */
  readonly launchedAt: number;
  readonly submittedMs: number;
  readonly runDurationMs: number;
  readonly outcome: { readonly status: ScanOutcomeStatus; readonly resultsStatus: string; readonly authStatus: string };
  /** Vulnerabilities by level 1..5, revealed when the scan finishes. */
  readonly vulns: readonly [number, number, number, number, number];
  canceledAt?: number;
  cancelWithResults?: boolean;
}

export interface Store {
  webApps: WebAppRecord[];
  tags: TagRecord[];
  profiles: ProfileRecord[];
  schedules: ScheduleRecord[];
  scans: ScanRecord[];
  nextId: { webApp: number; tag: number; profile: number; schedule: number; scan: number };
}

export function emptyStore(): Store {
  return {
    webApps: [],
    tags: [],
    profiles: [],
    schedules: [],
    scans: [],
    // Distinct ranges per object, in the magnitude of the sheet's examples, so ids never collide by accident in tests.
    nextId: { webApp: 100_001, tag: 5_001, profile: 1_021, schedule: 200_001, scan: 300_001 },
  };
}

/** Qualys dates: UTC `YYYY-MM-DDTHH:MM:SSZ` (§1.4). */
export const qDate = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
