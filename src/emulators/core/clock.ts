/** The emulator's notion of time (vendor state such as run progress), kept apart from transport timing. */
import type { EmuClock } from "./types.js";

export const systemClock: EmuClock = { now: () => Date.now() };

export interface ManualClock extends EmuClock {
  /** Moves time forward; tests use it to run a scan to completion without waiting. */
  advance(ms: number): void;
  set(epochMs: number): void;
}

export function createManualClock(startMs = Date.UTC(2026, 0, 1)): ManualClock {
  let t = startMs;
  return {
    now: () => t,
    advance(ms) {
      t += ms;
    },
    set(epochMs) {
      t = epochMs;
    },
  };
}
