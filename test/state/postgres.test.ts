/**
 * The conformance suite against PostgreSQL. Every run uses its own table prefix (so parallel runs
 * never meet) and drops its tables afterwards.
 */
import { randomBytes } from "node:crypto";
import { afterAll, expect, it } from "vitest";
import { openPostgresBackend } from "../../src/state/postgres/postgres-backend.js";
import { emptySnapshot } from "../../src/state/snapshot.js";
import { lockRequest } from "../../src/state/lock-info.js";
import { backendContract } from "./contract.js";
import { stateEntry, withEntries } from "./fixtures.js";
import { PG_URL as url, describeWithPostgres, sql } from "./pg-env.js";

const prefix = `sf_test_${randomBytes(5).toString("hex")}`;

describeWithPostgres("postgres state backend", () => {
  afterAll(async () => {
    await sql(`DROP TABLE IF EXISTS ${prefix}_states, ${prefix}_locks, ${prefix}_fresh_states, ${prefix}_fresh_locks, ${prefix}_state_log, ${prefix}_fresh_state_log`);
  });

  let workspaces = 0;
  backendContract({
    name: "postgres",
    async fresh() {
      const workspace = `ws-${++workspaces}`;
      return {
        open: () => openPostgresBackend({ url, workspace, tablePrefix: prefix, pollMs: 20 }),
        child: { kind: "postgres", url, workspace, tablePrefix: prefix },
        destroy: async () => undefined,
      };
    },
  });

  it("creates its tables on first use", async () => {
    const fresh = `${prefix}_fresh`;
    const backend = await openPostgresBackend({ url, workspace: "w", tablePrefix: fresh });
    try {
      const found = await sql("SELECT table_name FROM information_schema.tables WHERE table_name LIKE $1 ORDER BY 1", [`${fresh}_%`]);
      expect(found.rows.map((r: { table_name: string }) => r.table_name)).toEqual([`${fresh}_locks`, `${fresh}_state_log`, `${fresh}_states`]);
    } finally {
      await backend.dispose();
    }
  });

  it("keeps one row per workspace, with the serial and lineage in their own columns", async () => {
    const backend = await openPostgresBackend({ url, workspace: "columns", tablePrefix: prefix });
    try {
      await backend.write(withEntries(emptySnapshot("lin"), stateEntry("hexiosec.scan.a")), undefined);
      const rows = await sql(`SELECT lineage, serial, data->'resources' ? 'hexiosec.scan.a' AS has FROM ${prefix}_states WHERE workspace = 'columns'`);
      expect(rows.rows).toEqual([{ lineage: "lin", serial: "1", has: true }]);
    } finally {
      await backend.dispose();
    }
  });

  it("accepts force-unlock of a lock whose session the server has already ended, clearing its record", async () => {
    const a = await openPostgresBackend({ url, workspace: "ended", tablePrefix: prefix, pollMs: 20 });
    const b = await openPostgresBackend({ url, workspace: "ended", tablePrefix: prefix, pollMs: 20 });
    try {
      const held = await a.lock(lockRequest("apply", {}));
      await sql(`SELECT pg_terminate_backend(backend_pid) FROM ${prefix}_locks WHERE id = $1`, [held.info.id]);
      await expect.poll(() => b.lockInfo()).toBeUndefined();
      await b.forceUnlock(held.info.id);
      expect((await sql(`SELECT id FROM ${prefix}_locks WHERE id = $1`, [held.info.id])).rows).toEqual([]);
      await expect(b.forceUnlock(held.info.id)).rejects.toMatchObject({ code: "STATE_LOCK_ID_MISMATCH" });
    } finally {
      await Promise.all([a.dispose(), b.dispose()]);
    }
  });

  // A server or pooler that ends idle sessions (idle_session_timeout, a connection reaper) would
  // free the lock of an apply that is only waiting for vendors, and let a second apply in.
  it("keeps its lock through the server's idle session timeout", async () => {
    const idleKiller = `${url}${url.includes("?") ? "&" : "?"}options=${encodeURIComponent("-c idle_session_timeout=300")}`;
    const a = await openPostgresBackend({ url: idleKiller, workspace: "idle", tablePrefix: prefix, pollMs: 20 });
    const b = await openPostgresBackend({ url, workspace: "idle", tablePrefix: prefix, pollMs: 20 });
    try {
      const held = await a.lock(lockRequest("apply", {}));
      await new Promise((r) => setTimeout(r, 1_000));
      expect((await b.lockInfo())?.id).toBe(held.info.id);
      expect(held.lost?.aborted).toBe(false);
      await held.release();
    } finally {
      await Promise.all([a.dispose(), b.dispose()]);
    }
  });

  it("says the lock is lost, as STATE_LOCK_LOST, when its session ends", async () => {
    const a = await openPostgresBackend({ url, workspace: "lost", tablePrefix: prefix, pollMs: 20 });
    try {
      const held = await a.lock(lockRequest("apply", {}));
      await sql(`SELECT pg_terminate_backend(backend_pid) FROM ${prefix}_locks WHERE id = $1`, [held.info.id]);
      await expect.poll(() => held.lost?.aborted).toBe(true);
      expect(held.lost?.reason).toMatchObject({ code: "STATE_LOCK_LOST", message: expect.stringContaining(held.info.id) });
      await held.release();
    } finally {
      await a.dispose();
    }
  });

  it("names the database without its credentials when it cannot be reached", async () => {
    const e = await openPostgresBackend({ url: "postgres://user:s3cret@127.0.0.1:1/db", workspace: "w" }).catch((err: unknown) => err);
    expect(e).toMatchObject({ code: "STATE_BACKEND_UNREACHABLE" });
    expect((e as Error).message).toContain('postgres workspace "w" at 127.0.0.1:1/db');
    expect((e as Error).message).not.toContain("s3cret");
  });
});
