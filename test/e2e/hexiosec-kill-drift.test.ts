/**
 * A scan created by an apply killed before its seeds were added is not "changed outside
 * scanform": after SIGKILL the next plan settles the open create, shows no drift, and adds the seeds.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/exit-codes.js";
import { expectConverged, hexiosecScans } from "./checks.js";
import { spawnCli, startE2E, until, type E2E } from "./harness.js";

let e2e: E2E;
beforeEach(async () => {
  // Slow answers and one step at a time, so the process is caught after a create, before its seeds.
  e2e = await startE2E({ files: ["settings.yaml", "hexiosec.yaml"], controls: { hexiosec: { latencyMs: 200 } } });
});
afterEach(async () => {
  await e2e.close();
});

describe("an apply killed between a scan's create and its seeds", () => {
  it("leaves no false drift: the next plan updates the scan to add the seeds it never got", async () => {
    const child = spawnCli(e2e, ["apply", e2e.dir, "--auto-approve", "--parallelism", "1"]);
    await until(() => e2e.count("hexiosec", "createScan") >= 1);
    child.process.kill("SIGKILL");
    expect((await child.exited).signal).toBe("SIGKILL");
    expect(hexiosecScans(e2e).every((s) => s.seeds.length === 0)).toBe(true);

    const lockId = /scanform force-unlock ([0-9a-f-]+)/.exec((await e2e.run("apply", "--auto-approve")).stderr)?.[1];
    expect((await e2e.run("force-unlock", lockId!, "--force")).code).toBe(EXIT.ok);
    e2e.faults("hexiosec", undefined);
    const plan = await e2e.run("plan");
    expect(plan.stderr).not.toMatch(/^Error/m);
    expect(plan.stdout).not.toContain("changed outside scanform");
    expect(plan.stdout).toMatch(/^ {2}~ hexiosec\.scan\.\w+$/m);
    expect((await e2e.run("apply", "--auto-approve")).code).toBe(EXIT.ok);
    await expectConverged(e2e);
  });
});
