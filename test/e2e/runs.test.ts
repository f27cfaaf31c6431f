/**
 * Runs after an apply, at every vendor: `scanform status` asks once, `scanform wait` follows them to
 * the end, and a run that fails at the vendor fails the wait.
 */
import { afterEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/exit-codes.js";
import { startE2E, type E2E } from "./harness.js";

let e2e: E2E;
afterEach(async () => {
  await e2e.close();
});

describe("runs after an apply", () => {
  it("are listed by `scanform status` with their phase, one row per launched run or running scan", async () => {
    e2e = await startE2E();
    expect((await e2e.run("apply", "--auto-approve")).code).toBe(EXIT.ok);
    const r = await e2e.run("status");
    expect(r.code).toBe(EXIT.ok);
    const rows = r.stdout
      .split("\n")
      .slice(1)
      .filter((l) => l.trim() !== "")
      .map((l) => l.split(/\s{2,}/).slice(0, 3));
    expect(rows).toEqual([
      ["cortex.scan.lab-daily", expect.stringMatching(/^\d+$/), "succeeded"],
      ["hexiosec.scan.edge", "(latest)", "succeeded"],
      ["hexiosec.scan.partners", "(latest)", "succeeded"],
      ["qualys.scan.store-ci", expect.stringMatching(/^\d+$/), "succeeded"],
    ]);
  });

  it("are followed to the end by a later `scanform wait`, which exits 0 when all succeeded", async () => {
    e2e = await startE2E();
    expect((await e2e.run("apply", "--auto-approve")).code).toBe(EXIT.ok);
    const r = await e2e.run("wait");
    expect(r.code).toBe(EXIT.ok);
    expect(r.stdout).toContain("Wait: 4 succeeded, 0 failed, 0 timed out.");
  });

  it("make `apply --wait` exit with EXIT.scanBroke when one fails at the vendor", async () => {
    e2e = await startE2E({ files: ["settings.yaml", "cortex.yaml"], vendorOptions: { cortex: { runOutcome: "Failed" } } });
    const r = await e2e.run("apply", "--auto-approve", "--wait");
    expect(r.code).toBe(EXIT.scanBroke);
    expect(r.stdout).toMatch(/^ {2}cortex\.scan\.lab-daily +failed/m);
    expect(r.stdout).toContain("Wait: 0 succeeded, 1 failed, 0 timed out.");
  });
});
