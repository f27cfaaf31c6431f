/**
 * A state backend is four small capabilities; consumers name only those they use, so their fakes
 * stay tiny. `local` and `postgres` implement all four and pass one conformance suite.
 */
import type { StateAppender } from "./edit.js";
import type { JournalEntry, StateSnapshot, StateVersion } from "./model.js";

/** Latest persisted snapshot, or undefined when none was ever written; a fresh copy each call. */
export interface StateReader {
  read(): Promise<StateSnapshot | undefined>;
}

/**
 * Persists `next` (whose serial is ignored: the backend sets expected.serial + 1) and returns the
 * new version. Rejects with code STATE_STALE when lineage or serial moved since `expected`;
 * `expected` is undefined only for the very first write.
 */
export interface StateWriter {
  write(next: StateSnapshot, expected: StateVersion | undefined): Promise<StateVersion>;
}

export interface LockInfo {
  readonly id: string;
  readonly who: string;
  readonly host: string;
  readonly pid: number;
  readonly operation: string;
  readonly created: string;
}

export interface LockHandle {
  readonly info: LockInfo;
  /**
   * Aborted, with a STATE_LOCK_LOST error as its reason, when the lock was freed under its holder
   * (the postgres session holding it ended). Absent where a lock cannot be lost while its process
   * lives. Whoever acts under the lock stops sending anything once it aborts.
   */
  readonly lost?: AbortSignal;
  release(): Promise<void>;
}

/**
 * Rejects with code STATE_LOCKED (detail.holder: LockInfo) when held and not freed within
 * `timeoutMs` (0: fail at once). A lock left by a dead process is reported, never stolen.
 */
export interface Locker {
  lock(info: Omit<LockInfo, "id" | "created">, options?: { timeoutMs?: number }): Promise<LockHandle>;
  /** Who holds the lock now, if anyone. */
  lockInfo(): Promise<LockInfo | undefined>;
  /** Frees a lock by id (`scanform force-unlock ID`); STATE_LOCK_ID_MISMATCH when the id is not the holder's. */
  forceUnlock(id: string): Promise<void>;
}

/**
 * The crash journal, stored with the state. `open` and `close` are durable before they resolve.
 */
export interface Journal {
  open(entry: JournalEntry): Promise<void>;
  close(id: string): Promise<void>;
  pending(): Promise<readonly JournalEntry[]>;
}

export type StateBackend = StateReader & StateWriter & StateAppender & Locker & Journal & {
  /** Human-readable location for messages: a file path or `postgres workspace "default"`. */
  readonly describe: string;
  /** Frees connections and any lock still held through this backend. Safe to call twice. */
  dispose(): Promise<void>;
};
