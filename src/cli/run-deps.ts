/** What apply, wait and status share: injected clock, ids, interrupts and sleep, and how their errors become exit codes. */
import { setTimeout as delay } from "node:timers/promises";
import type { ScanformError } from "../core/errors.js";
import { EXIT } from "./exit-codes.js";
import type { InterruptSource } from "./interrupts.js";

export interface RunDeps {
  readonly now?: () => Date;
  readonly newId?: () => string;
  /** Default: nothing interrupts (the integrator passes processInterrupts). */
  readonly interrupts?: InterruptSource;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly pollIntervalMs?: number;
}

export const DEFAULT_POLL_INTERVAL_MS = 10_000;

/** Resolves after `ms`, or as soon as `signal` aborts. */
export const realSleep = (ms: number, signal: AbortSignal): Promise<void> => delay(ms, undefined, { signal }).catch(() => undefined);

export function exitFor(e: ScanformError): number {
  if (e.code === "STATE_LOCKED") return EXIT.locked;
  if (e.code === "PLAN_STALE") return EXIT.stalePlan;
  return EXIT.error;
}
