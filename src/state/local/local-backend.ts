/**
 * The default backend: one JSON file (`.scanform/state.json` beside the manifests), replaced
 * atomically by a whole write, an append log beside it (`state.json.log`) for the edits of each
 * step of an apply, and a lock file. Nothing to install; for one machine or a CI job that keeps the
 * file. Teams whose jobs share state use the postgres backend.
 *
 * The log is folded into the file (compacted) when a lock is taken and when it is released, so it
 * only lives while an apply runs, or after one was killed: a read replays it either way.
 */
import { open, stat } from "node:fs/promises";
import { BackendBase } from "../backend-base.js";
import type { LockHandle, LockInfo } from "../capabilities.js";
import { corruptState, lockLost } from "../errors.js";
import { type LockRequest, lockRequest } from "../lock-info.js";
import { migrate } from "../migrate.js";
import type { StateSnapshot, StateVersion } from "../model.js";
import { versionOf } from "../snapshot.js";
import { checkExpected, stamp } from "../stamp.js";
import { type FileOpener, isCode, removeLeftoverTemps, writeAtomic } from "./atomic-write.js";
import { MAX_STATE_FILE_BYTES, readStateBytes } from "./bounded-read.js";
import { type LogContent, AppendLog } from "./append-log.js";
import { layOutState } from "./layout.js";
import { LockFile } from "./lock-file.js";
import { resolveStatePath } from "./state-path.js";
import type { StateEdit } from "../edit.js";
import { checkedForWrite, replay } from "../replay.js";

export interface LocalOptions {
  /** How often a lock waiter looks again. */
  readonly pollMs?: number;
  /** Names the holder of the lock a write takes for itself (USER / USERNAME). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The most bytes the state file, and its log, may hold (MAX_STATE_FILE_BYTES); lower in tests. */
  readonly maxFileBytes?: number;
  /** How often a held lock checks its lock file is still its own (LOCK_CHECK_MS); lower in tests. */
  readonly lockCheckMs?: number;
  /** Opens the log and the temp files of whole writes; tests pass one whose disk fills up. */
  readonly openFile?: FileOpener;
}

/**
 * How often a held lock reads its lock file. Someone may force-unlock a run that is still alive
 * (from another host sharing the folder, with --force): the run must then stop sending, as a
 * second apply may take the lock and repeat its creates.
 */
export const LOCK_CHECK_MS = 10_000;

export class LocalBackend extends BackendBase {
  readonly describe: string;
  private readonly lockFile: LockFile;
  /** Locks taken through this instance and not yet released. */
  private readonly held = new Set<string>();
  private readonly env: Readonly<Record<string, string | undefined>>;
  private readonly log: AppendLog;
  private readonly maxFileBytes: number;
  private readonly lockCheckMs: number;
  private readonly openFile: FileOpener;
  /** This instance's last whole write, whose entries need no second check. */
  private trusted: StateSnapshot | undefined;
  /** The version this instance last stored, with the file and log size it left (to tell whether anyone wrote since). */
  private known: { readonly version: StateVersion; readonly file: string | undefined; readonly logSize: number } | undefined;

  /** The state file itself, the configured path resolved through any symbolic links; the log, lock and temp files sit beside it. */
  readonly path: string;

  constructor(path: string, options: LocalOptions = {}) {
    super();
    this.describe = path;
    this.path = resolveStatePath(path);
    this.env = options.env ?? process.env;
    this.lockFile = new LockFile(`${this.path}.lock`, path, options.pollMs ?? 100);
    this.maxFileBytes = options.maxFileBytes ?? MAX_STATE_FILE_BYTES;
    this.lockCheckMs = options.lockCheckMs ?? LOCK_CHECK_MS;
    this.openFile = options.openFile ?? open;
    this.log = new AppendLog(`${this.path}.log`, path, this.maxFileBytes, this.openFile);
  }

  async read(): Promise<StateSnapshot | undefined> {
    return (await this.readWithLog()).snapshot;
  }

