/**
 * A Cortex apply killed while many creates wait for the client's pacing (5 requests/s). Cortex
 * cannot be read back, so every journal entry left open needs a person: an entry must therefore be
 * open only for a call that actually reached the server, never for one still queued.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cortexDriver } from "../../src/vendors/cortex/driver.js";
import { cortexTenant } from "./checks.js";
import { spawnCli, startE2E, until, type E2E } from "./harness.js";

const DEFINITIONS = 16;

function manyDefinitions(n: number): string {
  const scans = Array.from({ length: n }, (_, i) => `    kill-${i}:
      name: E2E kill ${i}
      template: 12
      scanners: [0f8e6c2a-3b1d-4c9e-8a7f-5d2e1b0c9a84]
      network: 3
      portList: 1
      targets: [10.50.${i}.0/24]
      schedule: { cadence: DAILY, at: "03:00", timezone: UTC, start: 2026-12-01 }
`);
  return `cortex:\n  scans:\n${scans.join("")}`;
}

let e2e: E2E;
beforeEach(async () => {
  // Slow answers keep several creates on the wire when the kill lands, and the rest queued.
  e2e = await startE2E({ files: ["settings.yaml"], controls: { cortex: { latencyMs: 400 } } });
  await writeFile(join(e2e.dir, "cortex.yaml"), manyDefinitions(DEFINITIONS));
});
afterEach(async () => {
  await e2e.close();
});

describe("a Cortex apply killed mid-way", () => {
  it("leaves journal entries open only for creates the server received", async () => {
    const child = spawnCli(e2e, ["apply", e2e.dir, "--auto-approve"]);
    await until(() => e2e.count("cortex", "configureNewScan") >= 2, 20_000);
    child.process.kill("SIGKILL");
    await child.exited;
    // Requests already on the wire are still answered by the emulator after its latency.
    await new Promise((r) => setTimeout(r, 600));
    const received = new Set(cortexTenant(e2e).definitions.map((d) => d.name));
    const open = ((await e2e.state())?.journal ?? []).filter((e) => e.operation === "create");
    // Never more than the client lets onto the wire at once (before: one per --parallelism slot).
    expect(open.length).toBeLessThanOrEqual(cortexDriver.concurrency);
    // An entry is durable just before its request is written, so a kill in that instant can
    // leave one entry for a call the server never saw; calls still queued for pacing leave none.
    expect(open.filter((e) => !received.has(e.naturalKey)).length).toBeLessThanOrEqual(1);
  });
});
