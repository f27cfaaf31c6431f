/** What people read when state gets in their way: goldens of the messages and hints. */
import { describe, expect, it } from "vitest";
import { lockHeld, lockIdMismatch, staleState } from "../../src/state/errors.js";

const holder = { id: "6f1c0d2e", who: "alice", host: "ci-7", pid: 4242, operation: "apply", created: "2026-03-01T02:00:00.000Z" };
const shown = (e: { message: string; hint: string | undefined }): string => `${e.message}\n${e.hint}`;

describe("state messages", () => {
  it("says who holds a lock, since when, and how to wait or free it", () => {
    expect(shown(lockHeld(".scanform/state.json", holder))).toMatchInlineSnapshot(`
      "State at .scanform/state.json is locked by alice on ci-7 (pid 4242, operation "apply") since 2026-03-01T02:00:00.000Z, lock ID 6f1c0d2e.
      Wait for that run to finish (retry with --lock-timeout), or if it is gone, run \`scanform force-unlock 6f1c0d2e\`."
    `);
  });

  it("says it waited when a --lock-timeout expired", () => {
    expect(shown(lockHeld(".scanform/state.json", holder, { waitedMs: 30_000 }))).toMatchInlineSnapshot(`
      "State at .scanform/state.json is locked by alice on ci-7 (pid 4242, operation "apply") since 2026-03-01T02:00:00.000Z, lock ID 6f1c0d2e. Still locked after waiting 30s (--lock-timeout).
      Wait for that run to finish (wait longer with a larger --lock-timeout), or if it is gone, run \`scanform force-unlock 6f1c0d2e\`."
    `);
  });

  it("says when the holder's process is gone", () => {
    expect(shown(lockHeld(".scanform/state.json", holder, { processGone: true }))).toMatchInlineSnapshot(`
      "State at .scanform/state.json is locked by alice on ci-7 (pid 4242, operation "apply") since 2026-03-01T02:00:00.000Z, lock ID 6f1c0d2e. That process is no longer running.
      If no scanform is running against this state, free it with \`scanform force-unlock 6f1c0d2e\`."
    `);
  });

  it("names the real holder when force-unlock is given another id", () => {
    expect(shown(lockIdMismatch('postgres workspace "default"', "0000", holder))).toMatchInlineSnapshot(`
      "Lock ID 0000 does not hold the state at postgres workspace "default": it is held by alice on ci-7 (pid 4242, operation "apply") since 2026-03-01T02:00:00.000Z, lock ID 6f1c0d2e.
      To free it anyway, use the holder's ID: \`scanform force-unlock 6f1c0d2e\`."
    `);
  });

  it("shows both versions when a write is stale", () => {
    expect(shown(staleState("s.json", { lineage: "L", serial: 4 }, { lineage: "L", serial: 6 }))).toMatchInlineSnapshot(`
      "State at s.json has moved: expected lineage L serial 4, found lineage L serial 6.
      Another run wrote the state since it was read; read it again (run plan again) before writing."
    `);
  });
});
