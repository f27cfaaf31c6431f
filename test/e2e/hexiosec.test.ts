/**
 * Hexiosec ASM end to end: the real CLI against the emulator, from an empty tenant through change,
 * replace, delete and waiting, each apply followed by a plan that finds nothing to do.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/exit-codes.js";
import { applyCounts, applyOk, expectConverged, hexiosecScans, names, onlyNamed, type HexiosecScanView } from "./checks.js";
import { startE2E, type E2E } from "./harness.js";

let e2e: E2E;
beforeEach(async () => {
  e2e = await startE2E({ files: ["settings.yaml", "hexiosec.yaml"] });
});
afterEach(async () => {
  await e2e.close();
});

const scanNamed = (name: string): HexiosecScanView => onlyNamed(hexiosecScans(e2e), name);
const seedNames = (scan: HexiosecScanView): string[] => scan.seeds.map((s) => s.name).sort();

describe("hexiosec end to end", () => {
  it("creates every scan from empty, with its seeds tagged scanform, and switches it on", async () => {
    const r = await e2e.run("apply", "--auto-approve");
    expect(r.code).toBe(EXIT.ok);
    expect(applyCounts(r)).toEqual({ succeeded: 2, failed: 0, skipped: 0 });
    expect(names(hexiosecScans(e2e))).toEqual(["E2E edge", "E2E partners"]);
    const edge = scanNamed("E2E edge");
    expect(edge).toMatchObject({ type: "continuous_own", enabled: true });
    expect(seedNames(edge)).toEqual(["192.0.2.0/28", "edge.example.com"]);
    expect(edge.seeds.every((s) => s.tags.includes("scanform"))).toBe(true);
    await expectConverged(e2e);
  });

  it("changes seeds in place, keeping the scan", async () => {
    await applyOk(e2e);
    const before = scanNamed("E2E edge");
    await e2e.edit("hexiosec.yaml", (doc) => doc.setIn(["hexiosec", "scans", "edge", "seeds"], ["edge.example.com", "cdn.example.com"]));
    const plan = await e2e.run("plan");
    expect(plan.stdout).toMatch(/^ {2}~ hexiosec\.scan\.edge$/m);
    await applyOk(e2e);
    const after = scanNamed("E2E edge");
    expect(after.id).toBe(before.id);
    expect(seedNames(after)).toEqual(["cdn.example.com", "edge.example.com"]);
    await expectConverged(e2e);
  });

  it("replaces a scan whose type changed, leaving one scan of that name", async () => {
    await applyOk(e2e);
    const before = scanNamed("E2E partners");
    await e2e.edit("hexiosec.yaml", (doc) => doc.setIn(["hexiosec", "scans", "partners", "type"], "adhoc"));
    const plan = await e2e.run("plan");
    expect(plan.stdout).toMatch(/^-\/\+ hexiosec\.scan\.partners$/m);
    await applyOk(e2e);
    const after = scanNamed("E2E partners");
    expect(after.id).not.toBe(before.id);
    expect(after.type).toBe("adhoc");
    await expectConverged(e2e);
  });

  it("deletes the scan of a removed block, and forgets it in state", async () => {
    await applyOk(e2e);
    await e2e.edit("hexiosec.yaml", (doc) => doc.deleteIn(["hexiosec", "scans", "partners"]));
    const plan = await e2e.run("plan");
    expect(plan.stdout).toMatch(/^ {2}- hexiosec\.scan\.partners$/m);
    await applyOk(e2e);
    expect(names(hexiosecScans(e2e))).toEqual(["E2E edge"]);
    expect(Object.keys((await e2e.state())?.resources ?? {})).toEqual(["hexiosec.scan.edge"]);
    await expectConverged(e2e);
  });

  it("waits for the latest iteration of every scan and exits 0 when they completed", async () => {
    await applyOk(e2e);
    const r = await e2e.run("wait");
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toMatch(/^ {2}hexiosec\.scan\.edge +succeeded/m);
    expect(r.stdout).toMatch(/^ {2}hexiosec\.scan\.partners +succeeded/m);
    expect(hexiosecScans(e2e).map((s) => s.iterations.at(-1)?.state)).toEqual(["completed", "completed"]);
  });

  it("gives apply --wait the verdict wait gives: a switched-on scan whose iteration fails exits scanBroke both ways", async () => {
    const failing = await startE2E({ files: ["settings.yaml", "hexiosec.yaml"], vendorOptions: { hexiosec: { failingScans: ["E2E partners"] } } });
    await e2e.close();
    e2e = failing;
    const applied = await e2e.run("apply", "--auto-approve", "--wait");
    expect(applied.stdout).toMatch(/^ {2}hexiosec\.scan\.partners +failed/m);
    expect(applied.code).toBe(EXIT.scanBroke);
    const waited = await e2e.run("wait");
    expect(waited.stdout).toMatch(/^ {2}hexiosec\.scan\.partners +failed/m);
    expect(waited.code).toBe(EXIT.scanBroke);
  });
});
