/**
 * The local backend's lock: a file created with O_EXCL beside the state, holding the holder's
 * LockInfo as JSON. Whoever creates it holds the lock; deleting it frees it. A lock whose process
 * has died is reported as such and left in place: only `force-unlock` with its id removes it,
 * because "dead" can be wrong (a pid reused, a holder on another host sharing the directory).
 */
import { mkdir, open, rm } from "node:fs/promises";
import { dirname } from "node:path";
import type { LockInfo } from "../capabilities.js";
import { lockHeld, lockIdMismatch } from "../errors.js";
import { holderProcess, issueLock, type LockRequest, parseLockInfo, withdrawLock } from "../lock-info.js";
import { sleep } from "../../http/sleep.js";
import { readRegularFile, type BoundedRead } from "../../core/regular-file.js";
import { isCode } from "./atomic-write.js";

/** A LockInfo is a few hundred bytes. */
const MAX_LOCK_FILE_BYTES = 64 * 1024;

type Holder =
  | { readonly state: "free" }
  | { readonly state: "held"; readonly info: LockInfo }
  /** Exists but does not hold a whole LockInfo: being written right now, or cut short by a crash. */
  | { readonly state: "unreadable" };

export class LockFile {
  /** `where` names the state in messages; `pollMs` is how often a waiter looks again. */
  constructor(readonly path: string, private readonly where: string, private readonly pollMs: number) {}

  async acquire(request: LockRequest, timeoutMs: number): Promise<LockInfo> {
    const deadline = Date.now() + timeoutMs;
    await mkdir(dirname(this.path), { recursive: true });
    for (;;) {
      const info = issueLock(request);
      if (await this.tryCreate(info)) return info;
      withdrawLock(info.id);
      const holder = await this.holder();
      if (holder.state === "free") continue;
      const found = holder.state === "held" ? holder.info : undefined;
      if (found && holderProcess(found) === "gone") throw lockHeld(this.where, found, { processGone: true });
      if (Date.now() >= deadline) throw lockHeld(this.where, found, { lockFile: this.path, waitedMs: timeoutMs });
      await sleep(Math.min(this.pollMs, deadline - Date.now()));
    }
  }

  async holder(): Promise<Holder> {
    let read: BoundedRead;
    try {
      read = await readRegularFile(this.path, MAX_LOCK_FILE_BYTES);
    } catch (e) {
      if (isCode(e, "ENOENT")) return { state: "free" };
      throw e;
    }
    // A lock file that is not a small regular file was not written by scanform: the message names it to delete.
    if (!read.ok) return { state: "unreadable" };
    const text = read.bytes.toString("utf8");
    let info: LockInfo | undefined;
    try {
      info = parseLockInfo(JSON.parse(text));
    } catch {
      info = undefined;
    }
    return info ? { state: "held", info } : { state: "unreadable" };
  }

  /** Whether the lock file holds `id` now; after a force-unlock it may belong to someone else. */
  async heldBy(id: string): Promise<boolean> {
    const holder = await this.holder();
    return holder.state === "held" && holder.info.id === id;
  }

  /** Frees the lock if `id` still holds it. */
  async release(id: string): Promise<void> {
    if (await this.heldBy(id)) await rm(this.path, { force: true });
  }

  async forceUnlock(id: string): Promise<void> {
    const holder = await this.holder();
    const info = holder.state === "held" ? holder.info : undefined;
    if (info?.id !== id) throw lockIdMismatch(this.where, id, info);
    await rm(this.path, { force: true });
  }

  private async tryCreate(info: LockInfo): Promise<boolean> {
    let file;
    try {
      file = await open(this.path, "wx", 0o644);
    } catch (e) {
      if (isCode(e, "EEXIST")) return false;
      throw e;
    }
    try {
      await file.writeFile(`${JSON.stringify(info)}\n`, "utf8");
      await file.sync();
      await file.close();
    } catch (e) {
      // An empty lock file would block everyone with no id to force-unlock: never leave one.
      await file.close().catch(() => undefined);
      await rm(this.path, { force: true });
      throw e;
    }
    return true;
  }
}
