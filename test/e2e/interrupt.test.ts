/**
 * A real `scanform apply` process stopped mid-apply: by SIGTERM (it finishes the steps in flight,
 * writes state and exits) and by SIGKILL (it cannot). Either way nothing is lost or made twice:
 * a re-run converges and the vendor holds one scan per name.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/exit-codes.js";
import { expectConverged, hexiosecScans, names } from "./checks.js";
import { spawnCli, startE2E, until, type E2E } from "./harness.js";

let e2e: E2E;
beforeEach(async () => {
  // Slow answers and one step at a time, so the process is caught between two scans.
  e2e = await startE2E({ files: ["settings.yaml", "hexiosec.yaml"], controls: { hexiosec: { latencyMs: 100 } } });
});
afterEach(async () => {
  await e2e.close();
});

const APPLY = (dir: string) => ["apply", dir, "--auto-approve", "--parallelism", "1"];

describe("an apply process stopped mid-apply", () => {
  it("on SIGTERM finishes the step in flight, records it, skips the rest and exits non-zero", async () => {
    const child = spawnCli(e2e, APPLY(e2e.dir));
    await until(() => e2e.count("hexiosec", "createScan") >= 1);
    child.process.kill("SIGTERM");
    const r = await child.exited;
    expect(r.signal).toBeNull();
    expect(r.code).not.toBe(EXIT.ok);
    expect(r.stdout).toMatch(/Apply: 1 succeeded, 0 failed, 1 skipped\./);
    const state = await e2e.state();
    expect(state?.journal).toEqual([]);
    const recorded = Object.values(state?.resources ?? {}).map((entry) => entry.ids["id"]);
    expect(hexiosecScans(e2e).map((s) => s.id)).toEqual(recorded);
  });

  it("after SIGTERM converges on a re-run, with one scan per name", async () => {
    const child = spawnCli(e2e, APPLY(e2e.dir));
    await until(() => e2e.count("hexiosec", "createScan") >= 1);
    child.process.kill("SIGTERM");
    await child.exited;
    expect((await e2e.run("apply", "--auto-approve")).code).toBe(EXIT.ok);
    expect(names(hexiosecScans(e2e))).toEqual(["E2E edge", "E2E partners"]);
    expect(e2e.count("hexiosec", "createScan")).toBe(2);
    await expectConverged(e2e);
  });

  it("after SIGKILL leaves its lock to be freed by ID, then converges on a re-run, with one scan per name", async () => {
    const child = spawnCli(e2e, APPLY(e2e.dir));
    await until(() => e2e.count("hexiosec", "createScan") >= 1);
    child.process.kill("SIGKILL");
    expect((await child.exited).signal).toBe("SIGKILL");

    const blocked = await e2e.run("apply", "--auto-approve");
    expect(blocked.code).toBe(EXIT.locked);
    const lockId = /scanform force-unlock ([0-9a-f-]+)/.exec(blocked.stderr)?.[1];
    expect(lockId).toBeDefined();
    expect((await e2e.run("force-unlock", lockId!, "--force")).code).toBe(EXIT.ok);

    expect((await e2e.run("apply", "--auto-approve")).code).toBe(EXIT.ok);
    expect(names(hexiosecScans(e2e))).toEqual(["E2E edge", "E2E partners"]);
    expect(e2e.count("hexiosec", "createScan")).toBe(2);
    await expectConverged(e2e);
  });
});
