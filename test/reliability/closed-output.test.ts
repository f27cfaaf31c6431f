/**
 * A reader that goes away: `scanform apply --json | head -1`. The apply still runs to its end,
 * records what it did and releases the lock, as it would had its output been read.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/exit-codes.js";
import { startE2E, type E2E } from "../e2e/harness.js";
import { runScanform } from "./child.js";
import { inventory, writeFleet, type Fleet } from "./fleet.js";

let e2e: E2E;
let fleet: Fleet;
beforeEach(async () => {
  e2e = await startE2E({ files: ["settings.yaml"], controls: { hexiosec: { latencyMs: 20 }, cortex: { latencyMs: 20 }, qualys: { latencyMs: 20 } } });
  fleet = await writeFleet(e2e.dir, { hexiosec: 4, cortex: 4, qualys: 4 });
});
afterEach(async () => {
  await e2e.close();
});

describe("an apply whose output nobody reads any more", () => {
  it("applies everything, releases the lock and exits as it would have, with no stack trace", async () => {
    const cut = await runScanform(["apply", "--auto-approve", "--json"], { cwd: e2e.dir, env: e2e.env, deadlineMs: 60_000, closeStdoutAfterBytes: 1 });
    expect(cut.stderr).not.toMatch(/EPIPE|at .*\.js:\d+/);
    expect(cut.code).toBe(EXIT.ok);
    const after = await runScanform(["plan", "--detailed-exitcode"], { cwd: e2e.dir, env: e2e.env, deadlineMs: 60_000 });
    expect(after.stderr).toBe("");
    expect(after.code).toBe(EXIT.ok);
    expect(inventory(e2e, fleet)).toMatchObject({ missing: [], duplicate: [], untracked: [] });
  });
});
