/**
 * `scanform plan` while an apply holds the lock (a nightly drift check overlapping a deploy): the
 * apply's open journal entries are calls in flight, not crash leftovers. The plan says an apply is
 * in progress, by whom and since when, and raises no error a person would act on.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/exit-codes.js";
import type { LockHandle } from "../../src/state/capabilities.js";
import { lockRequest } from "../../src/state/lock-info.js";
import type { JournalEntry } from "../../src/state/model.js";
import { updateState } from "../../src/state/update.js";
import { applyOk } from "./checks.js";
import { spawnCli, startE2E, type E2E } from "./harness.js";

let e2e: E2E;
beforeEach(async () => {
  e2e = await startE2E({ files: ["settings.yaml", "cortex.yaml", "qualys.yaml"] });
});
afterEach(async () => {
  await e2e.close();
});

/** This process as an apply that has just sent a Cortex create whose answer is not back yet. */
async function applyInFlight(): Promise<LockHandle> {
  await applyOk(e2e);
  const backend = await e2e.backend();
  const lock = await backend.lock(lockRequest("apply", e2e.env));
  const sent: JournalEntry = {
    id: "7a1f0c3e-0000-4000-8000-000000000001",
    address: "cortex.scan.lab-weekly",
    vendor: "cortex",
    kind: "scan",
    operation: "create",
    naturalKey: "E2E lab weekly",
    specDigest: "sha256:in-flight",
    startedAt: new Date().toISOString(),
  };
  await updateState(backend, (s) => {
    const { ["cortex.scan.lab-weekly"]: _creating, ...rest } = s.resources;
    return { ...s, resources: rest, journal: [...s.journal, sent] };
  });
  return lock;
}

describe("plan beside a running apply", () => {
  it("says an apply is in progress, by whom and since when, and treats its open calls as in flight, not as errors", async () => {
    const lock = await applyInFlight();
    const r = await e2e.run("plan", "--detailed-exitcode");
    expect(r.stderr).not.toMatch(/^Error/m);
    expect([EXIT.ok, EXIT.changes]).toContain(r.code);
    expect(r.stdout).toContain(`An apply is in progress: e2e-runner on`);
    expect(r.stdout).toContain(`since ${lock.info.created}`);
    expect(r.stdout).toMatch(/cortex\.scan\.lab-weekly: a create sent at .* by that apply is in flight/);
    await lock.release();
  });

  it("once the apply is gone, reports the same open entry as one a person must settle", async () => {
    const lock = await applyInFlight();
    await lock.release();
    const r = await e2e.run("plan");
    expect(r.code).toBe(EXIT.error);
    expect(r.stderr).toMatch(/^Error: cortex\.scan\.lab-weekly: a create sent at .* may or may not have reached cortex/m);
  });

  it("exits 0 or 2 with the note while a real apply runs against a slow vendor", async () => {
    e2e.emulators.emulators.cortex!.setControls({ latencyMs: 1500 });
    const child = spawnCli(e2e, ["apply", e2e.dir, "--auto-approve"]);
    await eventually(async () => ((await e2e.state())?.journal.length ?? 0) > 0);
    const r = await e2e.run("plan", "--detailed-exitcode");
    expect((await child.exited).code).toBe(EXIT.ok);
    expect(r.stderr).not.toMatch(/^Error/m);
    expect([EXIT.ok, EXIT.changes]).toContain(r.code);
    expect(r.stdout).toContain("An apply is in progress: e2e-runner on");
  });
});

async function eventually(ready: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
