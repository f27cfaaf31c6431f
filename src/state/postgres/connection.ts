/**
 * Talking to PostgreSQL: how the backend names itself without leaking credentials, and how pg's
 * errors are classified where they are born (no connection vs. the database said no).
 */
import pg from "pg";
import { backendFailed, backendUnreachable } from "../errors.js";

/** `postgres workspace "default" at db.internal:5432/scanform`; user and password never appear. */
export function describePostgres(url: string, workspace: string): string {
  const name = `postgres workspace "${workspace}"`;
  try {
    const u = new URL(url);
    // Without `//` the URL has no host, and its path is everything after the scheme: user and password too.
    if (u.host === "") return name;
    return `${name} at ${u.hostname}${u.port ? `:${u.port}` : ""}${u.pathname === "/" ? "" : u.pathname}`;
  } catch {
    return name;
  }
}

export const CONNECT_TIMEOUT_MS = 10_000;

export function newPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 3, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: "scanform" });
  // An idle connection that dies (server restart) is dropped by the pool; the next query reports it.
  pool.on("error", () => undefined);
  return pool;
}

/** A connection of its own, for a session-level advisory lock that must outlive any pooled query. */
export async function connectClient(url: string, where: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: "scanform lock", keepAlive: true });
  // A force-unlock terminates this session; its next query (or release) reports that instead.
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => undefined);
    throw backendUnreachable(where, e);
  }
  return client;
}

/** SQLSTATE classes that mean the connection, not the statement, failed. */
const CONNECTION_STATES = /^(08|28|3D|53|57P)/;

/** Runs a query and turns pg's failures into STATE_BACKEND_UNREACHABLE or STATE_BACKEND_FAILED. */
export async function run<R extends pg.QueryResultRow>(db: pg.Pool | pg.Client, where: string, sql: string, params: readonly unknown[] = []): Promise<pg.QueryResult<R>> {
  try {
    return await db.query<R>(sql, [...params]);
  } catch (e) {
    if (e instanceof pg.DatabaseError && !CONNECTION_STATES.test(e.code ?? "")) throw backendFailed(where, e);
    // Socket errors (ECONNREFUSED, ...), connect timeouts and "Connection terminated" all mean no database.
    throw backendUnreachable(where, e);
  }
}
