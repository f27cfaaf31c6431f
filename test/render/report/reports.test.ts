import { describe, expect, it } from "vitest";
import { judgeGates } from "../../../src/apply/gates.js";
import type { RunOutcome, WaitResult } from "../../../src/apply/wait.js";
import type { Acceptance } from "../../../src/manifest/model.js";
import { junitReport } from "../../../src/render/report/junit.js";
import { markdownReport } from "../../../src/render/report/markdown.js";
import { sarifReport } from "../../../src/render/report/sarif.js";
import type { Finding, RunStatus } from "../../../src/vendors/driver.js";
import { junitProblems, sarifProblems } from "./schemas.js";

const TODAY = "2026-12-02";
const source = (line: number) => ({ file: "scans/qualys.yaml", line, column: 5 });
const f = (rule: string, severity: Finding["severity"], title: string, path: string): Finding => ({ rule, title, severity, target: "Shop (production)", url: `https://shop.example.com${path}` });
const accepted: Acceptance = {
  vendor: "qualys",
  rule: "150122",
  resource: "qualys.webApp.shop",
  target: "Shop (production)",
  reason: "Session cookie is set by the CDN, SEC-77 | <b>",
  expires: "2027-03-31",
  source: source(60),
};

function finished(findings: Finding[]): RunStatus {
  const counts = { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 };
  for (const x of findings) counts[String(x.severity) as keyof typeof counts] += 1;
  return { phase: "succeeded", terminal: true, vendorState: "FINISHED (SUCCESSFUL)", findings: counts, results: { available: true, findings, truncated: false } };
}

const shopFindings = [f("150003", 5, "SQL Injection", "/search"), f("150122", 2, 'Cookie Does Not Contain The "secure" Attribute', "/login"), f("150081", 2, "Possible Clickjacking vulnerability", "/account")];
const shopStatus = finished(shopFindings);
const shopJudgement = judgeGates(shopStatus, { severity: 4, count: 1, rules: [{ from: 150081, to: 150081 }] }, [accepted], TODAY);

const runs: RunOutcome[] = [
  {
    address: "qualys.scan.shop-ci",
    vendor: "qualys",
    source: source(38),
    runId: "300001",
    verdict: "threshold",
    message: "finished; failed severity 4 or higher (1 finding at severity 4 or higher; fails on any); QID 150081 (found 1 time); 1 accepted",
    status: shopStatus,
    judgement: shopJudgement,
  },
  {
    address: "qualys.scan.api-ci",
    vendor: "qualys",
    source: source(45),
    runId: "300002",
    verdict: "failed",
    message: "failed (FINISHED (NO_HOST_ALIVE)): scan 300002: FINISHED / NO_HOST_ALIVE",
    status: { phase: "failed", terminal: true, vendorState: "FINISHED (NO_HOST_ALIVE)" },
  },
  {
    address: "cortex.scan.dmz-baseline",
    vendor: "cortex",
    source: { file: "scans/cortex.yaml", line: 31, column: 5 },
    runId: "r-7",
    verdict: "succeeded",
    message: "finished (Scan is in Completed state)",
    status: { phase: "succeeded", terminal: true, vendorState: "Scan is in Completed state", results: { available: false, why: "Cortex's netscan API documents no results endpoint, so the run is judged by its state alone" } },
    judgement: judgeGates({}, undefined, [], TODAY),
  },
];
const result: WaitResult = { runs, counts: { succeeded: 1, failed: 1, timeout: 0, threshold: 1, error: 0, interrupted: 0, idle: 0 } };

