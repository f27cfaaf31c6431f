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
  return { meanMs: extra.reduce((a, b) => a + b, 0) / extra.length, maxMs: Math.max(...extra) };
}
