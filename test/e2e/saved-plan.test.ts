/**
 * `apply FILE` applies exactly the plan a reviewer saw, and only while the world it was made
 * against has not moved; the state lock keeps two applies from running at once.
 */
import { readFile, writeFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/exit-codes.js";
import { lockRequest } from "../../src/state/lock-info.js";
import { createHexiosecScan, updateHexiosecScan } from "./by-hand.js";
import { applyCounts, expectConverged, hexiosecScans, names } from "./checks.js";
import { startE2E, type E2E } from "./harness.js";

let e2e: E2E;
beforeEach(async () => {
  e2e = await startE2E({ files: ["settings.yaml", "hexiosec.yaml"] });
});
afterEach(async () => {
  await e2e.close();
});

describe("apply FILE", () => {
  it("applies a fresh saved plan exactly, without planning again, and converges", async () => {
    expect((await e2e.run("plan", "--out", "reviewed.plan")).code).toBe(EXIT.ok);
    const r = await e2e.run("apply", "reviewed.plan");
    expect(r.code).toBe(EXIT.ok);
    expect(applyCounts(r)).toEqual({ succeeded: 2, failed: 0, skipped: 0 });
    expect(names(hexiosecScans(e2e))).toEqual(["E2E edge", "E2E partners"]);
    await expectConverged(e2e);
  });

  it("refuses a plan made stale by another apply, with EXIT.stalePlan, and changes nothing", async () => {
    expect((await e2e.run("plan", "--out", "reviewed.plan")).code).toBe(EXIT.ok);
    expect((await e2e.run("apply", "--auto-approve")).code).toBe(EXIT.ok);
    const serial = (await e2e.state())?.serial;
    e2e.clearLog("hexiosec");
    const r = await e2e.run("apply", "reviewed.plan");
    expect(r.code).toBe(EXIT.stalePlan);
    expect(r.stderr).toMatch(/stale/i);
    expect(e2e.count("hexiosec", "createScan")).toBe(0);
    expect(names(hexiosecScans(e2e))).toEqual(["E2E edge", "E2E partners"]);
    expect((await e2e.state())?.serial).toBe(serial);
  });

  it("refuses a plan whose observed object changed at the vendor since", async () => {
    expect((await e2e.run("apply", "--auto-approve")).code).toBe(EXIT.ok);
    await e2e.edit("hexiosec.yaml", (doc) => doc.setIn(["hexiosec", "scans", "edge", "seeds"], ["edge.example.com"]));
    expect((await e2e.run("plan", "--out", "reviewed.plan")).code).toBe(EXIT.ok);
    const edge = hexiosecScans(e2e).find((s) => s.name === "E2E edge")!;
    await updateHexiosecScan(e2e, edge.id, { enabled: false });
    expect((await e2e.run("apply", "reviewed.plan")).code).toBe(EXIT.stalePlan);
  });

  // A plan file is an artifact between review and apply: an edit to it must not act beyond what
  // these manifests and this state plan, whatever the file says.
  it("refuses a plan file whose delete was edited to name an object scanform does not manage", async () => {
    expect((await e2e.run("apply", "--auto-approve")).code).toBe(EXIT.ok);
    const stranger = await createHexiosecScan(e2e, { name: "NOT MANAGED prod scan", type: "continuous_own" });
    await e2e.edit("hexiosec.yaml", (doc) => doc.deleteIn(["hexiosec", "scans", "partners"]));
    expect((await e2e.run("plan", "--out", "reviewed.plan")).code).toBe(EXIT.ok);
    const file = `${e2e.dir}/reviewed.plan`;
    const plan = JSON.parse(await readFile(file, "utf8")) as { changes: { action: string; ids: Record<string, string> }[] };
    for (const c of plan.changes) if (c.action === "delete") c.ids = { id: stranger };
    await writeFile(file, JSON.stringify(plan));
    e2e.clearLog("hexiosec");
    const r = await e2e.run("apply", "reviewed.plan");
    expect(r.code).toBe(EXIT.stalePlan);
    expect(r.stderr).toContain("hexiosec.scan.partners");
    expect(e2e.count("hexiosec", "deleteScan")).toBe(0);
    expect(names(hexiosecScans(e2e))).toContain("NOT MANAGED prod scan");
  });

  it("refuses a plan file with a change these manifests do not make", async () => {
    expect((await e2e.run("plan", "--out", "reviewed.plan")).code).toBe(EXIT.ok);
    const file = `${e2e.dir}/reviewed.plan`;
    const plan = JSON.parse(await readFile(file, "utf8")) as { changes: { after: { seeds: string[] } | null }[] };
    plan.changes[0]!.after!.seeds = ["evil.example.net"];
    await writeFile(file, JSON.stringify(plan));
    e2e.clearLog("hexiosec");
    const r = await e2e.run("apply", "reviewed.plan");
    expect(r.code).toBe(EXIT.stalePlan);
    expect(e2e.count("hexiosec", "createScan")).toBe(0);
  });

  it("holds no credential in the state it writes nor in what it prints", async () => {
    const r = await e2e.run("apply", "--auto-approve", "--debug");
    expect(r.code).toBe(EXIT.ok);
    const state = await readFile(`${e2e.dir}/.scanform/state.json`, "utf8");
    for (const secret of e2e.secrets) {
      expect(state).not.toContain(secret);
      expect(r.stdout + r.stderr).not.toContain(secret);
    }
  });
});

describe("the state lock", () => {
  it("makes apply exit with EXIT.locked, naming the holder, and touch no vendor", async () => {
    const backend = await e2e.backend();
    const held = await backend.lock(lockRequest("apply", { USER: "alice" }));
    try {
      const r = await e2e.run("apply", "--auto-approve");
      expect(r.code).toBe(EXIT.locked);
      expect(r.stderr).toContain("alice on ");
      expect(r.stderr).toContain(`operation "apply"`);
      expect(r.stderr).toContain(held.info.id);
      expect(e2e.count("hexiosec", "createScan")).toBe(0);
    } finally {
      await held.release();
    }
  });
});
