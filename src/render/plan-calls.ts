/**
 * The plan's call estimate as people read it: one line per vendor with calls to make, and how long
 * they take at the vendor's limit only when that limit is tight (src/plan/estimate.ts).
 */
import { exceedsRemaining, isTight, secondsAtLimit, type VendorCalls } from "../plan/estimate.js";
import type { Plan } from "../plan/plan.js";

export const callLines = (plan: Plan): string[] => (plan.calls ?? []).map(callLine);

export function callLine(v: VendorCalls): string {
  const head = `Calls to ${v.vendor}: ${count(v.calls)}`;
  const seconds = secondsAtLimit(v);
  if (v.limit === undefined || seconds === undefined || !isTight(v)) return `${head}.`;
  const pace = `about ${duration(seconds)} at ${count(v.limit.calls)} calls per ${per(v.limit.windowSeconds)} (from ${v.limit.source})`;
  const remaining = v.limit.remaining ?? 0;
  const left = exceedsRemaining(v) ? `; only ${count(remaining)} ${remaining === 1 ? "is" : "are"} left in the current window` : "";
  return `${head}, ${pace}${left}.`;
}

const count = (n: number): string => n.toLocaleString("en-US", { maximumFractionDigits: 2 });

const UNITS: readonly (readonly [number, string])[] = [
  [1, "second"],
  [60, "minute"],
  [3600, "hour"],
  [86_400, "day"],
];

function per(windowSeconds: number): string {
  const unit = UNITS.find(([s]) => s === windowSeconds);
  return unit === undefined ? `${count(windowSeconds)} seconds` : unit[1];
}

/** `13h 22m`, `3m 20s`, `45s`, `2d 3h`: the two largest units, enough to plan a run around. */
export function duration(totalSeconds: number): string {
  const parts: [number, string][] = [
    [Math.floor(totalSeconds / 86_400), "d"],
    [Math.floor((totalSeconds % 86_400) / 3600), "h"],
    [Math.floor((totalSeconds % 3600) / 60), "m"],
    [Math.round(totalSeconds % 60), "s"],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  if (first === -1) return "0s";
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, u]) => `${n}${u}`)
    .join(" ");
}
