/**
 * Who takes a lock, and how a holder is shown to people. Every command that locks builds its
 * request with `lockRequest`, so the holder printed to others always says who, where and what.
 */
import { randomUUID } from "node:crypto";
import { hostname, userInfo } from "node:os";
import { isRecord } from "../core/json.js";
import type { LockInfo } from "./capabilities.js";
import type { JournalEntry } from "./model.js";
import { isCode } from "./local/atomic-write.js";

export type LockRequest = Omit<LockInfo, "id" | "created">;

/** `operation` names the command, e.g. `apply`, `state rm`; `who` comes from USER/USERNAME. */
export function lockRequest(operation: string, env: Readonly<Record<string, string | undefined>>): LockRequest {
  return { who: env.USER ?? env.USERNAME ?? currentUser(), host: hostname(), pid: process.pid, operation };
}

/**
 * Ids of the locks this process tried to take. A lock found holding one of them is this process's
 * own; one that merely names this pid was left by an earlier process that had the same pid (a
 * container's pid 1 on a fixed hostname). An id is a fresh UUID, so one issued here and not taken
 * never shows up in a lock. A waiter that issues one an attempt withdraws those it did not take.
 */
const issuedHere = new Set<string>();

/** An id issueLock gave for a lock that was not taken: it will never be in a lock. */
export const withdrawLock = (id: string): void => void issuedHere.delete(id);

/** The LockInfo of a lock being taken now: a fresh id to force-unlock it by, and the time it was taken. */
export function issueLock(request: LockRequest): LockInfo {
  const info = { ...request, id: randomUUID(), created: new Date().toISOString() };
  issuedHere.add(info.id);
  return info;
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    // Containers may run under a uid with no passwd entry.
    return "unknown";
  }
}

/** `alice on ci-7 (pid 4242, operation "apply") since 2026-01-02T03:04:05.000Z, lock ID 0f…` */
export function formatHolder(info: LockInfo): string {
  return `${info.who} on ${info.host} (pid ${info.pid}, operation "${info.operation}") since ${info.created}, lock ID ${info.id}`;
}

/** Reads lock details written by another process; undefined when they are not a whole LockInfo. */
export function parseLockInfo(raw: unknown): LockInfo | undefined {
  if (!isRecord(raw)) return undefined;
  const { id, who, host, pid, operation, created } = raw;
  if (typeof id !== "string" || typeof who !== "string" || typeof host !== "string") return undefined;
  if (typeof pid !== "number" || typeof operation !== "string" || typeof created !== "string") return undefined;
  return { id, who, host, pid, operation, created };
}

/**
 * Whether the process holding a lock still runs. Only a holder on this host can be checked
 * ("elsewhere" otherwise); signal 0 tests existence without touching the process, and a process
 * we may not signal (EPERM) exists. Signal 0 to this process's own pid always succeeds, so a holder
 * with that pid is this process only if the lock is one it took.
 */
export function holderProcess(info: LockInfo): "running" | "gone" | "elsewhere" {
  if (info.host !== hostname()) return "elsewhere";
  if (info.pid === process.pid) return issuedHere.has(info.id) ? "running" : "gone";
  try {
    process.kill(info.pid, 0);
    return "running";
  } catch (e) {
    return isCode(e, "ESRCH") ? "gone" : "running";
  }
}

/** Journal entries the holder opened: stamped by its own clock, at or after it took the lock. */
export const openedBy =
  (holder: LockInfo | undefined) =>
  (e: JournalEntry): boolean =>
    holder !== undefined && Date.parse(e.startedAt) >= Date.parse(holder.created);
