/**
 * The in-memory backend: a fake beside the interface for tests of plan, apply and the CLI. Every
 * read is a fresh copy through JSON, so only JSON survives, exactly as with the real backends;
 * `peer()` is a second client of the same store, the way a second process sees a file or a
 * database. It holds the stamped snapshot itself, not its text: a write then costs what changed,
 * not a serialisation of the whole state (the bench applies thousands of steps through it).
 */
import type { LockHandle, LockInfo, StateBackend } from "./capabilities.js";
import { lockHeld, lockIdMismatch } from "./errors.js";
import { BackendBase } from "./backend-base.js";
import { issueLock, type LockRequest } from "./lock-info.js";
import { migrate } from "./migrate.js";
import type { StateSnapshot, StateVersion } from "./model.js";
import { versionOf } from "./snapshot.js";
import { checkExpected, stamp } from "./stamp.js";
import { type StateEdit, applyEditsInPlace } from "./edit.js";
import { checkedForWrite } from "./replay.js";
import { validateAppendRecord } from "./validate.js";
import { sleep } from "../http/sleep.js";

interface MemoryStore {
  /** As stamped by the last write; never handed out, only copies of it. */
  stored: StateSnapshot | undefined;
  lock: LockInfo | undefined;
}

export interface MemoryBackend extends StateBackend {
  /** Another client of the same store. */
  peer(): MemoryBackend;
}

const POLL_MS = 5;

/** `initial` is stored as it is given (serial and lineage included), as if an earlier run wrote it. */
export function createMemoryBackend(initial?: StateSnapshot): MemoryBackend {
  return new MemoryClient({ stored: initial === undefined ? undefined : jsonCopy(initial), lock: undefined });
}

class MemoryClient extends BackendBase implements MemoryBackend {
  readonly describe = "memory";

  /** This client's last write, whose entries need no second check. */
  private written: StateSnapshot | undefined;

  constructor(private readonly store: MemoryStore) {
    super();
  }

  peer(): MemoryBackend {
    return new MemoryClient(this.store);
  }

  async read(): Promise<StateSnapshot | undefined> {
    return this.store.stored === undefined ? undefined : migrate(jsonCopy(this.store.stored), this.describe);
  }

  async write(next: StateSnapshot, expected: StateVersion | undefined): Promise<StateVersion> {
    const current = this.store.stored;
    checkExpected(this.describe, expected, current && versionOf(current));
    const stamped = stamp(this.describe, next, expected, this.written);
    // The store's own index and journal, so appends can change them in place without touching the caller's.
    const stored = { ...stamped, resources: { ...stamped.resources }, journal: [...stamped.journal] };
    this.store.stored = this.written = stored;
    return versionOf(stored);
  }

  /** Edits are stored as they will read back, each checked, and applied to the stored snapshot. */
  async append(edits: readonly StateEdit[], expected: StateVersion): Promise<StateVersion> {
    const current = this.store.stored;
    checkExpected(this.describe, expected, current && versionOf(current));
    if (!current) throw new Error("unreachable: a version was expected, so a state is stored");
    const record = validateAppendRecord(JSON.parse(checkedForWrite({ lineage: expected.lineage, serial: expected.serial + 1, edits }, this.describe)), "append");
    // Changed in place: the stored snapshot is the store's own (write copies what it is handed).
    applyEditsInPlace(current, record.edits);
    const stored = { ...current, serial: record.serial };
    this.store.stored = stored;
    if (this.written === current) this.written = stored;
    return versionOf(stored);
  }

  async lock(request: LockRequest, options: { timeoutMs?: number } = {}): Promise<LockHandle> {
    const deadline = Date.now() + (options.timeoutMs ?? 0);
    while (this.store.lock !== undefined) {
      if (Date.now() >= deadline) throw lockHeld(this.describe, this.store.lock, { waitedMs: options.timeoutMs ?? 0 });
      await sleep(Math.min(POLL_MS, deadline - Date.now()));
    }
    const info = issueLock(request);
    this.store.lock = info;
    return {
      info,
      release: async () => {
        if (this.store.lock?.id === info.id) this.store.lock = undefined;
      },
    };
  }

  async lockInfo(): Promise<LockInfo | undefined> {
    return this.store.lock;
  }

  async forceUnlock(id: string): Promise<void> {
    if (this.store.lock?.id !== id) throw lockIdMismatch(this.describe, id, this.store.lock);
    this.store.lock = undefined;
  }

  /** A store in memory holds nothing to free; its lock outlives this client, as a file's would. */
  async dispose(): Promise<void> {}
}

const jsonCopy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
