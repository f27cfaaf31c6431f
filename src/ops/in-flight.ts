/**
 * A plan made while another run holds the state lock (a nightly drift check overlapping an apply).
 * That run's open journal entries are calls in flight, not leftovers of a crash: they are never an
 * error to act on (deleting a live definition, adopting a schedule being created), only a note. An
 * entry opened before the holder took the lock is still a leftover, and stays an error.
 */
import type { Settlement } from "../apply/journal/settle.js";
import { toDiagnostic } from "../apply/journal/settle.js";
import type { Diagnostic } from "../core/errors.js";
import { PLAN_ALREADY_EXISTS } from "../plan/adopt-policy.js";
import type { LockInfo, Locker } from "../state/capabilities.js";
import { formatHolder, holderProcess, openedBy } from "../state/lock-info.js";
import type { JournalEntry, StateSnapshot } from "../state/model.js";

/** Who holds the lock now, unless the holder is known to have died (a lock it left behind). */
export async function liveHolder(backend: Pick<Locker, "lockInfo">): Promise<LockInfo | undefined> {
  const info = await backend.lockInfo();
  return info && holderProcess(info) !== "gone" ? info : undefined;
}

export { openedBy };

export interface InFlightView {
  /** Errors left: entries no live run accounts for, and plan errors not caused by a call in flight. */
  readonly errors: readonly Diagnostic[];
  readonly notes: readonly Diagnostic[];
}

/**
 * Sorts what a plan found into errors and notes. `settlements`: the read-back of every open entry
 * (one that landed is recorded already); `planErrors`: the plan's own. A create in flight that may
 * land at any moment makes the vendor show an object state does not know yet: not a conflict.
 * `recordedSince`: addresses the running apply recorded, or opened a create for, after this plan
 * read state (a second read once the vendors were observed); their objects are that apply's too.
 */
export function inFlightView(
  holder: LockInfo | undefined,
  settlements: readonly Settlement[],
  planErrors: readonly Diagnostic[],
  recordedSince: ReadonlySet<string> = new Set(),
): InFlightView {
  const live = openedBy(holder);
  const pending = settlements.filter((s) => s.outcome !== "landed" && live(s.entry)).map((s) => s.entry);
  const creating = new Set(pending.filter((e) => e.operation === "create").map((e) => e.address));
  const leftovers = settlements.flatMap((s) => (s.outcome === "unknowable" && !live(s.entry) ? [toDiagnostic(s.error)] : []));
  const theApplys = (d: Diagnostic): boolean => d.code === PLAN_ALREADY_EXISTS && d.address !== undefined && (creating.has(d.address) || (holder !== undefined && recordedSince.has(d.address)));
  const errors = [...leftovers, ...planErrors.filter((d) => !theApplys(d))];
  const made = planErrors.filter((d) => !creating.has(d.address ?? "") && theApplys(d)).map((d) => madeMeanwhile(d.address!));
  return { errors, notes: holder ? [inProgress(holder), ...pending.map(inFlight), ...made] : [] };
}

/**
 * What the running apply recorded, or opened a create for, since `before` was read: read once the
 * vendors have been observed, so an object that apply made in between is known to be its own.
 */
export function recordedSince(before: StateSnapshot | undefined, after: StateSnapshot | undefined, holder: LockInfo | undefined): Set<string> {
  const out = new Set<string>();
  if (after === undefined || holder === undefined) return out;
  for (const address of Object.keys(after.resources)) if (before?.resources[address] === undefined) out.add(address);
  for (const e of after.journal) if (e.operation === "create" && openedBy(holder)(e)) out.add(e.address);
  return out;
}

const madeMeanwhile = (address: string): Diagnostic => ({
  code: "PLAN_CALL_IN_FLIGHT",
  severity: "warning",
  address,
  message: `${address}: created by that apply after this plan read the state; this plan does not count it, and that apply records it.`,
});

const inProgress = (holder: LockInfo): Diagnostic => ({
  code: "PLAN_APPLY_IN_PROGRESS",
  severity: "warning",
  message: `${/^[aeiou]/i.test(holder.operation) ? "An" : "A"} ${holder.operation} is in progress: ${formatHolder(holder)}. This plan compares with the state as that run has recorded it so far.`,
  hint: "Plan again once it has finished to see what is left.",
});

export const inFlight = (e: JournalEntry): Diagnostic => ({
  code: "PLAN_CALL_IN_FLIGHT",
  severity: "warning",
  address: e.address,
  message: `${e.address}: a ${e.operation} sent at ${e.startedAt} by that apply is in flight; this plan does not count it, and that apply records its answer.`,
});