describe("results reports", () => {
  it("writes JUnit with one suite per scan and one case per gate, valid against the JUnit schema", async () => {
    const xml = junitReport(result);
    expect(await junitProblems(xml)).toEqual([]);
    await expect(xml).toMatchFileSnapshot("__golden__/report.junit.xml");
  });

  it("writes SARIF 2.1.0 valid against its schema, every result located at the manifest line of its scan", async () => {
    const text = sarifReport(result, "0.0.0-test");
    expect(sarifProblems(text)).toEqual([]);
    const sarif = JSON.parse(text) as { runs: { results: { ruleId: string; locations: unknown[]; suppressions?: unknown[] }[]; invocations: { executionSuccessful: boolean }[] }[] };
    const [run] = sarif.runs;
    expect(run!.results.map((r) => [r.ruleId, r.locations, r.suppressions !== undefined])).toEqual([
      ["qualys/150003", [{ physicalLocation: { artifactLocation: { uri: "scans/qualys.yaml" }, region: { startLine: 38, startColumn: 5 } } }], false],
      ["qualys/150081", [{ physicalLocation: { artifactLocation: { uri: "scans/qualys.yaml" }, region: { startLine: 38, startColumn: 5 } } }], false],
      ["qualys/150122", [{ physicalLocation: { artifactLocation: { uri: "scans/qualys.yaml" }, region: { startLine: 38, startColumn: 5 } } }], true],
    ]);
    expect(run!.invocations[0]!.executionSuccessful).toBe(false);
    await expect(text).toMatchFileSnapshot("__golden__/report.sarif");
  });

  it("writes a manifest path that a URI would read otherwise (a space, #, %) as a URI reference to that file", () => {
    const odd: WaitResult = { runs: [{ ...runs[0]!, source: { file: "my scans/q#1 100%.yaml", line: 3, column: 5 } }], counts: result.counts };
    const text = sarifReport(odd, "0.0.0-test");
    expect(sarifProblems(text)).toEqual([]);
    const sarif = JSON.parse(text) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    expect(sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe("my%20scans/q%231%20100%25.yaml");
  });

  it("writes Markdown with the findings that count first and the accepted ones folded", async () => {
    const md = markdownReport(result);
    expect(md.indexOf("SQL Injection")).toBeLessThan(md.indexOf("<details>"));
    expect(md).toContain("<details><summary>1 accepted finding</summary>");
    await expect(md).toMatchFileSnapshot("__golden__/report.md");
  });

  it("shows a finding of unknown severity as such, and a list cut short in every report", () => {
    const unknown: Finding = { rule: "150001", title: "Reflected XSS", target: "Shop (production)", url: "https://shop.example.com/login" };
    const status: RunStatus = {
      phase: "succeeded",
      terminal: true,
      vendorState: "FINISHED (SUCCESSFUL)",
      findings: { "1": 0, "2": 0, "3": 0, "4": 0, "5": 2 },
      results: { available: true, findings: [unknown], truncated: true },
    };
    const j = judgeGates(status, { severity: 4, count: 1, rules: [{ from: 150002, to: 150002 }] }, [], TODAY);
    const message = `finished; failed ${j.gates.map((g) => `${g.name} (${g.message})`).join("; ")}; ${j.notes.join("; ")}`;
    const one: WaitResult = { runs: [{ ...runs[0]!, message, status, judgement: j }], counts: { ...result.counts, failed: 0, succeeded: 0 } };
    const md = markdownReport(one);
    expect(md).toContain("| ? unknown | 150001 | Reflected XSS |");
    expect(md).toContain("the vendor's findings list was cut at 1");
    expect(junitReport(one)).toContain("severity unknown QID 150001 Reflected XSS");
    expect(junitReport(one)).toContain("but the vendor's list was cut at 1");
    const sarif = JSON.parse(sarifReport(one, "0.0.0-test")) as { runs: { tool: { driver: { rules: { properties: object }[] } }; results: { level: string; message: { text: string } }[]; invocations: { toolExecutionNotifications: { level: string; message: { text: string } }[] }[] }[] };
    const [run] = sarif.runs;
    expect(run!.results[0]).toMatchObject({ level: "error", message: { text: expect.stringContaining("(severity unknown)") } });
    expect(run!.tool.driver.rules[0]!.properties).not.toHaveProperty("security-severity");
    expect(run!.invocations[0]!.toolExecutionNotifications).toEqual([
      expect.objectContaining({ level: "warning", message: { text: expect.stringMatching(/^qualys\.scan\.shop-ci: .*the vendor's findings list was cut at 1$/) } }),
    ]);
  });

  it("keeps vendor text from breaking out of XML and Markdown", () => {
    const hostile = finished([f("150001", 5, '</failure><x a="1">&\u0001 | `code` <script>', "/?q=<x>")]);
    const j = judgeGates(hostile, { severity: 5, count: 1 }, [], TODAY);
    const one: WaitResult = { runs: [{ ...runs[0]!, status: hostile, judgement: j }], counts: result.counts };
    expect(junitReport(one)).not.toMatch(/<x a=|<script>|\u0001/);
    expect(markdownReport(one)).not.toMatch(/<script>|\| `code`|\u0001/);
  });

  it("keeps a vendor's title from putting a link or an image in the job summary", () => {
    const hostile = finished([f("150001", 5, "![pixel](https://evil.example/p.png) [click here](https://evil.example/login)", "/")]);
    const j = judgeGates(hostile, { severity: 5, count: 1 }, [], TODAY);
    const md = markdownReport({ runs: [{ ...runs[0]!, status: hostile, judgement: j }], counts: result.counts });
    expect(md).not.toMatch(/(?<!\\)\[(pixel|click here)(?<!\\)\]\(/);
    expect(md).toContain("click here");
  });
});
