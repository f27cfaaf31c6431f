/**
 * A scan's runs ("iterations", sheet §3 and §4 "Check state"). Enabling a scan starts one; it moves
 * pending → running → completed on the emulator's clock, or to `failed` when the scan had no seed
 * to start from or is named in the `failingScans` option (emulator rules, so tests can reach the
 * failed state). Disabling a scan cancels an unfinished one. State is advanced lazily when read, so no timer runs in the emulator.
 */

export interface IterationTiming {
  /** How long an iteration stays `pending` before it runs. */
  readonly pendingMs: number;
  /** How long it stays `running`. */
  readonly runDurationMs: number;
}

export interface IterationRecord {
  readonly id: string;
  /** `pending | running | completed | failed | cancelled`; a loaded state may hold any other word, kept as is. */
  state: string;
  started_at: string | null;
  finished_at: string | null;
  /** Epoch ms at which it starts running / ends, or null when it no longer moves. */
  runningAt: number | null;
  finishAt: number | null;
  readonly outcome: "completed" | "failed";
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function startIteration(id: string, now: number, timing: IterationTiming, hasSeeds: boolean): IterationRecord {
  const it: IterationRecord = {
    id,
    state: "pending",
    started_at: null,
    finished_at: null,
    runningAt: now + timing.pendingMs,
    finishAt: now + timing.pendingMs + timing.runDurationMs,
    outcome: hasSeeds ? "completed" : "failed",
  };
  advance(it, now);
  return it;
}

export function advance(it: IterationRecord, now: number): void {
  if (it.state === "pending" && it.runningAt !== null && now >= it.runningAt) {
    it.state = "running";
    it.started_at = iso(it.runningAt);
    it.runningAt = null;
  }
  if (it.state === "running" && it.finishAt !== null && now >= it.finishAt) {
    it.state = it.outcome;
    it.finished_at = iso(it.finishAt);
    it.finishAt = null;
  }
}

export const isFinished = (it: IterationRecord): boolean => ["completed", "failed", "cancelled"].includes(it.state);

export function cancel(it: IterationRecord, now: number): void {
  if (isFinished(it)) return;
  it.state = "cancelled";
  it.finished_at = iso(now);
  it.runningAt = null;
  it.finishAt = null;
}

/** The wire shape (sheet, "scanform's decisions": `iteration: {id, state, started_at, finished_at}`). */
export const iterationWire = (it: IterationRecord): { id: string; state: string; started_at: string | null; finished_at: string | null } => ({
  id: it.id,
  state: it.state,
  started_at: it.started_at,
  finished_at: it.finished_at,
});
