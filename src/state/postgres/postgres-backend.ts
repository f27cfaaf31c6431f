/**
 * The postgres backend, for teams whose CI jobs share state: one row per workspace, written only
 * if its serial is still the one read (an UPDATE ... WHERE serial = $n, so no update is ever lost
 * between machines), and an advisory lock held for the whole apply.
 *
 * A step of an apply appends its edits as one row of the log table in the same statement that
 * raises the serial (its cost is the edits', not the state's); a read replays the log on the row's
 * data, in one statement so it sees one moment. Releasing a lock folds the log into the data.
 */
import type { LockHandle, LockInfo, StateBackend } from "../capabilities.js";
import { staleState } from "../errors.js";
import { BackendBase } from "../backend-base.js";
import type { LockRequest } from "../lock-info.js";
import { migrate } from "../migrate.js";
import type { StateSnapshot, StateVersion } from "../model.js";
import { stamp } from "../stamp.js";
import type { StateEdit } from "../edit.js";
import { corruptState } from "../errors.js";
import { checkedForWrite, replay } from "../replay.js";
import { type LockPlace, acquire, forceUnlock, holder } from "./advisory-lock.js";
import { describePostgres, newPool, run } from "./connection.js";
import { DEFAULT_PREFIX, advisoryKey, ensureTables, tables } from "./schema.js";

export interface PostgresOptions {
  /** A postgres:// URL, already resolved from its `${VAR}` template; it may hold a password. */
  readonly url: string;
  readonly workspace: string;
  /** Tables are `<prefix>_states`, `<prefix>_state_log` and `<prefix>_locks`. */
  readonly tablePrefix?: string;
  readonly pollMs?: number;
}

/** Connects and creates the tables if they do not exist yet. */
export async function openPostgresBackend(options: PostgresOptions): Promise<StateBackend> {
  const t = tables(options.tablePrefix ?? DEFAULT_PREFIX);
  const where = describePostgres(options.url, options.workspace);
  const pool = newPool(options.url);
  try {
    await ensureTables(pool, t, where);
  } catch (e) {
    await pool.end();
    throw e;
  }
  const place: LockPlace = {
    url: options.url, pool, tables: t, workspace: options.workspace, where,
    key: advisoryKey(t, options.workspace), pollMs: options.pollMs ?? 250,
  };
  return new PostgresBackend(place);
}

class PostgresBackend extends BackendBase {
  readonly describe: string;
  private readonly held = new Set<LockHandle>();
  /** This backend's last write, whose entries need no second check. */
  private written: StateSnapshot | undefined;

  constructor(private readonly p: LockPlace) {
    super();
    this.describe = p.where;
  }

  async read(): Promise<StateSnapshot | undefined> {
    return (await this.readWithLog())?.snapshot;
  }

  private async readWithLog(): Promise<{ snapshot: StateSnapshot; records: number } | undefined> {
    const { states, log } = this.p.tables;
    const result = await run<{ data: unknown; serial: string; log: unknown[] }>(this.p.pool, this.describe, `
      SELECT s.data, s.serial, COALESCE((SELECT json_agg(l.record ORDER BY l.serial) FROM ${log} l WHERE l.workspace = s.workspace), '[]'::json) AS log
      FROM ${states} s WHERE s.workspace = $1`, [this.p.workspace]);
    const row = result.rows[0];
    if (row === undefined) return undefined;
    const snapshot = replay(migrate(row.data, this.describe), row.log, this.describe);
    if (snapshot.serial !== Number(row.serial)) {
      throw corruptState(this.describe, `its row is at serial ${row.serial}, but its data and log reach only serial ${snapshot.serial}`);
    }
    return { snapshot, records: row.log.length };
  }

