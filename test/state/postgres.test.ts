/**
 * The conformance suite against PostgreSQL. Every run uses its own table prefix (so parallel runs
 * never meet) and drops its tables afterwards. Without a reachable database the suite is skipped
 * with the reason printed, unless SCANFORM_REQUIRE_PG=1 (CI), where that is a failure.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { openPostgresBackend } from "../../src/state/postgres/postgres-backend.js";
import { backendContract } from "./contract.js";
import { stateEntry, withEntries } from "./fixtures.js";
import { emptySnapshot } from "../../src/state/snapshot.js";

const url = process.env.SCANFORM_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const required = process.env.SCANFORM_REQUIRE_PG === "1";
const prefix = `sf_test_${randomBytes(5).toString("hex")}`;

async function unreachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return undefined;
  } catch (e) {
    return `PostgreSQL at ${url.replace(/\/\/[^@/]*@/, "//")} is unreachable (${(e as Error).message})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function sql(text: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text, params);
  } finally {
    await client.end();
  }
}

const reason = await unreachable();

if (reason && required) {
  describe("postgres state backend", () => {
    it("needs a reachable database (SCANFORM_REQUIRE_PG=1)", () => {
      throw new Error(reason);
    });
  });
} else if (reason) {
  console.warn(`Skipping the postgres state tests: ${reason}. Set SCANFORM_TEST_PG_URL to run them.`);
  describe.skip(`postgres state backend (skipped: ${reason})`, () => {
    it("runs the conformance suite", () => undefined);
  });
} else {
  afterAll(async () => {
    await sql(`DROP TABLE IF EXISTS ${prefix}_states, ${prefix}_locks, ${prefix}_fresh_states, ${prefix}_fresh_locks`);
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

  describe("postgres state backend", () => {
    it("creates its tables on first use", async () => {
      const fresh = `${prefix}_fresh`;
      const backend = await openPostgresBackend({ url, workspace: "w", tablePrefix: fresh });
      try {
        const found = await sql("SELECT table_name FROM information_schema.tables WHERE table_name LIKE $1 ORDER BY 1", [`${fresh}_%`]);
        expect(found.rows.map((r: { table_name: string }) => r.table_name)).toEqual([`${fresh}_locks`, `${fresh}_states`]);
      } finally {
        await backend.close();
      }
    });

    it("keeps one row per workspace, with the serial and lineage in their own columns", async () => {
      const backend = await openPostgresBackend({ url, workspace: "columns", tablePrefix: prefix });
      try {
        await backend.write(withEntries(emptySnapshot("lin"), stateEntry("hexiosec.scan.a")), undefined);
        const rows = await sql(`SELECT lineage, serial, data->'resources' ? 'hexiosec.scan.a' AS has FROM ${prefix}_states WHERE workspace = 'columns'`);
        expect(rows.rows).toEqual([{ lineage: "lin", serial: "1", has: true }]);
      } finally {
        await backend.close();
      }
    });

    it("names the database without its credentials when it cannot be reached", async () => {
      const e = await openPostgresBackend({ url: "postgres://user:s3cret@127.0.0.1:1/db", workspace: "w" }).catch((err: unknown) => err);
      expect(e).toMatchObject({ code: "STATE_BACKEND_UNREACHABLE" });
      expect((e as Error).message).toContain('postgres workspace "w" at 127.0.0.1:1/db');
      expect((e as Error).message).not.toContain("s3cret");
    });
  });
}
