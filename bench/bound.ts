/**
 * The lower bound on wall time that the call count, the latency and the vendor's concurrency cap
 * set, and the check of a measured time against it (DESIGN.md: within 1.25×).
 *
 * A phase is a stretch of work that cannot start before the previous one has ended (the observe of
 * a plan; the steps of an apply). In a phase of `calls` requests each of which takes at least
 * `latency` and at most `cap` of which are in flight at once, no schedule can finish sooner than
 * ⌈calls / cap⌉ × latency. Phases add up.
 */

export const TARGET_RATIO = 1.25;

export interface Phase {
  readonly name: string;
  readonly calls: number;
  /** Requests in flight at once the vendor allows (the driver's cap given to its HTTP client). */
  readonly cap: number;
}

export const BOUND_FORMULA = "bound = Σ over sequential phases of ⌈calls in phase / vendor cap⌉ × latency";

export const phaseBoundMs = (phase: Phase, latencyMs: number): number => Math.ceil(phase.calls / phase.cap) * latencyMs;

export const lowerBoundMs = (phases: readonly Phase[], latencyMs: number): number => phases.reduce((sum, p) => sum + phaseBoundMs(p, latencyMs), 0);

/** `⌈9/2⌉×100 + ⌈200/2⌉×100 = 10500 ms`: the arithmetic, for the reader to check. */
export const explainBound = (phases: readonly Phase[], latencyMs: number): string =>
  `${phases.map((p) => `⌈${p.calls}/${p.cap}⌉×${latencyMs}`).join(" + ")} = ${lowerBoundMs(phases, latencyMs)} ms`;

export const withinTarget = (measuredMs: number, boundMs: number): boolean => boundMs > 0 && measuredMs / boundMs <= TARGET_RATIO;
