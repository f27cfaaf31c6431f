/**
 * The local state's files read as hostile input: only a regular file (a FIFO would hold the read
 * until a writer came, a device would be read forever) and no more than the limit, with an error
 * that names the file either way.
 */
import { readRegularFile, type BoundedRead } from "../../core/regular-file.js";
import { stateNotAFile, stateTooLarge } from "../errors.js";
import { isCode } from "./atomic-write.js";

/**
 * The bench's mixed set of 4,300 resources keeps 3.4 MB of state, so 20,000 are about 16 MiB; the
 * limit leaves room for over 300,000 and stops a path that names something else (a dump, a device)
 * before it fills memory. The log holds a step's edits a line and is folded into the file when an
 * apply ends, so it stays smaller.
 */
export const MAX_STATE_FILE_BYTES = 256 * 1024 * 1024;

/** The file's bytes, or undefined when it does not exist; `where` is the state's description. */
export async function readStateBytes(file: string, where: string, maxBytes: number): Promise<Buffer | undefined> {
  let read: BoundedRead;
  try {
    read = await readRegularFile(file, maxBytes);
  } catch (e) {
    if (isCode(e, "ENOENT")) return undefined;
    throw e;
  }
  if (read.ok) return read.bytes;
  throw read.problem === "too-large" ? stateTooLarge(where, file, maxBytes) : stateNotAFile(where, file, read.kind);
}
