/**
 * `--report junit=FILE`: one test suite per waited run and one test case per gate, plus a case for
 * the run itself, so a CI's test view shows which gate failed. A broken scan is an `<error>`, a
 * tripped gate a `<failure>`; an interrupted wait leaves its cases `<skipped>`.
 */
import type { GateResult } from "../../apply/gates.js";
import type { WaitResult } from "../../apply/wait.js";
import { BROKE, reportRuns, type ReportRun } from "./runs.js";

const xml = (s: string): string =>
  // Control characters other than tab and newlines cannot appear in XML 1.0 at all.
  s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

interface Case {
  readonly name: string;
  readonly outcome: "passed" | "failure" | "error" | "skipped";
  readonly message?: string;
  readonly body?: string;
}

function casesOf(run: ReportRun): Case[] {
  const { verdict, message } = run.outcome;
  const runCase: Case =
    verdict === "interrupted"
      ? { name: "run finished", outcome: "skipped", message }
      : BROKE.has(verdict)
        ? { name: "run finished", outcome: "error", message }
        : { name: "run finished", outcome: "passed" };
  const gateCase = (g: GateResult): Case => (g.passed ? { name: `gate: ${g.name}`, outcome: "passed" } : { name: `gate: ${g.name}`, outcome: "failure", message: g.message, body: findingLines(run) });
  return [runCase, ...run.gates.map(gateCase)];
}

const findingLines = (run: ReportRun): string =>
  (run.open ?? [])
    .slice(0, 200)
    .map((f) => `severity ${f.severity ?? "unknown"} QID ${f.rule} ${f.title}${f.url === undefined ? "" : ` at ${f.url}`}`)
    .join("\n");

export function junitReport(result: WaitResult): string {
  const suites = reportRuns(result).map((run) => ({ run, cases: casesOf(run) }));
  const count = (outcome: Case["outcome"]) => suites.reduce((n, s) => n + s.cases.filter((c) => c.outcome === outcome).length, 0);
  const total = suites.reduce((n, s) => n + s.cases.length, 0);
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="scanform" tests="${total}" failures="${count("failure")}" errors="${count("error")}" skipped="${count("skipped")}">`,
  ];
  for (const { run, cases } of suites) {
    const n = (o: Case["outcome"]) => cases.filter((c) => c.outcome === o).length;
    const file = run.outcome.source === undefined ? "" : ` file="${xml(run.outcome.source.file)}"`;
    lines.push(`  <testsuite name="${xml(run.outcome.address)}" tests="${cases.length}" failures="${n("failure")}" errors="${n("error")}" skipped="${n("skipped")}"${file}>`);
    for (const c of cases) {
      const open = `    <testcase classname="${xml(run.outcome.address)}" name="${xml(c.name)}"`;
      if (c.outcome === "passed") lines.push(`${open}/>`);
      else {
        const tag = c.outcome === "skipped" ? "skipped" : c.outcome;
        const body = c.body ? `${xml(c.body)}` : "";
        lines.push(`${open}>`, `      <${tag} message="${xml(c.message ?? "")}">${body}</${tag}>`, `    </testcase>`);
      }
    }
    lines.push(`  </testsuite>`);
  }
  lines.push(`</testsuites>`);
  return `${lines.join("\n")}\n`;
}
