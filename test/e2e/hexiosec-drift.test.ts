/**
 * No false drift at Hexiosec: what the plan reports as "changed outside scanform" is only what
 * someone changed there, never how a group is written, seeds scanform does not own, or seeds an
 * interrupted apply never got to add.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/exit-codes.js";
import type { JsonValue } from "../../src/core/json.js";
import { DEFAULT_GROUPS } from "../../src/emulators/hexiosec/index.js";
import { applyCounts, applyOk, expectConverged } from "./checks.js";
import { startE2E, type E2E } from "./harness.js";

let e2e: E2E;
beforeEach(async () => {
  e2e = await startE2E({ files: ["settings.yaml", "hexiosec.yaml"] });
});
afterEach(async () => {
  await e2e.close();
});

const DRIFT = "changed outside scanform";
const vendors = DEFAULT_GROUPS.find((g) => g.name === "Vendors")!;

/** A seed added at Hexiosec by a person, without the scanform tag. */
function addUntaggedSeed(scanName: string, seed: string): void {
  const emulator = e2e.emulators.emulators.hexiosec!.vendor;
  const tenant = emulator.dump() as { scans: { name: string; seeds: JsonValue[] }[] } & Record<string, JsonValue>;
  const scans = tenant.scans.map((s) => (s.name === scanName ? { ...s, seeds: [...s.seeds, { id: `hand-${seed}`, name: seed, type: "domain", tags: [] }] } : s));
  emulator.load({ ...tenant, scans } as unknown as JsonValue);
}

const setSeeds = (seeds: string[]) => e2e.edit("hexiosec.yaml", (doc) => doc.setIn(["hexiosec", "scans", "edge", "seeds"], seeds));

describe("hexiosec drift", () => {
  it("shows no drift and no replacement when a group first written as its UUID is then written as its name", async () => {
    await e2e.edit("hexiosec.yaml", (doc) => doc.setIn(["hexiosec", "scans", "edge", "group"], vendors.id));
    await applyOk(e2e);
    await e2e.edit("hexiosec.yaml", (doc) => doc.setIn(["hexiosec", "scans", "edge", "group"], vendors.name));
    const plan = await e2e.run("plan", "--detailed-exitcode");
    expect(plan.stdout).not.toContain(DRIFT);
    expect(plan.stdout).not.toContain("forces replacement");
    expect(plan.code).toBe(EXIT.ok);
  });

  it("shows no drift when a seed someone added by hand enters the manifest", async () => {
    await applyOk(e2e);
    addUntaggedSeed("E2E edge", "hand.example.com");
    await setSeeds(["edge.example.com", "192.0.2.0/28", "hand.example.com"]);
    const plan = await e2e.run("plan", "--detailed-exitcode");
    expect(plan.stdout).not.toContain(DRIFT);
    expect(plan.code).toBe(EXIT.ok);
  });

  it("shows no drift when a seed someone added by hand leaves the manifest again", async () => {
    await applyOk(e2e);
    addUntaggedSeed("E2E edge", "hand.example.com");
    // A second, new seed makes this apply record a spec that lists the hand-made one.
    await setSeeds(["edge.example.com", "192.0.2.0/28", "hand.example.com", "new.example.com"]);
    await applyOk(e2e);
    expect((await e2e.state())?.resources["hexiosec.scan.edge"]?.spec["seeds"]).toContain("hand.example.com");
    await setSeeds(["edge.example.com", "192.0.2.0/28", "new.example.com"]);
    const plan = await e2e.run("plan", "--detailed-exitcode");
    expect(plan.stdout).not.toContain(DRIFT);
    expect(plan.code).toBe(EXIT.ok);
  });

  it("shows no drift for the seeds an interrupted create never added, and adds them next", async () => {
    e2e.faults("hexiosec", { serverError: 1, operations: ["addSeed"] });
    const failed = await e2e.run("apply", "--auto-approve");
    expect(applyCounts(failed).failed).toBeGreaterThan(0);
    e2e.faults("hexiosec", undefined);
    const plan = await e2e.run("plan");
    expect(plan.stdout).not.toContain(DRIFT);
    expect(plan.stdout).toMatch(/^ {2}~ hexiosec\.scan\.edge$/m);
    await applyOk(e2e);
    await expectConverged(e2e);
  });
});
