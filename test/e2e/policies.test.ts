/**
 * The safety rules a plan enforces, end to end: scanform never deletes what is protected, never
 * takes over an object it did not make unless told to adopt it, and never removes seeds people
 * added by hand.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/exit-codes.js";
import { addHexiosecSeed, createHexiosecScan } from "./by-hand.js";
import { applyOk, expectConverged, hexiosecScans } from "./checks.js";
import { startE2E, type E2E } from "./harness.js";

let e2e: E2E;
beforeEach(async () => {
  e2e = await startE2E({ files: ["settings.yaml", "hexiosec.yaml"] });
});
afterEach(async () => {
  await e2e.close();
});

const scansNamed = (name: string) => hexiosecScans(e2e).filter((s) => s.name === name);

describe("protect", () => {
  beforeEach(async () => {
    await e2e.edit("hexiosec.yaml", (doc) => doc.setIn(["hexiosec", "scans", "edge", "protect"], true));
    await applyOk(e2e);
    await e2e.edit("hexiosec.yaml", (doc) => doc.deleteIn(["hexiosec", "scans", "edge"]));
  });

  it("makes the plan fail when a protected block is removed, saying how to unprotect it", async () => {
    const r = await e2e.run("plan");
    expect(r.code).toBe(EXIT.error);
    expect(r.stderr).toContain("hexiosec.scan.edge was removed from the manifests, but it is protected");
    expect(r.stderr).toContain("put the block back with `protect: false`");
  });

  it("makes apply refuse, leaving the scan at the vendor", async () => {
    const r = await e2e.run("apply", "--auto-approve");
    expect(r.code).toBe(EXIT.error);
    expect(scansNamed("E2E edge")).toHaveLength(1);
  });
});

describe("objects scanform did not make", () => {
  it("makes the plan fail on a same-named scan at the vendor, suggesting adopt: true", async () => {
    await createHexiosecScan(e2e, { name: "E2E edge", type: "continuous_own" });
    const r = await e2e.run("plan");
    expect(r.code).toBe(EXIT.error);
    expect(r.stderr).toMatch(/^Error: hexiosec\.scan\.edge: .*already exists at hexiosec/m);
    expect(r.stderr).toContain("adopt: true");
  });

  it("imports the same-named scan with adopt: true, keeping its id and adding the seeds", async () => {
    const id = await createHexiosecScan(e2e, { name: "E2E edge", type: "continuous_own" });
    await e2e.edit("hexiosec.yaml", (doc) => doc.setIn(["hexiosec", "scans", "edge", "adopt"], true));
    const plan = await e2e.run("plan");
    expect(plan.code).toBe(EXIT.ok);
    expect(plan.stdout).toMatch(/^ {1,2}<= hexiosec\.scan\.edge$/m);
    await applyOk(e2e);
    const edge = scansNamed("E2E edge");
    expect(edge.map((s) => s.id)).toEqual([id]);
    expect(edge[0]?.seeds.map((s) => s.name).sort()).toEqual(["192.0.2.0/28", "edge.example.com"]);
    expect((await e2e.state())?.resources["hexiosec.scan.edge"]?.origin).toBe("adopted");
    await expectConverged(e2e);
  });

  it("leaves a seed added by hand, without the scanform tag, at the vendor", async () => {
    await applyOk(e2e);
    const edge = scansNamed("E2E edge")[0]!;
    await addHexiosecSeed(e2e, edge.id, { name: "manual.example.com", type: "domain" });
    await e2e.edit("hexiosec.yaml", (doc) => doc.setIn(["hexiosec", "scans", "edge", "seeds"], ["edge.example.com"]));
    await applyOk(e2e);
    expect(scansNamed("E2E edge")[0]?.seeds.map((s) => s.name).sort()).toEqual(["edge.example.com", "manual.example.com"]);
    await expectConverged(e2e);
  });
});
