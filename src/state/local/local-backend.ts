/**
 * The default backend: one JSON file (`.scanform/state.json` beside the manifests), replaced
 * atomically on every write, and a lock file beside it. Nothing to install; for one machine or a
 * CI job that keeps the file. Teams whose jobs share state use the postgres backend.
 */
import { readFile, stat } from "node:fs/promises";
import { BackendBase } from "../backend-base.js";
import type { LockHandle, LockInfo } from "../capabilities.js";
import { corruptState } from "../errors.js";
import { type LockRequest, lockRequest } from "../lock-info.js";
import { migrate } from "../migrate.js";
import type { StateSnapshot, StateVersion } from "../model.js";
import { versionOf } from "../snapshot.js";
import { checkExpected, stamp } from "../stamp.js";
import { isCode, removeLeftoverTemps, writeAtomic } from "./atomic-write.js";
import { LockFile } from "./lock-file.js";

export interface LocalOptions {
  /** How often a lock waiter looks again. */
  readonly pollMs?: number;
  /** Names the holder of the lock a write takes for itself (USER / USERNAME). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export class LocalBackend extends BackendBase {
  readonly describe: string;
  private readonly lockFile: LockFile;
  /** Locks taken through this instance and not yet released. */
  private readonly held = new Set<string>();
  private readonly env: Readonly<Record<string, string | undefined>>;
  /** This instance's last write: what it stored, and the file it left (to tell whether anyone replaced it since). */
  private written: { readonly stored: StateSnapshot; readonly file: string | undefined } | undefined;

  constructor(readonly path: string, options: LocalOptions = {}) {
    super();
    this.describe = path;
    this.env = options.env ?? process.env;
    this.lockFile = new LockFile(`${path}.lock`, path, options.pollMs ?? 100);
  }

  async read(): Promise<StateSnapshot | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (e) {
      if (isCode(e, "ENOENT")) return undefined;
      throw e;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw corruptState(this.path, `it is not valid JSON (${(e as Error).message})`, e);
    }
    return migrate(raw, this.path);
  }

  /**
   * A file offers no compare-and-swap, so the serial check and the rename must run under the
   * lock: a writer that does not hold it takes it for the write (failing at once with
   * STATE_LOCKED if another process has it), and two writers can never both pass the check.
   */
  async write(next: StateSnapshot, expected: StateVersion | undefined): Promise<StateVersion> {
    if (this.held.size > 0) return this.writeLocked(next, expected);
    const handle = await this.lock(lockRequest("write state", this.env));
    try {
      return await this.writeLocked(next, expected);
    } finally {
      await handle.release();
    }
  }

  async lock(request: LockRequest, options: { timeoutMs?: number } = {}): Promise<LockHandle> {
    const info = await this.lockFile.acquire(request, options.timeoutMs ?? 0);
    this.held.add(info.id);
    await removeLeftoverTemps(this.path);
    return {
      info,
      release: async () => {
        this.held.delete(info.id);
        await this.lockFile.release(info.id);
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

  /** Frees the locks taken through this instance and not yet released. */
  async dispose(): Promise<void> {
    await Promise.all([...this.held].map((held) => this.lockFile.release(held)));
    this.held.clear();
  }

  private async writeLocked(next: StateSnapshot, expected: StateVersion | undefined): Promise<StateVersion> {
    checkExpected(this.path, expected, await this.storedVersion());
    const stored = stamp(this.path, next, expected, this.written?.stored);
    this.written = undefined;
    await writeAtomic(this.path, `${JSON.stringify(stored, null, 2)}\n`);
    this.written = { stored, file: await fileIdentity(this.path) };
    return versionOf(stored);
  }

  /**
   * The version stored now. When the file is still the one this instance renamed into place (an
   * atomic replace always makes a new inode), that is the version it wrote: no need to read and
   * check the whole state again. Otherwise the file is read.
   */
  private async storedVersion(): Promise<StateVersion | undefined> {
    const file = this.written?.file;
    if (this.written && file !== undefined && file === (await fileIdentity(this.path))) return versionOf(this.written.stored);
    const current = await this.read();
    return current && versionOf(current);
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