  /** The file, with the log's records replayed on it. */
  private async readWithLog(): Promise<{ snapshot: StateSnapshot | undefined; log: LogContent }> {
    const log = await this.log.read();
    // Read as bytes and decoded once: decoded chunk by chunk (readFile with an encoding), 3.4 MB of
    // state made a string JSON.parse was slower on, 37 ms against 25 ms.
    const bytes = await readStateBytes(this.path, this.describe, this.maxFileBytes);
    if (bytes === undefined) {
      if (log.records.length > 0) throw corruptState(this.describe, `it is missing, but its log ${this.log.path} is not`);
      return { snapshot: undefined, log };
    }
    const text = bytes.toString("utf8");
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw corruptState(this.describe, `it is not valid JSON (${(e as Error).message})`, e);
    }
    return { snapshot: replay(migrate(raw, this.describe), log.records, this.describe), log };
  }

  /**
   * A file offers no compare-and-swap, so the serial check and the rename must run under the
   * lock: a writer that does not hold it takes it for the write (failing at once with
   * STATE_LOCKED if another process has it), and two writers can never both pass the check.
   */
  write(next: StateSnapshot, expected: StateVersion | undefined): Promise<StateVersion> {
    return this.underLock(() => this.writeLocked(next, expected));
  }

  /** Edits of one step, as one flushed line of the log: its cost is the edits', not the state's. */
  append(edits: readonly StateEdit[], expected: StateVersion): Promise<StateVersion> {
    return this.underLock(() => this.appendLocked(edits, expected));
  }

  /** Runs `store` under the lock this instance holds, or under one taken for it alone. */
  private async underLock<T>(store: () => Promise<T>): Promise<T> {
    if (this.held.size > 0) return store();
    const handle = await this.lock(lockRequest("write state", this.env));
    try {
      return await store();
    } finally {
      await handle.release();
    }
  }

  async lock(request: LockRequest, options: { timeoutMs?: number } = {}): Promise<LockHandle> {
    const info = await this.lockFile.acquire(request, options.timeoutMs ?? 0);
    this.held.add(info.id);
    try {
      await removeLeftoverTemps(this.path);
      await this.compact();
    } catch (e) {
      await this.releaseHeld(info.id);
      throw e;
    }
    const lost = new AbortController();
    const check = setInterval(() => {
      this.lockFile.holder().then(
        (holder) => {
          if (!this.held.has(info.id) || (holder.state === "held" && holder.info.id === info.id)) return;
          clearInterval(check);
          // Writes through this instance no longer count as under the lock: they take it for themselves, and fail as another run holds it.
          this.held.delete(info.id);
          lost.abort(lockLost(this.describe, info.id, holder.state === "free" ? "its lock file was removed (force-unlock)" : "its lock file now holds another run's lock"));
        },
        // A read that fails says nothing of who holds the lock: the next check reads again.
        () => undefined,
      );
    }, this.lockCheckMs);
    // The run's own work keeps the process alive; the check alone must not.
    check.unref();
    return {
      info,
      lost: lost.signal,
      release: () => {
        clearInterval(check);
        return this.releaseHeld(info.id, { compact: true });
      },
    };
  }

  async lockInfo(): Promise<LockInfo | undefined> {
    const holder = await this.lockFile.holder();
    return holder.state === "held" ? holder.info : undefined;
  }

  async forceUnlock(id: string): Promise<void> {
    await this.lockFile.forceUnlock(id);
    this.held.delete(id);
  }

  /** Frees the locks taken through this instance and not yet released, folding the log in first. */
  async dispose(): Promise<void> {
    await Promise.all([...this.held].map((held) => this.releaseHeld(held, { compact: true })));
    await this.log.close();
  }

  /** Folds the log into the file, under the lock: the file then holds every record, and the log goes. */
  private async compact(): Promise<void> {
    const { snapshot, log } = await this.readWithLog();
    if (log.size === 0) return;
    this.known = undefined;
    if (snapshot) await writeAtomic(this.path, layOutState(snapshot), this.describe, this.openFile);
    await this.log.remove();
    if (snapshot) this.known = { version: versionOf(snapshot), file: await fileIdentity(this.path), logSize: 0 };
  }

  private async releaseHeld(id: string, options: { compact?: boolean } = {}): Promise<void> {
    try {
      // A lock lost since the last check (force-unlocked, maybe taken by another run) must not fold:
      // the fold would rewrite the file and delete a log the new holder is appending to.
      if (options.compact && this.held.has(id) && (await this.lockFile.heldBy(id))) await this.compact();
    } finally {
      this.held.delete(id);
      await this.lockFile.release(id);
    }
  }

  private async writeLocked(next: StateSnapshot, expected: StateVersion | undefined): Promise<StateVersion> {
    const current = await this.storedVersion();
    checkExpected(this.describe, expected, current.version);
    const stored = stamp(this.describe, next, expected, this.trusted);
    this.trusted = this.known = undefined;
    await writeAtomic(this.path, layOutState(stored), this.describe, this.openFile);
    // The file now holds everything: records left in the log are at or below its serial.
    if (current.log.size > 0) await this.log.remove();
    this.trusted = stored;
    this.known = { version: versionOf(stored), file: await fileIdentity(this.path), logSize: 0 };
    return versionOf(stored);
  }

  private async appendLocked(edits: readonly StateEdit[], expected: StateVersion): Promise<StateVersion> {
    const current = await this.storedVersion();
    checkExpected(this.describe, expected, current.version);
    const version = { lineage: expected.lineage, serial: expected.serial + 1 };
    const line = `${checkedForWrite({ ...version, edits }, this.describe)}\n`;
    const file = this.known?.file ?? (await fileIdentity(this.path));
    this.known = undefined;
    await this.log.append(line, current.log);
    this.known = { version, file, logSize: this.log.knownSize ?? 0 };
    return version;
  }

  /**
   * The version stored now, and what the log holds. When the file is still the one this instance
   * renamed into place (an atomic replace always makes a new inode) and the log is as long as it
   * left it, that is the version it stored: no need to read and check the whole state again.
   */
  private async storedVersion(): Promise<{ version: StateVersion | undefined; log: LogContent }> {
    const known = this.known;
    // Every step of an apply lands here: once this instance has appended, one stat of the log answers.
    if (known && this.log.untouchedAt(known.logSize)) return { version: known.version, log: { records: [], whole: known.logSize, size: known.logSize } };
    if (known && known.file !== undefined && known.file === (await fileIdentity(this.path)) && known.logSize === (await logSize(this.log.path))) {
      return { version: known.version, log: { records: [], whole: known.logSize, size: known.logSize } };
    }
    // Someone else wrote: an open log handle may point at a file since replaced, so appends reopen it.
    await this.log.close();
    const { snapshot, log } = await this.readWithLog();
    return { version: snapshot && versionOf(snapshot), log };
  }
}

async function logSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (e) {
    if (isCode(e, "ENOENT")) return 0;
    throw e;
  }
}

async function fileIdentity(path: string): Promise<string | undefined> {
  try {
    const s = await stat(path, { bigint: true });
    return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  } catch (e) {
    if (isCode(e, "ENOENT")) return undefined;
    throw e;
  }
}
