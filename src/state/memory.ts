/**
 * The in-memory backend: a fake beside the interface for tests of plan, apply and the CLI. It
 * keeps the stored state as JSON text, so reads are fresh copies and only JSON survives, exactly
 * as with the real backends; `peer()` is a second client of the same store, the way a second
 * process sees a file or a database.
 */
import { randomUUID } from "node:crypto";
import type { LockHandle, LockInfo, StateBackend } from "./capabilities.js";
import { lockHeld, lockIdMismatch } from "./errors.js";
import { BackendBase } from "./backend-base.js";
import type { LockRequest } from "./lock-info.js";
import { migrate } from "./migrate.js";
import type { StateSnapshot, StateVersion } from "./model.js";
import { checkExpected, stamp } from "./stamp.js";
import { sleep } from "./sleep.js";

interface MemoryStore {
  json: string | undefined;
  lock: LockInfo | undefined;
}

export interface MemoryBackend extends StateBackend {
  /** Another client of the same store. */
  peer(): MemoryBackend;
}

const POLL_MS = 5;

/** `initial` is stored as it is given (serial and lineage included), as if an earlier run wrote it. */
export function createMemoryBackend(initial?: StateSnapshot): MemoryBackend {
  return new MemoryClient({ json: initial === undefined ? undefined : JSON.stringify(initial), lock: undefined });
}

class MemoryClient extends BackendBase implements MemoryBackend {
  readonly describe = "memory";

  constructor(private readonly store: MemoryStore) {
    super();
  }

  peer(): MemoryBackend {
    return new MemoryClient(this.store);
  }

  async read(): Promise<StateSnapshot | undefined> {
    return this.store.json === undefined ? undefined : migrate(JSON.parse(this.store.json), this.describe);
  }

  async write(next: StateSnapshot, expected: StateVersion | undefined): Promise<StateVersion> {
    const current = await this.read();
    checkExpected(this.describe, expected, current);
    const stored = stamp(this.describe, next, expected);
    this.store.json = JSON.stringify(stored);
    return { lineage: stored.lineage, serial: stored.serial };
  }

  async lock(request: LockRequest, options: { timeoutMs?: number } = {}): Promise<LockHandle> {
    const deadline = Date.now() + (options.timeoutMs ?? 0);
    while (this.store.lock !== undefined) {
      if (Date.now() >= deadline) throw lockHeld(this.describe, this.store.lock);
      await sleep(Math.min(POLL_MS, deadline - Date.now()));
    }
    const info: LockInfo = { ...request, id: randomUUID(), created: new Date().toISOString() };
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
