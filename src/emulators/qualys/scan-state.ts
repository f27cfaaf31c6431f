/**
 * Where a launched scan is on the emulator clock: SUBMITTED → RUNNING → FINISHED (or ERROR), or
 * CANCELED (vendors/qualys.md §10 "Status"). `<summary>` exists only once a scan has ended and was
 * not canceled; a scan cut by `cancelAfterNHours` finishes with TIME_LIMIT_REACHED.
 */
import type { ScanRecord } from "./store.js";

export type ScanStatus = "SUBMITTED" | "RUNNING" | "FINISHED" | "ERROR" | "CANCELED";

export interface ScanState {
  readonly status: ScanStatus;
  readonly summary?: { readonly resultsStatus: string; readonly authStatus: string };
  /** Epoch ms when it ended. */
  readonly endedAt?: number;
  /** Share of the run done, 0..1: partial results of a scan canceled with results. */
  readonly progress: number;
}

export function scanState(scan: ScanRecord, now: number): ScanState {
  const limitMs = scan.cancelAfterNHours === null ? Number.POSITIVE_INFINITY : scan.cancelAfterNHours * 3_600_000;
  const runMs = Math.min(scan.runDurationMs, limitMs);
  const progressAt = (t: number): number => (scan.runDurationMs === 0 ? 1 : Math.min(1, Math.max(0, t - scan.launchedAt) / scan.runDurationMs));
  if (scan.canceledAt !== undefined) return { status: "CANCELED", endedAt: scan.canceledAt, progress: progressAt(scan.canceledAt) };
  const elapsed = now - scan.launchedAt;
  if (elapsed < scan.submittedMs && elapsed < runMs) return { status: "SUBMITTED", progress: 0 };
  if (elapsed < runMs) return { status: "RUNNING", progress: progressAt(now) };
  const endedAt = scan.launchedAt + runMs;
  if (runMs < scan.runDurationMs) {
    return { status: "FINISHED", endedAt, summary: { resultsStatus: "TIME_LIMIT_REACHED", authStatus: scan.outcome.authStatus }, progress: progressAt(endedAt) };
  }
  return { status: scan.outcome.status, endedAt, summary: { resultsStatus: scan.outcome.resultsStatus, authStatus: scan.outcome.authStatus }, progress: 1 };
}

export const isRunning = (state: ScanState): boolean => state.status === "SUBMITTED" || state.status === "RUNNING";
