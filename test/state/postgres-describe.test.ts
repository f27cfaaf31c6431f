import { describe, expect, it } from "vitest";
import { describePostgres } from "../../src/state/postgres/connection.js";

describe("how a postgres state names itself in messages", () => {
  it("gives the host, port and database, never the user or password", () => {
    expect(describePostgres("postgres://scanform:s3cret@db.internal:5432/scanform", "default")).toBe('postgres workspace "default" at db.internal:5432/scanform');
  });

  // `postgres:user:pw@host/db` parses with no host and all of it as the path.
  it.each(["postgres:scanform:s3cret@db.internal/scanform", "postgresql:/scanform:s3cret@db.internal/db"])("names only the workspace for %s, a URL without a host", (url) => {
    expect(describePostgres(url, "default")).toBe('postgres workspace "default"');
  });
});
