/**
 * The two non-idempotent calls, each inside a journal entry: opened (durably) just before the
 * request leaves, after the vendor client's pacing let it start, and closed only after its answer
 * is in state. An entry is never open for a call still queued, so a killed run leaves entries only
 * for calls that may have reached the vendor. When the call throws, its fate is unknown, so the
 * vendor is read back at once: what landed is recorded, what did not is forgotten, and what cannot
 * be known stays open for the next run to settle. A request that provably never left (refused
 * before connecting, cancelled before it was written) or that the vendor refused outright is
 * forgotten without asking the vendor. The call itself is never repeated here.
 */
import { parseAddress } from "../core/address.js";
import { isScanformError } from "../core/errors.js";
import { SendWatch } from "../http/send-gate.js";
import type { Change, Spec } from "../plan/change.js";
import { specDigest } from "../plan/launch.js";
import type { JournalEntry } from "../state/model.js";
import type { StateChange } from "../state/update.js";
import type { Ids, StepContext } from "../vendors/driver.js";
import type { SettledAs, StepError } from "./events.js";
import { readBackEntry, withSettlement } from "./journal/settle.js";
import { errorInfo } from "./step-error.js";
import type { StepEnv } from "./step-env.js";

export type Journaled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: StepError };

/** `record` is the answer as a change of state; the entry is closed in the very write that stores it. */
export async function journaledCreate(
  env: StepEnv,
  change: Change & { action: "create" | "replace" },
  ctx: StepContext,
  record: (ids: Ids) => StateChange,
): Promise<Journaled<Ids>> {
  const entry = journalEntry(env, change, "create", naturalName(change));
  // A create read back after a lost answer may have stopped after its first call (a scan without
  // its seeds), so no applied spec is recorded: the next plan diffs the object as it is, not as drift.
  return journaled(env, entry, undefined, () => env.sessions(change.vendor).create(change, ctx), record, () => undefined);
}

export async function journaledLaunch(env: StepEnv, change: Change, ids: Ids, ctx: StepContext, record: (runId: string, launchedAt: string) => StateChange): Promise<Journaled<string>> {
  const runKey = env.newId();
  const spec = change.after ?? {};
  const session = env.sessions(change.vendor);
  // The run's exact name where the vendor names runs, so a read-back can search by it exactly.
  const entry = journalEntry(env, change, "launch", session.runName?.({ kind: change.kind, spec, runKey }) ?? runKey);
  const call = async () => (await session.launch({ address: change.address, kind: change.kind, ids, spec, runKey }, ctx)).runId;
  // A launch that landed is done (its only product is the run); a create may have stopped part way.
  return journaled(env, entry, spec, call, (runId) => record(runId, env.now().toISOString()), (settled) => settled.runId);
}

async function journaled<T>(
  env: StepEnv,
  entry: JournalEntry,
  spec: Spec | undefined,
  call: () => Promise<T>,
  record: (value: T) => StateChange,
  doneIfLanded: (s: SettledAs & { outcome: "landed" }) => T | undefined,
): Promise<Journaled<T>> {
  // Stamped when it is opened: the time a person looks around for is when the request left.
  let opened = entry;
  const watch = new SendWatch(() => env.log.open((opened = { ...entry, startedAt: env.now().toISOString() })));
  let value: T;
  try {
    value = await watch.run(call);
  } catch (e) {
    if (!watch.opened) return { ok: false, error: errorInfo(e) };
    if (!watch.mayHaveLeft || refused(e)) {
      await env.log.close(entry.id);
      return { ok: false, error: errorInfo(e) };
    }
    return afterNoAnswer(env, opened, spec, e, doneIfLanded);
  }
  await env.log.update(record(value), watch.opened ? entry.id : undefined);
  return { ok: true, value };
}

/**
 * Answers by which the vendor refused the request outright, classified by the drivers where they
 * are born: nothing was carried out, so there is nothing to read back, and a plain failure must not
 * read like crash recovery. Anything else that throws (VENDOR_AMBIGUOUS, a lost answer) is read back.
 */
const REFUSED: ReadonlySet<string> = new Set(["VENDOR_AUTH", "VENDOR_PERMISSION", "VENDOR_VALIDATION"]);
const refused = (e: unknown): boolean => isScanformError(e) && REFUSED.has(e.code);

/** Reads back a call that threw and records what it finds, exactly as settling does next run. */
async function afterNoAnswer<T>(
  env: StepEnv,
  entry: JournalEntry,
  spec: Spec | undefined,
  thrown: unknown,
  doneIfLanded: (s: SettledAs & { outcome: "landed" }) => T | undefined,
): Promise<Journaled<T>> {
  const error = errorInfo(thrown);
  const settled = await readBackEntry(entry, env.sessions, env.callSignal, env.log.resources);
  env.emit({ type: "journal-settled", address: entry.address, operation: entry.operation, journalId: entry.id, ...settled });
  if (settled.outcome === "unknowable") return { ok: false, error };
  if (settled.outcome === "landed") await env.log.update((s) => withSettlement(s, { entry, ...settled }, env.now(), spec), entry.id);
  else await env.log.close(entry.id);
  const value = settled.outcome === "landed" ? doneIfLanded(settled) : undefined;
  return value === undefined ? { ok: false, error } : { ok: true, value };
}

function journalEntry(env: StepEnv, change: Change, operation: JournalEntry["operation"], naturalKey: string): JournalEntry {
  return {
    id: env.newId(),
    address: change.address,
    vendor: change.vendor,
    kind: change.kind,
    operation,
    naturalKey,
    specDigest: specDigest(change.after ?? {}),
    startedAt: env.now().toISOString(),
  };
}

/** The name the vendor object is searched by: the spec's `name`, which defaults to the manifest key. */
const naturalName = (change: Change): string => {
  const name = change.after?.["name"];
  return typeof name === "string" ? name : (parseAddress(change.address)?.name ?? change.address);
};
