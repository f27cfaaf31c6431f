/**
 * Every error the state layer raises, built where it is born so callers branch on `code`, never on
 * text. `where` is the backend's `describe` (a file path or a postgres workspace) and never holds a
 * credential.
 */
import type { Address } from "../core/address.js";
import { ScanformError } from "../core/errors.js";
import type { LockInfo } from "./capabilities.js";
import type { JournalEntry, StateVersion } from "./model.js";
import { formatHolder } from "./lock-info.js";
import { isCode } from "./local/atomic-write.js";

export const STATE_STALE = "STATE_STALE";
export const STATE_LOCKED = "STATE_LOCKED";
export const STATE_LOCK_ID_MISMATCH = "STATE_LOCK_ID_MISMATCH";
export const STATE_LOCK_HOLDER_RUNNING = "STATE_LOCK_HOLDER_RUNNING";
export const STATE_LOCK_LOST = "STATE_LOCK_LOST";
export const STATE_JOURNAL_OPEN = "STATE_JOURNAL_OPEN";
export const STATE_CORRUPT = "STATE_CORRUPT";
export const STATE_VERSION_UNSUPPORTED = "STATE_VERSION_UNSUPPORTED";
export const STATE_NOT_FOUND = "STATE_NOT_FOUND";
export const STATE_BACKEND_UNREACHABLE = "STATE_BACKEND_UNREACHABLE";
/** The backend answered, but not as expected (an SQL error that is not about the connection). */
export const STATE_BACKEND_FAILED = "STATE_BACKEND_FAILED";
/** A writer handed over a snapshot that would not read back: a bug in scanform, caught before the write. */
export const STATE_INVALID = "STATE_INVALID";
export const STATE_ADDRESS_INVALID = "STATE_ADDRESS_INVALID";
export const STATE_ADDRESS_TAKEN = "STATE_ADDRESS_TAKEN";
/** A local state file or its log is over the size limit (MAX_STATE_FILE_BYTES). */
export const STATE_TOO_LARGE = "STATE_TOO_LARGE";
/** A string no backend can store (a NUL, an unpaired surrogate: PostgreSQL's jsonb refuses both); refused by every backend alike. */
export const STATE_VALUE_UNSTORABLE = "STATE_VALUE_UNSTORABLE";
/** A local state file or its log could not be written (a full disk, a file at the system's size limit); nothing acknowledged was lost. */
export const STATE_WRITE_FAILED = "STATE_WRITE_FAILED";
/** The local state's path names a directory, a FIFO, a device: something that is not a file. */
export const STATE_NOT_A_FILE = "STATE_NOT_A_FILE";

const versionText = (v: StateVersion | undefined): string => (v ? `lineage ${v.lineage} serial ${v.serial}` : "no state");

export function staleState(where: string, expected: StateVersion | undefined, found: StateVersion | undefined): ScanformError {
  return new ScanformError(STATE_STALE, `State at ${where} has moved: expected ${versionText(expected)}, found ${versionText(found)}.`, {
    hint: "Another run wrote the state since it was read; read it again (run plan again) before writing.",
    detail: { expected, found },
  });
}

/**
 * `holder` is undefined when the lock exists but its details cannot be read yet (being written,
 * or left unreadable by a crash); `processGone` when the holder ran on this host and has exited.
 */
export function lockHeld(where: string, holder: LockInfo | undefined, options: { processGone?: boolean; lockFile?: string; waitedMs?: number } = {}): ScanformError {
  // A --lock-timeout that expired says so: "locked" alone reads as if it never waited.
  const waited = options.waitedMs ? ` Still locked after waiting ${formatWait(options.waitedMs)} (--lock-timeout).` : "";
  const waitedMs = options.waitedMs ?? 0;
  if (holder === undefined) {
    const file = options.lockFile ? ` (${options.lockFile})` : "";
    return new ScanformError(STATE_LOCKED, `State at ${where} is locked, but the lock's details${file} cannot be read.${waited}`, {
      hint: options.lockFile
        ? `If no scanform is running against this state, delete ${options.lockFile}.`
        : "Retry in a moment, or wait with --lock-timeout.",
      detail: { holder, waitedMs },
    });
  }
  const gone = options.processGone ? ` That process is no longer running.` : "";
  const again = waitedMs > 0 ? "wait longer with a larger --lock-timeout" : "retry with --lock-timeout";
  return new ScanformError(STATE_LOCKED, `State at ${where} is locked by ${formatHolder(holder)}.${gone}${waited}`, {
    hint: options.processGone
      ? `If no scanform is running against this state, free it with \`scanform force-unlock ${holder.id}\`.`
      : `Wait for that run to finish (${again}), or if it is gone, run \`scanform force-unlock ${holder.id}\`.`,
    detail: { holder, processGone: options.processGone === true, waitedMs },
  });
}

