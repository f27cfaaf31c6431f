/**
 * The postgres backend, for teams whose CI jobs share state: one row per workspace, written only
 * if its serial is still the one read (an UPDATE ... WHERE serial = $n, so no update is ever lost
 * between machines), and an advisory lock held for the whole apply.
 */
import type { LockHandle, LockInfo, StateBackend } from "../capabilities.js";
import { staleState } from "../errors.js";
import { BackendBase } from "../backend-base.js";
import type { LockRequest } from "../lock-info.js";
import { migrate } from "../migrate.js";
import type { StateSnapshot, StateVersion } from "../model.js";
import { stamp } from "../stamp.js";
import { type LockPlace, acquire, forceUnlock, holder } from "./advisory-lock.js";
import { describePostgres, newPool, run } from "./connection.js";
import { DEFAULT_PREFIX, advisoryKey, ensureTables, tables } from "./schema.js";

export interface PostgresOptions {
  /** A postgres:// URL, already resolved from its `${VAR}` template; it may hold a password. */
  readonly url: string;
  readonly workspace: string;
  /** Tables are `<prefix>_states` and `<prefix>_locks`. */
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
    const result = await run<{ data: unknown }>(this.p.pool, this.describe, `SELECT data FROM ${this.p.tables.states} WHERE workspace = $1`, [this.p.workspace]);
    const row = result.rows[0];
    return row === undefined ? undefined : migrate(row.data, this.describe);
  }

  async write(next: StateSnapshot, expected: StateVersion | undefined): Promise<StateVersion> {
    const stored = stamp(this.describe, next, expected, this.written);
    const params = [this.p.workspace, stored.lineage, stored.serial, JSON.stringify(stored)];
    const result = expected === undefined
      ? await run(this.p.pool, this.describe, `
          INSERT INTO ${this.p.tables.states} (workspace, lineage, serial, data, updated_at) VALUES ($1, $2, $3, $4::jsonb, now())
          ON CONFLICT (workspace) DO NOTHING`, params)
      : await run(this.p.pool, this.describe, `
          UPDATE ${this.p.tables.states} SET serial = $3, data = $4::jsonb, updated_at = now()
          WHERE workspace = $1 AND lineage = $2 AND serial = $5`, [...params, expected.serial]);
    if (result.rowCount !== 1) throw staleState(this.describe, expected, await this.storedVersion());
    this.written = stored;
    return { lineage: stored.lineage, serial: stored.serial };
  }

  async lock(request: LockRequest, options: { timeoutMs?: number } = {}): Promise<LockHandle> {
    const handle = await acquire(this.p, request, options.timeoutMs ?? 0);
    this.held.add(handle);
    return {
      info: handle.info,
      release: async () => {
        this.held.delete(handle);
        await handle.release();
      },
    };
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

