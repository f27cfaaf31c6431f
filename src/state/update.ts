/**
 * Read-modify-write of a state, the way every writer inside one process should change it. Calls
 * on the same store object run one after another, so the journal's writes and apply's per-step
 * writes never race each other into STATE_STALE; a writer in another process still meets the
 * serial check (and, during apply, the lock).
 */
import type { StateReader, StateWriter } from "./capabilities.js";
import type { StateSnapshot } from "./model.js";
import { emptySnapshot, versionOf } from "./snapshot.js";

export type StateStore = StateReader & StateWriter;

const queues = new WeakMap<StateStore, Promise<unknown>>();

/**
 * Applies `change` to the latest snapshot (an empty one with a new lineage when none exists) and
 * writes the result. Returning the very snapshot it was given means "nothing to do": no write, no
 * serial bump. Resolves to the snapshot as stored, with its new serial.
 */
export function updateState(store: StateStore, change: (current: StateSnapshot) => StateSnapshot): Promise<StateSnapshot> {
  const previous = queues.get(store) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => readChangeWrite(store, change));
  queues.set(store, next);
  return next;
}

async function readChangeWrite(store: StateStore, change: (current: StateSnapshot) => StateSnapshot): Promise<StateSnapshot> {
  const stored = await store.read();
  const current = stored ?? emptySnapshot();
  const changed = change(current);
  if (changed === current) return current;
  const version = await store.write(changed, stored ? versionOf(stored) : undefined);
  return { ...changed, ...version };
}