const formatWait = (ms: number): string => (ms % 60_000 === 0 ? `${ms / 60_000}m` : ms % 1000 === 0 ? `${ms / 1000}s` : `${ms} ms`);

export function lockIdMismatch(where: string, id: string, holder: LockInfo | undefined): ScanformError {
  const now = holder ? `it is held by ${formatHolder(holder)}` : "it is not locked";
  return new ScanformError(STATE_LOCK_ID_MISMATCH, `Lock ID ${id} does not hold the state at ${where}: ${now}.`, {
    hint: holder ? `To free it anyway, use the holder's ID: \`scanform force-unlock ${holder.id}\`.` : "Nothing to unlock.",
    detail: { id, holder },
  });
}

/** The lock was freed under its holder (its database session ended, its lock file was removed): another run may hold it now. */
export function lockLost(where: string, id: string, why: string): ScanformError {
  return new ScanformError(STATE_LOCK_LOST, `This run lost the state lock at ${where} (lock ID ${id}): ${why}. Another run may hold it now, so nothing more is sent to a vendor.`, {
    hint: "Calls already made are recorded as far as the state can still be written. Run `scanform apply` again: it settles what this run left open and plans against the state as it is then.",
    detail: { id },
  });
}

/** force-unlock of a lock whose holder runs on this host: freeing it would let a second run write beside the first. */
export function lockHolderRunning(where: string, holder: LockInfo): ScanformError {
  return new ScanformError(STATE_LOCK_HOLDER_RUNNING, `Refusing to free the state lock at ${where}: it is held by ${formatHolder(holder)}, and that process is still running on this host.`, {
    hint: `Wait for it to finish, or stop it (it frees the lock as it exits); force-unlock is for a lock whose run is gone.`,
    detail: { holder },
  });
}

export function corruptState(where: string, problem: string, cause?: unknown): ScanformError {
  return new ScanformError(STATE_CORRUPT, `State at ${where} is corrupt: ${problem}.`, {
    hint: "Restore it from a backup or version control; scanform never treats a damaged state as empty.",
    cause,
  });
}

export function stateTooLarge(where: string, file: string, maxBytes: number): ScanformError {
  return new ScanformError(STATE_TOO_LARGE, `State at ${where} is too large: ${file} holds more than ${maxBytes} bytes, the limit for a local state file.`, {
    hint: "Check that the local backend's `path` names scanform's state file (.scanform/state.json beside the manifests by default), not another file.",
    detail: { file, maxBytes },
  });
}

/**
 * `file` could not take a write: the log could not grow, or the state file could not be replaced.
 * The write was undone (the log cut back, the temp file removed), so the state reads as before it.
 */
export function stateWriteFailed(where: string, file: string, action: "grow" | "be replaced", cause: unknown): ScanformError {
  return new ScanformError(STATE_WRITE_FAILED, `Cannot write the state at ${where}: ${file} cannot ${action}, ${writeProblem(cause)}.`, {
    hint: `${isCode(cause, "ENOSPC", "EDQUOT", "EFBIG") ? `Free space on the disk that holds ${file}` : "Fix what stopped the write"}, then run the command again: the state holds everything written before this write.`,
    detail: { file },
    cause,
  });
}

function writeProblem(cause: unknown): string {
  if (isCode(cause, "ENOSPC", "EDQUOT")) return "the disk is full";
  if (isCode(cause, "EFBIG")) return "it is as large as the system lets a file grow";
  return cause instanceof Error ? cause.message : String(cause);
}

