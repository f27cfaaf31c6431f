/**
 * The local backend's append log (`state.json.log`): one JSON line per write of edits after the
 * last whole snapshot, each flushed to disk before its write resolves. A SIGKILL mid-append leaves
 * at most a last line without its newline: that write never resolved, so nothing acknowledged is
 * lost, and the fragment is ignored on read and cut off before the next append. A line whose
 * newline is there was written whole, so any other unreadable line is corruption.
 */
import { constants, statSync } from "node:fs";
import { type FileHandle, open, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { corruptState, stateWriteFailed } from "../errors.js";
import { type FileOpener, syncDirectory } from "./atomic-write.js";
import { readStateBytes } from "./bounded-read.js";

export interface LogContent {
  /** Parsed lines, in order, not yet checked. */
  readonly records: readonly unknown[];
  /** Bytes up to the end of the last whole line; the file's size unless a torn fragment follows. */
  readonly whole: number;
  readonly size: number;
}

export const NO_LOG: LogContent = { records: [], whole: 0, size: 0 };

/**
 * Where the platform has O_DSYNC, a write returns only once its bytes (and the file's new size)
 * are on disk: one trip through the thread pool per append instead of a write and a datasync. On
 * a loaded machine each trip also waits for the event loop, and every journal entry is opened on
 * a vendor request's critical path (issue 14: 15 ms per open at load 11, three trips each).
 */
const DSYNC: number | undefined = constants.O_DSYNC;
const APPEND_FLAGS = constants.O_APPEND | constants.O_CREAT | constants.O_RDWR | (DSYNC ?? 0);

/**
 * write(2) may take fewer bytes than asked without an error, on a disk nearly full: the rest is
 * written again, and a write that takes nothing fails as the disk being full (the errno a retry
 * would give).
 */
async function writeAll(handle: FileHandle, bytes: Buffer): Promise<void> {
  for (let at = 0; at < bytes.length; ) {
    const { bytesWritten } = await handle.write(bytes, at, bytes.length - at);
    if (bytesWritten === 0) throw Object.assign(new Error(`no byte of the last ${bytes.length - at} was written`), { code: "ENOSPC" });
    at += bytesWritten;
  }
}

export class AppendLog {
  private handle: FileHandle | undefined;
  /** The file's size after this instance's last append, while it keeps the file open. */
  private size = 0;
  /** The open file's device and inode: a log removed and created anew is another file. */
  private identity = "";

  constructor(
    readonly path: string,
    private readonly where: string,
    private readonly maxBytes: number,
    private readonly openFile: FileOpener = open,
  ) {}

  async read(): Promise<LogContent> {
    const bytes = await readStateBytes(this.path, this.where, this.maxBytes);
    if (bytes === undefined) return NO_LOG;
    const whole = bytes.lastIndexOf(0x0a) + 1;
    const lines = bytes.subarray(0, whole).toString("utf8").split("\n");
    lines.pop();
    const records = lines.map((line, i) => {
      try {
        return JSON.parse(line) as unknown;
      } catch (e) {
        throw corruptState(this.where, `line ${i + 1} of its log ${this.path} is not valid JSON (${(e as Error).message})`, e);
      }
    });
    return { records, whole, size: bytes.length };
  }

  /** The size this instance left the file at, when it has it open; else undefined (read it). */
  get knownSize(): number | undefined {
    return this.handle === undefined ? undefined : this.size;
  }

  /**
   * Appends one line and flushes it. `content` is what a read just found, when the file is not
   * open yet: a torn fragment after its last whole line is cut off first.
   */
  async append(line: string, content: LogContent): Promise<void> {
    if (this.handle === undefined) {
      const created = content.size === 0;
      const handle = await this.openFile(this.path, APPEND_FLAGS, 0o600);
      try {
        if (content.whole < content.size) await handle.truncate(content.whole);
        if (created) await syncDirectory(dirname(this.path));
      } catch (e) {
        await handle.close();
        throw e;
      }
      this.handle = handle;
      this.size = content.whole;
      const opened = await handle.stat();
      this.identity = `${opened.dev}:${opened.ino}`;
    }
    const bytes = Buffer.from(line, "utf8");
    const handle = this.handle;
    try {
      await writeAll(handle, bytes);
      if (DSYNC === undefined) await handle.datasync();
    } catch (e) {
      // A part of the line left behind would sit before the next append's line. Cut back, it never
      // was; if the cut fails too, the part has no newline and the next append cuts it off. Either
      // way the next append reads the file again.
      await handle.truncate(this.size).catch(() => undefined);
      await this.close();
      throw stateWriteFailed(this.where, this.path, "grow", e);
    }
    this.size += bytes.length;
  }

  /**
   * Whether the file at the path is still the one this instance appends to, `size` bytes long, as
   * its last append left it. Nobody else can have written since: another writer's append would
   * have grown it, and a whole write or a compaction removes it (the open handle keeps its inode
   * from being reused meanwhile). A stat of a local file takes microseconds: done in place, it
   * spares every append a trip through the thread pool and the event loop.
   */
  untouchedAt(size: number): boolean {
    if (this.handle === undefined || this.size !== size || size === 0) return false;
    const now = statSync(this.path, { throwIfNoEntry: false });
    return now !== undefined && `${now.dev}:${now.ino}` === this.identity && now.size === size;
  }

  /** Deletes the log, once a whole snapshot holding every one of its records is durable. */
  async remove(): Promise<void> {
    await this.close();
    await rm(this.path, { force: true });
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.close();
  }
}
