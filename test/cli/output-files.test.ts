/** A report that cannot be written whole leaves the one before it as it was: CI uploads either, never a cut. */
import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendJobSummary, JOB_SUMMARY_MAX_BYTES } from "../../src/cli/output-files.js";
import { cliIO } from "../apply/workspace-fake.js";

const WRITER = fileURLToPath(new URL("./fixtures/write-big-report.ts", import.meta.url));
const PREVIOUS = '{"version":"2.1.0","runs":[]}\n';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "scanform-report-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("a report written where the disk takes only part of it", () => {
  it("fails with REPORT_WRITE_FAILED and leaves the previous report whole, with no file of its own behind", async () => {
    const path = join(dir, "results.sarif");
    await writeFile(path, PREVIOUS);
    // A file-size limit of 64 KiB stands in for a full disk: the write stops part-way with EFBIG.
    const run = spawnSync("bash", ["-c", `ulimit -f 64; exec "${process.execPath}" --import tsx "${WRITER}" "${path}"`], { encoding: "utf8" });
    expect(run.stdout).toBe("REPORT_WRITE_FAILED");
    expect(await readFile(path, "utf8")).toBe(PREVIOUS);
    expect(await readdir(dir)).toEqual(["results.sarif"]);
  });
});

describe("the job summary", () => {
  it("is kept within GitHub's 1 MiB a step, what does not fit cut with a note, so GitHub does not drop it all", async () => {
    const summary = join(dir, "summary.md");
    await writeFile(summary, "**Plan: 1 to add.**\n");
    const lines = Array.from({ length: 30_000 }, (_, i) => `| 5 | 1500${i} | A finding title long enough to fill the summary quickly |`).join("\n");
    await appendJobSummary(cliIO({ cwd: dir, env: { GITHUB_STEP_SUMMARY: summary } }).io, `${lines}\n`);
    const written = await readFile(summary, "utf8");
    expect(Buffer.byteLength(written)).toBeLessThanOrEqual(JOB_SUMMARY_MAX_BYTES);
    expect(written.startsWith("**Plan: 1 to add.**\n| 5 | 15000 |")).toBe(true);
    expect(written).toContain("cut short");
  });
});
