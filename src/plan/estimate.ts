/**
 * How many calls apply makes to each vendor for a plan, and how long they take at the vendor's
 * limit when one is known: stated by its answers during observe (Qualys X-RateLimit-*), set by
 * the user (`vendors.qualys.callsPerHour`) or documented (Cortex). Each driver counts its own
 * calls per change (KindInfo.callsFor); the reads observe already made are not counted.
 */
import { ownEntry } from "../core/own.js";
import type { CallLimit } from "../http/types.js";
import type { KindInfo } from "../vendors/driver.js";
import type { Action } from "./action.js";
import type { Change } from "./change.js";
import { isPending } from "./summary.js";

export interface VendorCalls {
  readonly vendor: string;
  readonly calls: number;
  /** The limit the calls are measured against; absent when none is known. */
  readonly limit?: CallLimit;
}

/** A limit is tight when the calls take at least this long at it, or need more than is left of it. */
export const TIGHT_AFTER_SECONDS = 60;

/** For a kind whose driver does not count: one call per vendor write, and one per launch. */
const DEFAULT_CALLS: Readonly<Record<Action, number>> = { create: 1, update: 1, import: 1, delete: 1, replace: 2, launch: 1, forget: 0, "no-op": 0 };

const callsOf = (change: Change, info: KindInfo | undefined): number =>
  info?.callsFor !== undefined ? info.callsFor(change) : DEFAULT_CALLS[change.action] + (change.launchAfter && change.action !== "launch" ? 1 : 0);

/** Vendors with calls to make, in name order; none for a plan that changes nothing at a vendor. */
export function estimateCalls(
  changes: readonly Change[],
  kinds: ReadonlyMap<string, Readonly<Record<string, KindInfo>>>,
  limitOf: (vendor: string) => CallLimit | undefined = () => undefined,
): VendorCalls[] {
  const calls = new Map<string, number>();
  for (const change of changes) {
    if (!isPending(change)) continue;
    const table = kinds.get(change.vendor);
    const info = table === undefined ? undefined : ownEntry(table, change.kind);
    const n = callsOf(change, info);
    if (n > 0) calls.set(change.vendor, (calls.get(change.vendor) ?? 0) + n);
  }
  return [...calls.keys()].sort().map((vendor) => {
    const limit = limitOf(vendor);
    return { vendor, calls: calls.get(vendor) ?? 0, ...(limit === undefined ? {} : { limit }) };
  });
}

/**
 * Seconds the calls take at the limit's sustained rate, the pace apply keeps to it. Calls past what
 * the vendor said is left wait for its window to turn first: a whole window at worst, since no
 * vendor says when its window began.
 */
export function secondsAtLimit(v: VendorCalls): number | undefined {
  if (v.limit === undefined) return undefined;
  const perCall = v.limit.windowSeconds / v.limit.calls;
  const left = v.limit.remaining;
  const seconds = left !== undefined && v.calls > left ? v.limit.windowSeconds + (v.calls - left) * perCall : v.calls * perCall;
  return Math.ceil(seconds);
}

/** More calls than the vendor said are left in its current window. */
export const exceedsRemaining = (v: VendorCalls): boolean => v.limit?.remaining !== undefined && v.calls > v.limit.remaining;

export function isTight(v: VendorCalls): boolean {
  const seconds = secondsAtLimit(v);
  return seconds !== undefined && (seconds >= TIGHT_AFTER_SECONDS || exceedsRemaining(v));
}
