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
import type { Desired } from "../../manifest/model.js";
import type { Spec } from "../../plan/change.js";
import { holdsIds } from "../../plan/adopt-id-policy.js";
import type { Journal, StateReader, StateWriter } from "../../state/capabilities.js";
import type { JournalEntry, StateEntry, StateSnapshot } from "../../state/model.js";
import { updateState } from "../../state/update.js";
import type { Driver, Ids, VendorSession } from "../../vendors/driver.js";
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
  const held = pending.length > 0 ? (await state.read())?.resources : undefined;
  const settlements = await Promise.all(pending.map(async (entry): Promise<Settlement> => ({ entry, ...(await readBackEntry(entry, sessions, options.signal, held)) })));
  const result = { settlements, diagnostics: settlements.flatMap((s) => (s.outcome === "unknowable" ? [toDiagnostic(s.error)] : [])) };
  if (!options.dryRun) await recordSettlements(state, result, now, options.specs);
  return result;
}

/** Persists every settlement of `result` in entry order (see recordSettlement). */
export async function recordSettlements(state: StateReader & StateWriter & Journal, result: SettleResult, now: () => Date, specs?: (address: Address) => Spec | undefined): Promise<void> {
  for (const s of result.settlements) await recordSettlement(state, s, now(), specs?.(s.entry.address));
}

export interface SettlementPreview {
  /** The state as stored, open entries and all; undefined when none was ever written. */
  readonly stored: StateSnapshot | undefined;
  /**
   * The state as recording `settled` would leave it: landed entries recorded, settled entries
   * closed, unknowable ones still open. It keeps the stored lineage and serial, so a plan made
   * from it names the state it was read from, and a saved plan stays comparable with that state.
   */
  readonly state: StateSnapshot | undefined;
  readonly settled: SettleResult;
}

/**
 * Reads the open journal back without writing anything, from one read of the state. `scanform plan`
 * plans against the result; `apply FILE` checks a saved plan against it, then records those very
 * settlements, so what was checked is what is written.
 */
export async function previewSettlement(
  state: StateReader & StateWriter & Journal,
  sessions: (vendor: string) => VendorSession,
  options: Omit<SettleOptions, "dryRun">,
): Promise<SettlementPreview> {
  const stored = await state.read();
  const settled = await settleJournal(stored?.journal ?? [], sessions, state, { ...options, dryRun: true });
  if (!stored || settled.settlements.length === 0) return { stored, state: stored, settled };
  const at = (options.now ?? (() => new Date()))();
  const recorded = settled.settlements.reduce((snap, s) => withSettlement(snap, s, at, options.specs?.(s.entry.address)), stored);
  const open = new Set(settled.settlements.filter((s) => s.outcome === "unknowable").map((s) => s.entry.id));
  return { stored, state: { ...recorded, journal: recorded.journal.filter((e) => open.has(e.id)) }, settled };
}

/**
 * The manifests' spec of each address whose kind cannot be read back: what a landed create is
 * recorded with when its digest is the journal's. A readable kind gets none: the create may have
 * stopped part way (a scan without its seeds), and the next plan reads the object as it is, so
 * recording the manifest's spec as applied would show what is missing as drift.
 */
export const manifestSpecs = (desired: Desired, drivers: ReadonlyMap<string, Pick<Driver, "kinds">>): ((address: Address) => Spec | undefined) => {
  const unreadable = (r: Desired["resources"][number]): boolean => {
    const kinds = drivers.get(r.vendor)?.kinds;
    return kinds !== undefined && Object.hasOwn(kinds, r.kind) && kinds[r.kind]?.readable === false;
  };
  const specs = new Map(desired.resources.filter(unreadable).map((r) => [r.address, r.spec]));
  return (address) => specs.get(address);
};

/**
 * Reads one entry back. Never throws: a failed read-back leaves the entry's fate unknowable.
 * `resources`: state's entries; the ids held at the entry's address are named in what a person is
 * told to check, and an object another address holds is never taken for this entry's create.
 */
