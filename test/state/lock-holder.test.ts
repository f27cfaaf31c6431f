/** Whether a lock's holder still runs, when its pid is this process's own (containers reuse pid 1). */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { forceUnlockOperation } from "../../src/ops/force-unlock.js";
import { liveHolder } from "../../src/ops/in-flight.js";
import type { LockInfo } from "../../src/state/capabilities.js";
import { LocalBackend } from "../../src/state/local/local-backend.js";
import { holderProcess, lockRequest } from "../../src/state/lock-info.js";
import { emptySnapshot } from "../../src/state/snapshot.js";
import { failure } from "./fixtures.js";

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "scanform-holder-"));
  path = join(dir, "state.json");
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** What a killed run left, when it had this process's pid on this host. */
const leftBySamePid: LockInfo = { id: "left-by-a-killed-run", who: "ci", host: hostname(), pid: process.pid, operation: "apply", created: "2026-01-01T00:00:00.000Z" };

async function stateLockedBy(info: LockInfo): Promise<LocalBackend> {
  const backend = new LocalBackend(path, { pollMs: 10 });
  await backend.write(emptySnapshot("l"), undefined);
  await writeFile(`${path}.lock`, JSON.stringify(info));
  return backend;
}

describe("a lock holder with this process's pid", () => {
  it("is this process while this process holds that lock", async () => {
    const backend = new LocalBackend(path);
    const held = await backend.lock(lockRequest("apply", {}));
    expect(holderProcess(held.info)).toBe("running");
    await held.release();
  });

  it("is gone when the lock is one this process never took", () => {
    expect(holderProcess(leftBySamePid)).toBe("gone");
  });

  it("is reported as gone to a run that wants the lock, with the force-unlock command", async () => {
    const backend = await stateLockedBy(leftBySamePid);
    const e = await failure(backend.lock(lockRequest("apply", {}), { timeoutMs: 200 }));
    expect(e.code).toBe("STATE_LOCKED");
    expect(e.message).toContain("That process is no longer running.");
  });

  it("is freed by force-unlock --force", async () => {
    const backend = await stateLockedBy(leftBySamePid);
    expect((await forceUnlockOperation(backend, leftBySamePid.id, async () => true)).kind).toBe("freed");
    expect(await backend.lockInfo()).toBeUndefined();
  });

  it("is not a live holder to a plan", async () => {
    expect(await liveHolder(await stateLockedBy(leftBySamePid))).toBeUndefined();
  });
});
