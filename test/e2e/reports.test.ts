/**
 * Gates, accepted risks and results reports end to end: the Qualys emulator's findings, the real
 * CLI, the files it writes, held to their schemas.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EXIT } from "../../src/core/exit-codes.js";
import { junitProblems, sarifProblems } from "../render/report/schemas.js";
import { runCli, startE2E, type E2E } from "./harness.js";

let e2e: E2E;
afterEach(async () => {
  await e2e?.close();
});

/** One SQL injection (QID 150003, severity 5) on the store; the emulator's catalogue is fixed. */
const ONE_SQLI = { qualys: { outcomes: { "E2E store": { vulns: [0, 0, 0, 0, 1] } } } };

const start = async (failOn: Record<string, unknown>, vendorOptions: Record<string, unknown> = ONE_SQLI): Promise<void> => {
  e2e = await startE2E({ files: ["settings.yaml", "qualys.yaml"], vendorOptions });
  await e2e.edit("qualys.yaml", (doc) => doc.setIn(["qualys", "scans", "store-ci", "wait", "failOn"], failOn));
};

const CLEAN = { qualys: { outcomes: { "E2E store": { vulns: [0, 0, 0, 0, 0] } } } };

const accept = (expires: string) => (doc: { setIn(path: unknown[], value: unknown): void }) =>
  doc.setIn(["qualys", "accept"], [{ qid: 150003, webApp: "store", reason: "parameterised at the WAF, SEC-42", expires }]);