export function stateNotAFile(where: string, file: string, kind: string): ScanformError {
  return new ScanformError(STATE_NOT_A_FILE, `State at ${where} cannot be read: ${file} is ${kind}, not a regular file.`, {
    hint: "Point the local backend's `path` at a file, or at a path where none exists yet so that the first apply creates it.",
    detail: { file },
  });
}

export function unsupportedVersion(where: string, version: number, newest: number): ScanformError {
  const newer = version > newest;
  return new ScanformError(
    STATE_VERSION_UNSUPPORTED,
    `State at ${where} has format version ${version}, which this scanform cannot read (it reads versions up to ${newest}).`,
    {
      hint: newer
        ? "It was written by a newer scanform: upgrade scanform to use it."
        : "No upgrade from that version exists: use the scanform release that wrote it to migrate it first.",
      detail: { version, newest },
    },
  );
}

export function addressNotFound(where: string, address: Address): ScanformError {
  return new ScanformError(STATE_NOT_FOUND, `No resource ${address} in the state at ${where}.`, {
    hint: "`scanform state list` shows the addresses the state holds.",
    detail: { address },
  });
}

export function invalidWrite(where: string, problem: string, cause: unknown): ScanformError {
  return new ScanformError(STATE_INVALID, `Refusing to write the state at ${where}: ${problem}.`, {
    hint: "This is a bug in scanform; the stored state was left as it was.",
    cause,
  });
}

export function unstorableValue(where: string, path: string, what: string): ScanformError {
  return new ScanformError(STATE_VALUE_UNSTORABLE, `Refusing to write the state at ${where}: ${path} holds ${what}, which no state backend stores (PostgreSQL cannot).`, {
    hint: "Remove it where the value comes from (a manifest field, or the vendor's answer for that field); the stored state was left as it was.",
    detail: { path },
  });
}

export function notAnAddress(text: string): ScanformError {
  return new ScanformError(STATE_ADDRESS_INVALID, `${text} is not an address of the form vendor.kind.name.`);
}

/** A move may rename only: the vendor ids mean nothing under another vendor or kind. */
export function moveChangesKind(from: Address, to: Address, vendor: string, kind: string): ScanformError {
  return new ScanformError(STATE_ADDRESS_INVALID, `Cannot move ${from} to ${to}: a move may rename, but not change vendor or kind.`, {
    hint: `Use an address starting with ${vendor}.${kind}.`,
  });
}

export function journalOpenAt(address: Address, doing: string, open: readonly JournalEntry[]): ScanformError {
  const first = open[0]!;
  const list = open.map((e) => `${e.id} (a ${e.operation} sent at ${e.startedAt})`).join(", ");
  return new ScanformError(STATE_JOURNAL_OPEN, `Cannot ${doing}: ${address} has an open journal entry, ${list}; a call scanform made for it may have reached the vendor, and settling it records what landed at ${address}.`, {
    hint: `Settle it first: run \`scanform apply\`, which reads back what it can, or record what the console shows with \`scanform state journal resolve ${first.id} --landed ID\` or \`--absent\`.`,
    detail: { address, entries: open.map((e) => e.id) },
  });
}

export function addressTaken(from: Address, to: Address): ScanformError {
  return new ScanformError(STATE_ADDRESS_TAKEN, `Cannot move ${from} to ${to}: ${to} is already in the state.`, {
    hint: `Remove it first with \`scanform state rm ${to}\` if it is no longer needed.`,
  });
}

export function backendUnreachable(where: string, cause: unknown): ScanformError {
  const reason = cause instanceof Error ? `: ${cause.message}` : "";
  return new ScanformError(STATE_BACKEND_UNREACHABLE, `Cannot reach the state backend at ${where}${reason}.`, {
    hint: "Check that the database is running and that the state URL (e.g. ${SCANFORM_PG_URL}) points at it.",
    cause,
  });
}

export function backendFailed(where: string, cause: unknown): ScanformError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ScanformError(STATE_BACKEND_FAILED, `The state backend at ${where} failed: ${reason}.`, { cause });
}
