/**
 * What every backend shares: the journal, kept in the snapshot and written through the backend's
 * own read and write.
 */
import type { Journal, LockHandle, LockInfo, StateBackend } from "./capabilities.js";
import type { StateEdit } from "./edit.js";
import { journalOver } from "./journal.js";
import type { LockRequest } from "./lock-info.js";
import type { JournalEntry, StateSnapshot, StateVersion } from "./model.js";

export abstract class BackendBase implements StateBackend {
  abstract readonly describe: string;
  abstract read(): Promise<StateSnapshot | undefined>;
  abstract write(next: StateSnapshot, expected: StateVersion | undefined): Promise<StateVersion>;
  abstract append(edits: readonly StateEdit[], expected: StateVersion): Promise<StateVersion>;
  abstract lock(request: LockRequest, options?: { timeoutMs?: number }): Promise<LockHandle>;
  abstract lockInfo(): Promise<LockInfo | undefined>;
  abstract forceUnlock(id: string): Promise<void>;
  /** Frees what the backend holds: locks taken through it, connections. Safe to call twice. */
  abstract dispose(): Promise<void>;

  // Over `this`, so journal writes queue behind the same updateState calls as apply's own writes.
  private readonly journal: Journal = journalOver(this);

  open(entry: JournalEntry): Promise<void> {
    return this.journal.open(entry);
  }

  pending(): Promise<readonly JournalEntry[]> {
    return this.journal.pending();
  }

  close(id: string): Promise<void> {
    return this.journal.close(id);
  }
}
