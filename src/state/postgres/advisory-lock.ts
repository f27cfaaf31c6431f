/**
 * The postgres lock: a session-level advisory lock on the workspace's key, held on a connection of
 * its own for as long as the holder runs (the whole apply), plus a row saying who holds it, so
 * others can print the holder. If the holder's session ends (crash, kill, force-unlock) the server
 * frees the lock; a row is believed only while its session still holds the lock in pg_locks.
 *
 * So the session must outlive every idle stretch of the run (an apply waiting for vendors, `--wait`
 * for hours): it opts out of the server's idle_session_timeout, and a heartbeat on it notices at
 * once when it ends all the same (a restart, a failover, a connection reaper), marking the lock
 * lost, instead of the run going on while a second apply takes the lock and repeats its creates.
 */
import pg from "pg";
import type { LockHandle, LockInfo } from "../capabilities.js";
import { lockHeld, lockIdMismatch, lockLost } from "../errors.js";
import { issueLock, type LockRequest, parseLockInfo } from "../lock-info.js";
import { sleep } from "../../http/sleep.js";
import { connectClient, run } from "./connection.js";
import type { AdvisoryKey, Tables } from "./schema.js";

/** How long force-unlock waits for the server to end a terminated session. */
const TERMINATION_WAIT_MS = 5_000;

/** How often the lock's session is asked whether it is still there; one unanswered beat marks the lock lost. */
export const LOCK_HEARTBEAT_MS = 10_000;

export interface LockPlace {
  readonly url: string;
  readonly pool: pg.Pool;
  readonly tables: Tables;
  readonly workspace: string;
  readonly key: AdvisoryKey;
  readonly where: string;
  readonly pollMs: number;
}

type HolderRow = LockInfo & { readonly backendPid: number };

export async function acquire(p: LockPlace, request: LockRequest, timeoutMs: number): Promise<LockHandle> {
  const deadline = Date.now() + timeoutMs;
  const client = await connectClient(p.url, p.where);
  try {
    await outliveIdleTimeout(client);
    for (;;) {
      const got = await run<{ ok: boolean }>(client, p.where, "SELECT pg_try_advisory_lock($1::bigint) AS ok", [p.key.key]);
      if (got.rows[0]?.ok === true) return await recordHolder(p, client, request);
      const holder = await holderRow(p);
      if (Date.now() >= deadline) throw lockHeld(p.where, holder && withoutPid(holder), { waitedMs: timeoutMs });
      await sleep(Math.min(p.pollMs, deadline - Date.now()));
    }
  } catch (e) {
    await client.end().catch(() => undefined);
    throw e;
  }
}

async function recordHolder(p: LockPlace, client: pg.Client, request: LockRequest): Promise<LockHandle> {
  const info = issueLock(request);
  await run(client, p.where, `
    INSERT INTO ${p.tables.locks} (workspace, id, who, host, pid, operation, created, backend_pid)
    VALUES ($1, $2, $3, $4, $5, $6, $7, pg_backend_pid())
    ON CONFLICT (workspace) DO UPDATE SET id = excluded.id, who = excluded.who, host = excluded.host, pid = excluded.pid,
      operation = excluded.operation, created = excluded.created, backend_pid = excluded.backend_pid`,
    [p.workspace, info.id, info.who, info.host, info.pid, info.operation, info.created]);
  let released = false;
  const lost = new AbortController();
  const markLost = (why: string): void => {
    if (!released && !lost.signal.aborted) lost.abort(lockLost(p.where, info.id, why));
  };
  client.on("end", () => markLost("its database session ended, and the server freed the lock with it"));
  let beating = false;
  const heartbeat = setInterval(() => {
    if (beating) {
      markLost(`its database session did not answer within ${LOCK_HEARTBEAT_MS / 1000} s, and is being closed`);
      void client.end().catch(() => undefined);
      return;
    }
    beating = true;
    run(client, p.where, "SELECT 1").then(
      () => (beating = false),
      () => markLost("its database session failed, and the server frees the lock with it"),
    );
  }, LOCK_HEARTBEAT_MS);
  // The run's own work keeps the process alive; the heartbeat alone must not.
  heartbeat.unref();
  return {
    info,
    lost: lost.signal,
    release: async () => {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      try {
        await run(client, p.where, `DELETE FROM ${p.tables.locks} WHERE workspace = $1 AND id = $2`, [p.workspace, info.id]);
        await run(client, p.where, "SELECT pg_advisory_unlock($1::bigint)", [p.key.key]);
      } catch {
        // The session is already gone (force-unlocked, or the database went away); the server
        // freed the lock with it, and a leftover row is ignored because pg_locks no longer backs it.
      } finally {
        await client.end().catch(() => undefined);
      }
    },
  };
}

export async function holder(p: LockPlace): Promise<LockInfo | undefined> {
  const row = await holderRow(p);
  return row && withoutPid(row);
}

/**
 * Frees lock `id`. If its session has ended already (the holder died and the server freed the
 * lock), clearing its leftover row is all there is to do: that lock no longer holds the state.
 */
export async function forceUnlock(p: LockPlace, id: string): Promise<void> {
  const row = await holderRow(p);
  if (row === undefined) {
    const cleared = await run(p.pool, p.where, `DELETE FROM ${p.tables.locks} WHERE workspace = $1 AND id = $2`, [p.workspace, id]);
    if (cleared.rowCount === 1) return;
  }
  if (row?.id !== id) throw lockIdMismatch(p.where, id, row && withoutPid(row));
  await run(p.pool, p.where, "SELECT pg_terminate_backend($1)", [row.backendPid]);
  await run(p.pool, p.where, `DELETE FROM ${p.tables.locks} WHERE workspace = $1 AND id = $2`, [p.workspace, id]);
  // pg_terminate_backend only signals: wait until the session has ended and the lock is free, so
  // the caller can take it at once.
  const deadline = Date.now() + TERMINATION_WAIT_MS;
  while ((await lockHolderPid(p)) === row.backendPid && Date.now() < deadline) await sleep(p.pollMs);
}

async function holderRow(p: LockPlace): Promise<HolderRow | undefined> {
  const result = await run<Record<string, unknown>>(p.pool, p.where, `
    SELECT l.id, l.who, l.host, l.pid, l.operation, l.created, l.backend_pid
    FROM ${p.tables.locks} l
    WHERE l.workspace = $1 AND l.backend_pid IN (${holderPidSql(2)})`,
    [p.workspace, p.key.high, p.key.low]);
  const row = result.rows[0];
  const info = parseLockInfo(row);
  return row && info ? { ...info, backendPid: Number(row.backend_pid) } : undefined;
}

/** The server session holding the workspace's advisory lock; the key's halves are parameters $n, $n+1. */
const holderPidSql = (n: number): string => `
  SELECT pid FROM pg_locks
  WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND classid = $${n}::oid AND objid = $${n + 1}::oid
    AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;

async function lockHolderPid(p: LockPlace): Promise<number | undefined> {
  const result = await run<{ pid: number }>(p.pool, p.where, holderPidSql(1), [p.key.high, p.key.low]);
  return result.rows[0]?.pid;
}

const withoutPid = ({ backendPid: _pid, ...info }: HolderRow): LockInfo => info;

/** idle_session_timeout (PostgreSQL 14+) would end the session, and free the lock, while the run waits on vendors. */
async function outliveIdleTimeout(client: pg.Client): Promise<void> {
  try {
    await client.query("SET idle_session_timeout = 0");
  } catch (e) {
    // 42704: a server before 14 has no such setting, and so no such timeout.
    if (!(e instanceof pg.DatabaseError && e.code === "42704")) throw e;
  }
}
