/**
 * The test database: SCANFORM_TEST_PG_URL (default: the local trust-auth server's `test`). When it
 * cannot be reached the postgres tests are skipped with the reason printed, unless
 * SCANFORM_REQUIRE_PG=1 (CI), where that is a failure.
 */
import pg from "pg";
import { describe, it } from "vitest";

export const PG_URL = process.env.SCANFORM_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

async function unreachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3_000 });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return undefined;
  } catch (e) {
    return `PostgreSQL at ${PG_URL.replace(/\/\/[^@/]*@/, "//")} is unreachable (${(e as Error).message})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const reason = await unreachable();

/** `describe` that runs only with a reachable test database, per the rule above. */
export function describeWithPostgres(title: string, body: () => void): void {
  if (reason === undefined) {
    describe(title, body);
  } else if (process.env.SCANFORM_REQUIRE_PG === "1") {
    describe(title, () => {
      it("needs a reachable database (SCANFORM_REQUIRE_PG=1)", () => {
        throw new Error(reason);
      });
    });
  } else {
    console.warn(`Skipping "${title}": ${reason}. Set SCANFORM_TEST_PG_URL to run it.`);
    describe.skip(`${title} (skipped: ${reason})`, body);
  }
}

export async function sql(text: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return await client.query(text, params);
  } finally {
    await client.end();
  }
}
