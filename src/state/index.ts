/** The state layer's public surface: what plan, apply and the CLI import. */
export type { Journal, LockHandle, LockInfo, Locker, StateBackend, StateReader, StateWriter } from "./capabilities.js";
export type { JournalEntry, RunRecord, StateEntry, StateSnapshot, StateVersion } from "./model.js";
export { STATE_FORMAT_VERSION } from "./model.js";
export * from "./errors.js";
export { type LockRequest, formatHolder, lockRequest } from "./lock-info.js";
export { migrate } from "./migrate.js";
export { addresses, emptySnapshot, entryAt, moveEntry, removeEntry, versionOf } from "./snapshot.js";
export { type StateStore, updateState } from "./update.js";
export { journalOver } from "./journal.js";
export { type MemoryBackend, createMemoryBackend } from "./memory.js";
export { LocalBackend } from "./local/local-backend.js";
export { type PostgresOptions, openPostgresBackend } from "./postgres/postgres-backend.js";
export { DEFAULT_LOCAL_PATH, DEFAULT_WORKSPACE, type OpenBackendOptions, manifestBaseDir, openBackend } from "./open.js";