export async function readBackEntry(entry: JournalEntry, sessions: (vendor: string) => VendorSession, signal?: AbortSignal, resources?: Readonly<Record<string, StateEntry>>): Promise<SettledAs> {
  const held = resources === undefined || !Object.hasOwn(resources, entry.address) ? undefined : resources[entry.address]?.ids;
  const cannotTell = (why: string, lookFor?: string): SettledAs => ({ outcome: "unknowable", error: unsettled(entry, why, lookFor, held) });
  try {
    const heldElsewhere = (ids: Ids): boolean => ownerElsewhere(entry, ids, resources) !== undefined;
    const found = await sessions(entry.vendor).readBack(entry, signal, { heldElsewhere });
    if (found.outcome === "absent") return { outcome: "absent" };
    if (found.outcome === "unknowable") return cannotTell(found.message, found.lookFor);
    if (entry.operation === "launch" && found.runId === undefined) return cannotTell("the run was found, but not its id");
    // Drivers leave out objects held elsewhere; one that did not is still not taken for this create's.
    const owner = entry.operation === "create" ? ownerElsewhere(entry, found.ids, resources) : undefined;
    if (owner !== undefined) return cannotTell(`the one object of its name at ${entry.vendor} is the one state records for ${owner}, not necessarily this create's`);
    return { outcome: "landed", ids: found.ids, ...(found.runId === undefined ? {} : { runId: found.runId }) };
  } catch (e) {
    return cannotTell(`reading it back failed: ${errorInfo(e).message}`);
  }
}

/** Another address of the entry's vendor and kind whose ids state records as `ids`. */
export function ownerElsewhere(entry: Pick<JournalEntry, "address" | "vendor" | "kind">, ids: Ids, resources: Readonly<Record<string, StateEntry>> | undefined): Address | undefined {
  if (resources === undefined || Object.keys(ids).length === 0) return undefined;
  for (const e of Object.values(resources)) {
    if (e.address !== entry.address && e.vendor === entry.vendor && e.kind === entry.kind && holdsIds(e.ids, ids)) return e.address;
  }
  return undefined;
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

function unsettled(entry: JournalEntry, why: string, lookFor: string | undefined, held: Ids | undefined): StepError {
  const what = lookFor ?? (entry.operation === "create" ? `a ${entry.kind} named "${entry.naturalKey}"` : `a run launched with the key "${entry.naturalKey}"`);
  const recorded = entry.operation === "launch" && held ? ` (scanform records ${entry.address} as ${formatIds(held)})` : "";
  return {
    code: JOURNAL_UNSETTLED,
    message: `${entry.address}: a ${entry.operation} sent at ${entry.startedAt} may or may not have reached ${entry.vendor}, and scanform cannot tell: ${why}.`,
    hint: `Look in the ${entry.vendor} console for ${what}${recorded}, then record what you found: ${resolveCommands(entry, held)}. Until then nothing is done for ${entry.address}.`,
  };
}

/** The exact `scanform state journal resolve` commands for each answer, filled in as far as scanform knows. */
function resolveCommands(entry: JournalEntry, held: Ids | undefined): string {
  const resolve = `scanform state journal resolve ${entry.id}`;
  const scanId = held ? Object.values(held)[0] : undefined;
  const landed =
    entry.operation === "create"
      ? `\`${resolve} --landed ID\` with the id ${entry.vendor} shows for it`
      : `\`${resolve} --landed ${scanId ?? "SCAN_ID"} --run RUN_ID\` with the run's id`;
  return `if it is there, ${landed}; if not, \`${resolve} --absent\``;
}

const formatIds = (ids: Ids): string => Object.entries(ids).map(([k, v]) => `${k}=${v}`).join(", ");

/** An entry that stays open, as the error a person reads. */
export const toDiagnostic = (e: StepError): Diagnostic => ({ code: e.code, severity: "error", message: e.message, ...(e.hint === undefined ? {} : { hint: e.hint }) });

/** The `journal-settled` events that report a settlement, in entry order. */
export const settlementEvents = (r: SettleResult): Unstamped<ApplyEvent>[] =>
  r.settlements.map(({ entry, ...found }) => ({ type: "journal-settled", address: entry.address, operation: entry.operation, journalId: entry.id, ...found }));
