/**
 * Counts and the exit code, derived from the event stream alone, so every renderer and the CLI
 * agree on them. Any failed step, any journal entry that stays unsettled, and an interrupted apply
 * are failures.
 */
import { EXIT, type ExitCode } from "../core/exit-codes.js";
import type { ApplyEvent, Outcome } from "./events.js";
import type { Verdict } from "./wait-events.js";

export interface Tally {
  readonly sink: (e: ApplyEvent) => void;
  counts(): Readonly<Record<Outcome, number>>;
  exitCode(): ExitCode;
  /** `Apply: X succeeded, Y failed, Z skipped.` */
  summary(): string;
}

export function createTally(): Tally {
  const counts: Record<Outcome, number> = { succeeded: 0, failed: 0, skipped: 0 };
  let unsettled = 0;
  let interrupted = false;
  let finished = false;
  return {
    sink: (e) => {
      if (e.type === "step-finished") counts[e.outcome] += 1;
      if (e.type === "journal-settled" && e.outcome === "unknowable") unsettled += 1;
      if (e.type === "apply-finished") {
        finished = true;
        interrupted = e.interrupted;
      }
    },
    counts: () => ({ ...counts }),
    exitCode: () => (!finished || interrupted || counts.failed > 0 || unsettled > 0 ? EXIT.error : EXIT.ok),
    summary: () => applySummary(counts),
  };
}

export const applySummary = (c: Readonly<Record<Outcome, number>>): string => `Apply: ${c.succeeded} succeeded, ${c.failed} failed, ${c.skipped} skipped.`;

/** After waiting: a tripped gate is one code, a broken scan (failed, cancelled, timed out, unreadable) another; an interrupted wait is an error. */
export function waitExitCode(counts: Readonly<Record<Verdict, number>>): ExitCode {
  // A tripped gate is the stronger news: the target is vulnerable, whatever else broke.
  if (counts.threshold > 0) return EXIT.gateTripped;
  if (counts.failed + counts.timeout + counts.error > 0) return EXIT.scanBroke;
  if (counts.interrupted > 0) return EXIT.error;
  return EXIT.ok;
}
