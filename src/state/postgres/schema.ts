/**
 * The tables, created on first use: the state (one row per workspace), its append log (one row per
 * write of edits since that row's data was last written whole) and the locks (one row per
 * workspace); and the advisory-lock key of a workspace. `prefix` lets several independent sets of tables share one database (tests).
 */
import { createHash } from "node:crypto";
import type pg from "pg";
import { ScanformError } from "../../core/errors.js";
import { run } from "./connection.js";

export interface Tables {
  readonly states: string;
  readonly log: string;
  readonly locks: string;
}

export const DEFAULT_PREFIX = "scanform";

export function tables(prefix: string): Tables {
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(prefix)) {
    throw new ScanformError("STATE_SETTINGS_INVALID", `"${prefix}" is not a usable table prefix: use lower-case letters, digits and _.`);
  }
  return { states: `${prefix}_states`, log: `${prefix}_state_log`, locks: `${prefix}_locks` };
}

/** A 64-bit advisory key and its halves as pg_locks shows them (classid = high, objid = low). */
export interface AdvisoryKey {
  readonly key: string;
  readonly high: string;
  readonly low: string;
}

export function advisoryKey(t: Tables, workspace: string): AdvisoryKey {
  const bytes = createHash("sha256").update(`scanform-state\0${t.states}\0${workspace}`).digest();
  return {
    key: bytes.readBigInt64BE(0).toString(),
    high: bytes.readUInt32BE(0).toString(),
    low: bytes.readUInt32BE(4).toString(),
  };
}

/**
 * CREATE TABLE IF NOT EXISTS is not safe against itself when two first runs race (both try to
 * create the row type), so creation is serialised by a transaction-scoped advisory lock. The
 * statements go as one simple query, which PostgreSQL runs as one implicit transaction.
 */
export async function ensureTables(pool: pg.Pool, t: Tables, where: string): Promise<void> {
  const guard = advisoryKey(t, "\0schema").key;
  await run(pool, where, `
    SELECT pg_advisory_xact_lock(${guard});
    CREATE TABLE IF NOT EXISTS ${t.states} (
      workspace  text PRIMARY KEY,
      lineage    text NOT NULL,
      serial     bigint NOT NULL,
      data       jsonb NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE IF NOT EXISTS ${t.log} (
      workspace  text NOT NULL,
      serial     bigint NOT NULL,
      record     jsonb NOT NULL,
      PRIMARY KEY (workspace, serial)
    );
    CREATE TABLE IF NOT EXISTS ${t.locks} (
      workspace   text PRIMARY KEY,
      id          text NOT NULL,
      who         text NOT NULL,
      host        text NOT NULL,
      pid         integer NOT NULL,
      operation   text NOT NULL,
      created     text NOT NULL,
      backend_pid integer NOT NULL
    );`);
}
