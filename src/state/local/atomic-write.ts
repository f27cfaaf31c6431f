/**
 * Replaces a file so that a reader, or the next run after a crash or SIGKILL at any instant, finds
 * either the old content or the new, never a mix: write a temp file in the same directory, fsync
 * it, rename it over the target (atomic within one file system), then fsync the directory so the
 * rename itself survives a power cut.
 */
import { randomBytes } from "node:crypto";
import { open, readdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { stateWriteFailed } from "../errors.js";

const tempPrefix = (target: string): string => `.${basename(target)}.tmp-`;

/** How the local backend opens a file it writes: fs/promises' `open`, or a fake in tests. */
export type FileOpener = typeof open;

/**
 * `where` names the state in messages. A write that fails (a full disk) removes its temp file and
 * leaves the target as it was, with STATE_WRITE_FAILED.
 */
export async function writeAtomic(target: string, content: string, where: string, openFile: FileOpener = open): Promise<void> {
  const temp = join(dirname(target), `${tempPrefix(target)}${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    const file = await openFile(temp, "wx", 0o600);
    try {
      await file.writeFile(content, "utf8");
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, target);
  } catch (e) {
    await rm(temp, { force: true });
    throw stateWriteFailed(where, target, "be replaced", e);
  }
  await syncDirectory(dirname(target));
}

export async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch (e) {
    // Some platforms (Windows) cannot open or fsync a directory; the rename is still atomic there.
    if (!isCode(e, "EISDIR", "EPERM", "EINVAL", "EACCES")) throw e;
  } finally {
    await handle?.close();
  }
}

/**
 * Deletes temp files that killed writers left behind. Only safe while holding the state's lock,
 * because then no other writer can be between its temp write and its rename.
 */
export async function removeLeftoverTemps(target: string): Promise<void> {
  const prefix = tempPrefix(target);
  let names: string[];
  try {
    names = await readdir(dirname(target));
  } catch (e) {
    if (isCode(e, "ENOENT")) return;
    throw e;
  }
  await Promise.all(names.filter((n) => n.startsWith(prefix)).map((n) => rm(join(dirname(target), n), { force: true })));
}

export const isCode = (e: unknown, ...codes: string[]): boolean =>
  typeof e === "object" && e !== null && "code" in e && codes.includes(String((e as { code: unknown }).code));
