/**
 * A scan run's life on the emulator clock (vendors/cortex.md, scanform's decisions: states
 * Pending | Running | Paused | Completed | Failed | Aborted). A run is Pending for `pendingMs` of
 * active time, then Running for `runDurationMs`, then ends in its outcome. Pausing stops the
 * active time; resuming carries on where it stopped. State is derived when asked, never ticked.
 */
import type { RunCommand } from "./schema.js";

export type RunState = "Pending" | "Running" | "Paused" | "Completed" | "Failed" | "Aborted";
export type RunOutcome = "Completed" | "Failed";

export interface Run {
  readonly id: number;
  readonly definitionId: number;
  readonly target: string | null;
  readonly launchedAt: number;
  /** Active time banked before the current segment. */
  readonly activeMs: number;
  /** Start of the current active segment; null while paused or ended. */
  readonly segmentStart: number | null;
  /** Set once aborted; a finished run's end is derived from its active time. */
  readonly aborted: boolean;
  readonly outcome: RunOutcome;
}

export interface RunTiming {
  readonly pendingMs: number;
  readonly runDurationMs: number;
}

export function runState(run: Run, now: number, timing: RunTiming): RunState {
  if (run.aborted) return "Aborted";
  const active = run.activeMs + (run.segmentStart === null ? 0 : Math.max(0, now - run.segmentStart));
  if (active >= timing.pendingMs + timing.runDurationMs) return run.outcome;
  if (run.segmentStart === null) return "Paused";
  return active >= timing.pendingMs ? "Running" : "Pending";
}

/** The run after the command, or undefined when the command does not apply in its state (§1.4: 404). */
export function applyCommand(run: Run, command: RunCommand, now: number, timing: RunTiming): Run | undefined {
  const state = runState(run, now, timing);
  switch (command) {
    case "PAUSE":
      if (state !== "Pending" && state !== "Running") return undefined;
      return { ...run, activeMs: run.activeMs + (now - (run.segmentStart ?? now)), segmentStart: null };
    case "RESUME":
      return state === "Paused" ? { ...run, segmentStart: now } : undefined;
    case "ABORT":
      if (state !== "Pending" && state !== "Running" && state !== "Paused") return undefined;
      return { ...run, activeMs: run.activeMs + (run.segmentStart === null ? 0 : now - run.segmentStart), segmentStart: null, aborted: true };
  }
}

export const commandDoneText: Readonly<Record<RunCommand, string>> = {
  PAUSE: "Scan paused successfully",
  RESUME: "Scan resumed successfully",
  ABORT: "Scan aborted successfully",
};
