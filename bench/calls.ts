/** Requests by operation, as a scenario prints them, and the emulator's own time beyond its latency. */
import type { RequestLogEntry } from "../src/emulators/index.js";

export const formatCalls = (counts: Readonly<Record<string, number>>): string => {
  const entries = Object.entries(counts);
  if (entries.length === 0) return "no calls";
  return entries.map(([op, n]) => `${op} ${n}`).join(", ");
};

export const totalCalls = (counts: Readonly<Record<string, number>>): number => Object.values(counts).reduce((a, b) => a + b, 0);

/**
 * How long the emulator spent on answers besides the latency it was told to add (building and
 * parsing XML, its bookkeeping): vendor time the bound does not count, shown so a miss can be told
 * apart from a slow scanform.
 */
export function vendorExtraMs(entries: readonly RequestLogEntry[], latencyMs: number): { readonly meanMs: number; readonly maxMs: number } {
  if (entries.length === 0) return { meanMs: 0, maxMs: 0 };
  const extra = entries.map((e) => Math.max(0, e.durationMs - latencyMs));
  return { meanMs: extra.reduce((a, b) => a + b, 0) / extra.length, maxMs: extra.reduce((a, b) => Math.max(a, b), 0) };
}

/** When a vendor's calls of one plan arrived, by rounds of its cap: where a plan's time beyond its bound went. */
export interface CallTimeline {
  /** The first call's arrival, ms into the plan. */
  readonly firstMs: number;
  readonly rounds: number;
  /** From one round's first arrival to the next round's (a round: `cap` calls in order of arrival). */
  readonly roundMedianMs: number;
  readonly roundMaxMs: number;
  /** The last answer's end, ms into the plan. */
  readonly lastAnswerMs: number;
}

/** `startedAt`: the plan's start on the emulator's clock (epoch ms; the emulator runs on this machine). */
export function callTimeline(entries: readonly RequestLogEntry[], startedAt: number, cap: number): CallTimeline | undefined {
  if (entries.length === 0 || cap < 1) return undefined;
  const arrivals = entries.map((e) => e.time - startedAt).sort((a, b) => a - b);
  const starts = arrivals.filter((_, i) => i % cap === 0);
  const lengths = starts.slice(1).map((s, i) => s - starts[i]!).sort((a, b) => a - b);
  return {
    firstMs: arrivals[0]!,
    rounds: starts.length,
    roundMedianMs: lengths.length === 0 ? 0 : lengths[Math.floor(lengths.length / 2)]!,
    roundMaxMs: lengths.length === 0 ? 0 : lengths[lengths.length - 1]!,
    lastAnswerMs: entries.reduce((last, e) => Math.max(last, e.time + e.durationMs - startedAt), -Infinity),
  };
}