describe("gates and reports after apply --wait", () => {
  it("trips a QID gate with the gate code and writes JUnit, SARIF and Markdown that validate", async () => {
    await start({ qids: [150003] });
    const r = await e2e.run("apply", "--auto-approve", "--wait", "--report", "junit=results.xml", "--report", "sarif=results.sarif", "--report", "markdown=results.md");
    expect(r.code).toBe(EXIT.gateTripped);
    const junit = await readFile(join(e2e.dir, "results.xml"), "utf8");
    const sarif = await readFile(join(e2e.dir, "results.sarif"), "utf8");
    const markdown = await readFile(join(e2e.dir, "results.md"), "utf8");
    expect(await junitProblems(junit)).toEqual([]);
    expect(sarifProblems(sarif)).toEqual([]);
    expect(junit).toContain('<testcase classname="qualys.scan.store-ci" name="gate: QID 150003">');
    const result = (JSON.parse(sarif) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] }).runs[0]!.results[0]!;
    expect(result.ruleId).toBe("qualys/150003");
    expect(result.locations[0]!.physicalLocation.artifactLocation.uri).toBe("qualys.yaml");
    expect(markdown).toContain("| 5 urgent | 150003 | SQL Injection |");
  });

  it("lets an accepted finding through every gate", async () => {
    await start({ severity: 4, qids: [150003] });
    await e2e.edit("qualys.yaml", accept("2099-12-31"));
    const r = await e2e.run("apply", "--auto-approve", "--wait", "--report", "markdown=results.md");
    expect(r.code).toBe(EXIT.ok);
    expect(await readFile(join(e2e.dir, "results.md"), "utf8")).toContain("<details><summary>1 accepted finding</summary>");
  });

  it("counts a finding again once its acceptance has expired, and validate says so", async () => {
    await start({ severity: 4 });
    await e2e.edit("qualys.yaml", accept("2020-01-31"));
    const validated = await e2e.run("validate");
    expect(validated.stderr).toContain("warning MANIFEST_ACCEPTANCE_EXPIRED: the acceptance of QID 150003 on qualys.webApp.store expired on 2020-01-31");
    expect((await e2e.run("apply", "--auto-approve", "--wait")).code).toBe(EXIT.gateTripped);
  });

  it("exits with the scan-broke code, not the gate code, when the scan errors", async () => {
    await start({ severity: 4 }, { qualys: { outcomes: { "E2E store": { status: "ERROR" } } } });
    const r = await e2e.run("apply", "--auto-approve", "--wait", "--report", "junit=results.xml");
    expect(r.code).toBe(EXIT.scanBroke);
    expect(await readFile(join(e2e.dir, "results.xml"), "utf8")).toMatch(/<error message="failed \(ERROR[^"]*"/);
  });

  it("replaces the reports of a run before with reports of no run when there is nothing to apply and wait for", async () => {
    await start({ qids: [150003] });
    const reports = ["--report", "junit=results.xml", "--report", "sarif=results.sarif"];
    expect((await e2e.run("apply", "--auto-approve", "--wait", ...reports)).code).toBe(EXIT.gateTripped);
    await e2e.edit("qualys.yaml", (doc) => doc.setIn(["qualys", "scans", "store-ci", "launch"], "on-change"));
    const again = await e2e.run("apply", "--auto-approve", "--wait", ...reports);
    expect(again.code).toBe(EXIT.ok);
    const junit = await readFile(join(e2e.dir, "results.xml"), "utf8");
    expect(await junitProblems(junit)).toEqual([]);
    expect(junit).not.toContain("150003");
    const sarif = await readFile(join(e2e.dir, "results.sarif"), "utf8");
    expect(sarifProblems(sarif)).toEqual([]);
    expect(sarif).not.toContain("150003");
  });

  it("removes a report of a run before as it starts, so a run that ends in an error leaves none to upload", async () => {
    await start({ qids: [150003] });
    expect((await e2e.run("apply", "--auto-approve", "--wait", "--report", "junit=results.xml")).code).toBe(EXIT.gateTripped);
    await e2e.edit("qualys.yaml", (doc) => doc.setIn(["qualys", "webApps", "store", "url"], "ftp://store"));
    for (const argv of [["wait", "--report", "junit=results.xml"], ["apply", "--auto-approve", "--wait", "--report", "junit=results.xml"], ["apply", "--wait", "--report", "junit=results.xml"]]) {
      await writeFile(join(e2e.dir, "results.xml"), "<testsuites/>\n");
      expect((await e2e.run(...argv)).code).toBe(EXIT.error);
      await expect(readFile(join(e2e.dir, "results.xml"), "utf8")).rejects.toThrow(/ENOENT/);
    }
  });

  it("makes a report's missing folder, as CI paths like results/junit.xml expect", async () => {
    await start({ severity: 4 }, CLEAN);
    const r = await e2e.run("apply", "--auto-approve", "--wait", "--report", "junit=results/scans/junit.xml");
    expect(r.code).toBe(EXIT.ok);
    expect(await junitProblems(await readFile(join(e2e.dir, "results/scans/junit.xml"), "utf8"))).toEqual([]);
  });

  it("keeps the gate's exit code when a report cannot be written, and says which report and why", async () => {
    await start({ qids: [150003] });
    const r = await e2e.run("apply", "--auto-approve", "--wait", "--report", "junit=qualys.yaml/r.xml", "--report", "markdown=results.md");
    expect(r.code).toBe(EXIT.gateTripped);
    expect(r.stderr).toContain("Cannot write the junit report to qualys.yaml/r.xml");
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(await readFile(join(e2e.dir, "results.md"), "utf8")).toContain("failed a gate");
  });

  it("exits 1 when every run passed but a report cannot be written", async () => {
    await start({ severity: 4 }, CLEAN);
    const r = await e2e.run("apply", "--auto-approve", "--wait", "--report", "sarif=qualys.yaml/r.sarif");
    expect(r.code).toBe(EXIT.error);
    expect(r.stderr).toContain("Cannot write the sarif report to qualys.yaml/r.sarif");
  });

  it("warns, keeping the exit code, when the job summary cannot be written", async () => {
    await start({ severity: 5 });
    const r = await runCli(["apply", "--auto-approve", "--wait"], { env: { ...e2e.env, GITHUB_STEP_SUMMARY: join(e2e.dir, "missing", "summary.md") }, cwd: e2e.dir });
    expect(r.code).toBe(EXIT.gateTripped);
    expect(r.stderr).toContain("Cannot append to the job summary (GITHUB_STEP_SUMMARY)");
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it("appends the Markdown results to the GitHub job summary", async () => {
    await start({ severity: 5 });
    const summary = join(e2e.dir, "summary.md");
    const r = await runCli(["apply", "--auto-approve", "--wait"], { env: { ...e2e.env, GITHUB_STEP_SUMMARY: summary }, cwd: e2e.dir });
    expect(r.code).toBe(EXIT.gateTripped);
    expect(await readFile(summary, "utf8")).toContain("**scanform results**: 0 passed, 1 failed a gate");
  });
});
