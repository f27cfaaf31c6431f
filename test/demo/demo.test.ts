/**
 * `npm run demo` as a newcomer sees it: every step's header, the apply's summary, and a last plan
 * with no changes followed by the closing line. Emulated scans run for 300 ms, so with the demo's
 * one-second poll the wait finishes on its first or second poll.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { junitProblems, sarifProblems } from "../render/report/schemas.js";
import { describe, expect, it } from "vitest";
import { DEMO_FINISHED, DEMO_REPORTS, demoSteps, runDemo } from "../../src/demo/run.js";
import { NO_CHANGES } from "../../src/plan/summary.js";

const manifests = fileURLToPath(new URL("../../scans", import.meta.url));

describe("runDemo", () => {
  it("shows every step, the apply summary, and ends with a plan of no changes and its closing line", async () => {
    let out = "";
    const write = (s: string) => void (out += s);
    const reportsDir = await mkdtemp(join(tmpdir(), "scanform-demo-test-"));
    const code = await runDemo({ stdout: { write }, stderr: { write }, env: {}, cwd: manifests }, { manifests, runDurationMs: 300, reportsDir });
    expect(code).toBe(0);
    const headers = demoSteps("DIR", "REPORTS").map((step, i) => out.indexOf(`\n━━ ${i + 1}. ${step.title}\n`));
    expect(headers.every((at, i) => at > (headers[i - 1] ?? -1))).toBe(true);
    expect(out).toMatch(/^(\d\d:\d\d:\d\d )?Apply: \d+ succeeded, 0 failed, 0 skipped\.$/m);
    expect(out.endsWith(`${NO_CHANGES}\n\nThe waited runs' results reports (JUnit, SARIF, Markdown) are in ${reportsDir}\n\n${DEMO_FINISHED}\n`)).toBe(true);
    // The demo's Qualys scan's results, as CI would read them.
    expect(await junitProblems(await readFile(join(reportsDir, DEMO_REPORTS.junit), "utf8"))).toEqual([]);
    expect(sarifProblems(await readFile(join(reportsDir, DEMO_REPORTS.sarif), "utf8"))).toEqual([]);
    expect(await readFile(join(reportsDir, DEMO_REPORTS.markdown), "utf8")).toContain("`qualys.scan.shop-ci`");
    await rm(reportsDir, { recursive: true, force: true });
  }, 30_000);
});