  /** A whole write also drops the log: every record in it is folded into what is written. */
  async write(next: StateSnapshot, expected: StateVersion | undefined): Promise<StateVersion> {
    const { states, log } = this.p.tables;
    const stored = stamp(this.describe, next, expected, this.written);
    const params = [this.p.workspace, stored.lineage, stored.serial, JSON.stringify(stored)];
    const written = expected === undefined
      ? `INSERT INTO ${states} (workspace, lineage, serial, data, updated_at) VALUES ($1, $2, $3, $4::jsonb, now())
         ON CONFLICT (workspace) DO NOTHING RETURNING 1`
      : `UPDATE ${states} SET serial = $3, data = $4::jsonb, updated_at = now()
         WHERE workspace = $1 AND lineage = $2 AND serial = $5 RETURNING 1`;
    const result = await run<{ n: string }>(this.p.pool, this.describe, `
      WITH written AS (${written}),
      dropped AS (DELETE FROM ${log} WHERE workspace = $1 AND EXISTS (SELECT 1 FROM written))
      SELECT count(*) AS n FROM written`, expected === undefined ? params : [...params, expected.serial]);
    if (result.rows[0]?.n !== "1") throw staleState(this.describe, expected, await this.storedVersion());
    this.written = stored;
    return { lineage: stored.lineage, serial: stored.serial };
  }

  /** One statement: the serial is raised and the edits' row inserted together, or neither. */
  async append(edits: readonly StateEdit[], expected: StateVersion): Promise<StateVersion> {
    const { states, log } = this.p.tables;
    const version = { lineage: expected.lineage, serial: expected.serial + 1 };
    const record = checkedForWrite({ ...version, edits }, this.describe);
    const result = await run(this.p.pool, this.describe, `
      WITH bumped AS (
        UPDATE ${states} SET serial = serial + 1, updated_at = now()
        WHERE workspace = $1 AND lineage = $2 AND serial = $3 RETURNING serial)
      INSERT INTO ${log} (workspace, serial, record) SELECT $1, serial, $4::jsonb FROM bumped`,
      [this.p.workspace, expected.lineage, expected.serial, record]);
    if (result.rowCount !== 1) throw staleState(this.describe, expected, await this.storedVersion());
    return version;
  }

  async lock(request: LockRequest, options: { timeoutMs?: number } = {}): Promise<LockHandle> {
    const handle = await acquire(this.p, request, options.timeoutMs ?? 0);
    this.held.add(handle);
    return {
      info: handle.info,
      ...(handle.lost === undefined ? {} : { lost: handle.lost }),
      release: async () => {
        if (!this.held.delete(handle)) return;
        try {
          // A lock lost may be another run's now: its state is left for that run to compact.
          if (handle.lost?.aborted !== true) await this.compact();
        } finally {
          await handle.release();
        }
      },
    };
  }

  /**
   * Writes the data whole at the serial it already has and drops the log, in one statement that
   * does nothing if anyone wrote since the read. The state read is the same before and after.
   */
  private async compact(): Promise<void> {
    const read = await this.readWithLog();
    if (read === undefined || read.records === 0) return;
    const { states, log } = this.p.tables;
    await run(this.p.pool, this.describe, `
      WITH written AS (UPDATE ${states} SET data = $3::jsonb WHERE workspace = $1 AND serial = $2 RETURNING 1)
      DELETE FROM ${log} WHERE workspace = $1 AND serial <= $2 AND EXISTS (SELECT 1 FROM written)`,
      [this.p.workspace, read.snapshot.serial, JSON.stringify(read.snapshot)]);
  }

  lockInfo(): Promise<LockInfo | undefined> {
    return holder(this.p);
  }

  forceUnlock(id: string): Promise<void> {
    return forceUnlock(this.p, id);
  }

  /** Releases locks still held through this backend and closes its connections. */
  async dispose(): Promise<void> {
    await Promise.all([...this.held].map((h) => h.release()));
    this.held.clear();
    // pg refuses to end a pool twice; closing a closed backend is a no-op instead.
    if (!this.p.pool.ended) await this.p.pool.end();
  }

  private async storedVersion(): Promise<StateVersion | undefined> {
    const result = await run<{ lineage: string; serial: string }>(this.p.pool, this.describe, `SELECT lineage, serial FROM ${this.p.tables.states} WHERE workspace = $1`, [this.p.workspace]);
    const row = result.rows[0];
    return row && { lineage: row.lineage, serial: Number(row.serial) };
  }
}

