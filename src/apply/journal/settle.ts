/**
 * Settling the crash journal. An entry still open means a create or launch was sent and its answer
 * never recorded (a crash, a SIGKILL, a lost answer). Before anything is done for that address the
 * vendor is read back by the entry's natural key: what landed is recorded, what did not is simply
 * forgotten (the step is planned again), and what cannot be known is kept open and reported, so
 * scanform never acts blindly and never makes a duplicate.
 */
import type { Address } from "../../core/address.js";
import type { Diagnostic } from "../../core/errors.js";
import { digest } from "../../core/json.js";
import type { Spec } from "../../plan/change.js";
import type { Journal, StateReader, StateWriter } from "../../state/capabilities.js";
import type { JournalEntry, StateSnapshot } from "../../state/model.js";
import { updateState } from "../../state/update.js";
import type { VendorSession } from "../../vendors/driver.js";
import type { ApplyEvent, SettledAs, StepError, Unstamped } from "../events.js";
import { errorInfo } from "../step-error.js";

export type Settlement = { readonly entry: JournalEntry } & SettledAs;

export interface SettleOptions {
  /** Read back only: nothing is written or closed; the result says what would be recorded. */
  readonly dryRun?: boolean;
  readonly now?: () => Date;
  readonly signal?: AbortSignal;
  /**
   * The spec a create was meant to make, by address (the plan's `after`, or the manifests'). It is
   * recorded for a landed create when its digest is the journal's; otherwise the entry records an
   * empty spec and the next plan, which compares with the vendor, shows what differs.
   */
  readonly specs?: (address: Address) => Spec | undefined;
}

export interface SettleResult {
  readonly settlements: readonly Settlement[];
  /** One error per entry that stays open. */
  readonly diagnostics: readonly Diagnostic[];
}

export const JOURNAL_UNSETTLED = "APPLY_JOURNAL_UNSETTLED";

export async function settleJournal(
  pending: readonly JournalEntry[],
  sessions: (vendor: string) => VendorSession,
  state: StateReader & StateWriter & Journal,
  options: SettleOptions = {},
): Promise<SettleResult> {
  const now = options.now ?? (() => new Date());
  const settlements = await Promise.all(
    pending.map(async (entry): Promise<Settlement> => ({ entry, ...(await readBackEntry(entry, sessions, options.signal)) })),
  );
  if (!options.dryRun) {
    for (const s of settlements) await recordSettlement(state, s, now(), options.specs?.(s.entry.address));
  }
  return { settlements, diagnostics: settlements.flatMap((s) => (s.outcome === "unknowable" ? [toDiagnostic(s.error)] : [])) };
}

/** Reads one entry back. Never throws: a failed read-back leaves the entry's fate unknowable. */
export async function readBackEntry(entry: JournalEntry, sessions: (vendor: string) => VendorSession, signal?: AbortSignal): Promise<SettledAs> {
  try {
    const found = await sessions(entry.vendor).readBack(entry, signal);
    if (found.outcome === "absent") return { outcome: "absent" };
    if (found.outcome === "unknowable") return { outcome: "unknowable", error: unsettled(entry, found.message) };
    if (entry.operation === "launch" && found.runId === undefined) {
      return { outcome: "unknowable", error: unsettled(entry, "the run was found, but not its id") };
    }
    return { outcome: "landed", ids: found.ids, ...(found.runId === undefined ? {} : { runId: found.runId }) };
  } catch (e) {
    return { outcome: "unknowable", error: unsettled(entry, `reading it back failed: ${errorInfo(e).message}`) };
  }
}

/** Persists what a settlement found and closes its entry; an unknowable one is left open. */
export async function recordSettlement(state: StateReader & StateWriter & Journal, s: Settlement, now: Date, spec?: Spec): Promise<StateSnapshot | undefined> {
  if (s.outcome === "unknowable") return undefined;
  const written = s.outcome === "landed" ? await updateState(state, (snap) => withSettlement(snap, s, now, spec)) : undefined;
  await state.close(s.entry.id);
  return written;
}

/**
 * The snapshot with a landed settlement recorded: a create's ids (merged into any the step had
 * already checkpointed), or a launch's run. Pure, so `plan` can diff against a dry run's result.
 */
export function withSettlement(snap: StateSnapshot, s: Settlement, now: Date, spec?: Spec): StateSnapshot {
  if (s.outcome !== "landed") return snap;
  const { entry } = s;
  const existing = snap.resources[entry.address];
  if (entry.operation === "launch") {
    // A launch needs the object; if state no longer holds it there is nothing to attach the run to.
    if (!existing || s.runId === undefined) return snap;
    const lastRun = { id: s.runId, launchedAt: entry.startedAt, specDigest: entry.specDigest };
    return { ...snap, resources: { ...snap.resources, [entry.address]: { ...existing, lastRun, updatedAt: now.toISOString() } } };
  }
  const applied = spec !== undefined && digest(spec) === entry.specDigest ? spec : (existing?.spec ?? {});
  const recorded = {
    address: entry.address,
    vendor: entry.vendor,
    kind: entry.kind,
    ids: { ...existing?.ids, ...s.ids },
    spec: applied,
    digest: digest(applied),
    protect: existing?.protect ?? false,
    origin: existing?.origin ?? ("created" as const),
    ...(existing?.lastRun ? { lastRun: existing.lastRun } : {}),
    updatedAt: now.toISOString(),
  };
  return { ...snap, resources: { ...snap.resources, [entry.address]: recorded } };
}

function unsettled(entry: JournalEntry, why: string): StepError {
  const what = entry.operation === "create" ? `a ${entry.kind} named "${entry.naturalKey}"` : `a run launched with the key "${entry.naturalKey}"`;
  return {
    code: JOURNAL_UNSETTLED,
    message: `${entry.address}: a ${entry.operation} sent at ${entry.startedAt} may or may not have reached ${entry.vendor}, and scanform cannot tell: ${why}.`,
    hint: `Check ${entry.vendor} for ${what}. Nothing is done for ${entry.address} while journal entry ${entry.id} is open.`,
  };
}

const toDiagnostic = (e: StepError): Diagnostic => ({ code: e.code, severity: "error", message: e.message, ...(e.hint === undefined ? {} : { hint: e.hint }) });

/** The `journal-settled` events that report a settlement, in entry order. */
export const settlementEvents = (r: SettleResult): Unstamped<ApplyEvent>[] =>
  r.settlements.map(({ entry, ...found }) => ({ type: "journal-settled", address: entry.address, operation: entry.operation, journalId: entry.id, ...found }));
