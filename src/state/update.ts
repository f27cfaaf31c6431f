/**
 * Read-modify-write of a state, the way every writer inside one process should change it. Calls
 * on the same store object are applied one after another, in the order they were made, so the
 * journal's writes and apply's per-step writes never race each other into STATE_STALE; a writer
 * in another process still meets the serial check (and, during apply, the lock).
 *
 * Group commit: while a write is in flight, the changes that arrive queue up, and are applied in
 * order to the result and written together as the next single write. Each caller's promise
 * resolves only once a write that contains its change is stored (durable, for the real backends).
 * So n concurrent steps cost far fewer than n whole-state writes, and no guarantee is lost.
 *
 * The snapshot this process last wrote is kept and changed directly: re-reading and re-validating
 * its own write would cost O(state) per change. The write is still checked against that serial,
 * so if anyone else wrote since, it fails STATE_STALE and the batch is redone once from a fresh read,
 * except for a caller holding the lock (apply's writes), whom the failure stops instead.
 *
 * A change is either a function of the snapshot (rare commands: a move, a settlement) or, for every
 * step of an apply, edits (edit.ts). A batch of edits only is applied to the kept snapshot in place
 * and stored with the backend's `append` when it has one, so a step costs what it changed, not the
 * size of the state. Anything else is stored as a whole snapshot with `write`.
 */
import type { StateReader, StateWriter } from "./capabilities.js";
import { ScanformError } from "../core/errors.js";
import { appendAll } from "../core/arrays.js";
import { type StateAppender, type StateEdit, applyEditsInPlace, ownCopy, withEdits } from "./edit.js";
import { STATE_STALE } from "./errors.js";
import type { StateSnapshot, StateVersion } from "./model.js";
import { emptySnapshot, versionOf } from "./snapshot.js";

export type StateStore = StateReader & StateWriter & Partial<StateAppender>;

/** Edits computed from the current snapshot, which they only read. */
export interface EditChange {
  readonly edits: (current: StateSnapshot) => readonly StateEdit[];
}

export type StateChange = ((current: StateSnapshot) => StateSnapshot) | EditChange;

export const editing = (edits: EditChange["edits"]): EditChange => ({ edits });

/** `first`, then `second` on its result, as one change (edits when both are). */
export function chain(first: StateChange, second: StateChange): StateChange {
  if (typeof first !== "function" && typeof second !== "function") {
    // Each reads the snapshot before either: the edit changes compose only where they touch different things (an answer and its journal close).
    return editing((s) => [...first.edits(s), ...second.edits(s)]);
  }
  return (s) => asFunction(second)(asFunction(first)(s));
}

const asFunction = (c: StateChange): ((s: StateSnapshot) => StateSnapshot) => (typeof c === "function" ? c : (s) => { const e = c.edits(s); return e.length === 0 ? s : withEdits(s, e); });

interface Waiting {
  readonly change: StateChange;
  /** False for a writer holding the lock: a write it did not make is not redone over, but fails it. */
  readonly redoWhenStale: boolean;
  resolve(stored: StateSnapshot): void;
  reject(error: unknown): void;
}

interface Committer {
  readonly queue: Waiting[];
  writing: boolean;
  /** What this process last wrote or read, as stored; undefined when it must be read again. */
  known: { readonly snapshot: StateSnapshot; readonly version: StateVersion | undefined } | undefined;
}

const committers = new WeakMap<StateStore, Committer>();

/**
 * Applies `change` to the latest snapshot (an empty one with a new lineage when none exists) and
 * writes the result. Returning the very snapshot it was given means "nothing to do": no write, no
 * serial bump. Resolves to the snapshot as stored, with its new serial; when the change was written
 * together with others, that snapshot holds theirs too. A change that throws rejects only its own
 * caller; the others in its write go ahead.
 */
export function updateState(store: StateStore, change: StateChange, options: { readonly redoWhenStale?: boolean } = {}): Promise<StateSnapshot> {
  let committer = committers.get(store);
  if (!committer) committers.set(store, (committer = { queue: [], writing: false, known: undefined }));
  const c = committer;
  return new Promise<StateSnapshot>((resolve, reject) => {
    c.queue.push({ change, redoWhenStale: options.redoWhenStale !== false, resolve, reject });
    if (!c.writing) void drain(store, c);
  });
}

async function drain(store: StateStore, c: Committer): Promise<void> {
  c.writing = true;
  try {
    while (c.queue.length > 0) await commit(store, c, c.queue.splice(0));
  } finally {
    c.writing = false;
  }
}

async function commit(store: StateStore, c: Committer, batch: readonly Waiting[]): Promise<void> {
  try {
    const stored = await writeBatch(store, c, batch);
    for (const [w, outcome] of stored.outcomes) outcome === undefined ? w.resolve(stored.snapshot) : w.reject(outcome.error);
  } catch (e) {
    // The write's fate is unknown (a lost connection may have stored it): read afresh next time.
    c.known = undefined;
    for (const w of batch) w.reject(e);
  }
}

interface Written {
  readonly snapshot: StateSnapshot;
  /** Per caller: undefined when its change is in the snapshot, else what its change threw. */
  readonly outcomes: ReadonlyMap<Waiting, { readonly error: unknown } | undefined>;
}

async function writeBatch(store: StateStore, c: Committer, batch: readonly Waiting[]): Promise<Written> {
  const fromMemory = c.known !== undefined;
  const base = c.known ?? (await readKnown(store));
  // Kept and changed in place from here: if the write fails, `known` is dropped and read afresh.
  c.known = undefined;
  const outcomes = new Map<Waiting, { error: unknown } | undefined>();
  let next = base.snapshot;
  const edits: StateEdit[] = [];
  let whole = false;
  for (const w of batch) {
    try {
      if (typeof w.change === "function") {
        const changed = w.change(next);
        if (changed !== next) (next = changed), (whole = true);
      } else {
        const made = w.change.edits(next);
        applyEditsInPlace(next, made);
        appendAll(edits, made);
      }
      outcomes.set(w, undefined);
    } catch (error) {
      outcomes.set(w, { error });
    }
  }
  if (!whole && edits.length === 0) {
    c.known = base;
    return { snapshot: next, outcomes };
  }
  let version: StateVersion;
  try {
    version = !whole && base.version !== undefined && store.append
      ? await store.append(edits, base.version)
      // A backend may keep what it is handed: hand it a copy, so later edits in place never reach it.
      : await store.write(ownCopy(next), base.version);
  } catch (e) {
    // Someone else wrote since this process last did: redo the batch on what is stored now, unless
    // a caller holds the lock, for whom another writer means the lock no longer protects the state.
    if (fromMemory && e instanceof ScanformError && e.code === STATE_STALE && batch.every((w) => w.redoWhenStale)) return writeBatch(store, c, batch);
    throw e;
  }
  const snapshot = { ...next, ...version };
  c.known = { snapshot, version };
  return { snapshot, outcomes };
}

async function readKnown(store: StateStore): Promise<NonNullable<Committer["known"]>> {
  const stored = await store.read();
  return stored ? { snapshot: stored, version: versionOf(stored) } : { snapshot: emptySnapshot(), version: undefined };
}
