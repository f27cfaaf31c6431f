/**
 * `--report markdown=FILE` and the job summary: one section per run with its verdict, its gates
 * and its findings, the ones that count first (most severe first), the accepted ones folded.
 */
import type { WaitResult } from "../../apply/wait.js";
import type { Finding } from "../../vendors/driver.js";
import { reportRuns, severityText, type ReportRun } from "./runs.js";

/** Longer lists are cut in a PR comment or job summary, with the number left out. */
export const MARKDOWN_MAX_FINDINGS = 100;

/**
 * Vendor text as one table cell that stays text: no line break or control character, no column
 * break, no HTML, no code span, and no link or image (a finding's title could put a tracking image
 * or a phishing link in the job summary).
 */
const cell = (s: string): string =>
  s
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .replace(/\|/g, "\\|")
    .replace(/</g, "&lt;")
    .replace(/`/g, "'")
    .replace(/[[\]]/g, "\\$&");

const ICONS = { succeeded: "✅", idle: "⏸️", threshold: "❌", failed: "💥", timeout: "⏱️", error: "💥", interrupted: "⏹️" } as const;

function findingsTable(findings: readonly Finding[], extra?: (f: Finding, i: number) => string): string[] {
  const shown = findings.slice(0, MARKDOWN_MAX_FINDINGS);
  const head = extra ? "| Severity | QID | Title | URL | Accepted because |\n|---|---|---|---|---|" : "| Severity | QID | Title | URL |\n|---|---|---|---|";
  const rows = shown.map((f, i) => `| ${severityText(f)} | ${cell(f.rule)} | ${cell(f.title)} | ${cell(f.url ?? "")} |${extra ? ` ${extra(f, i)} |` : ""}`);
  const more = findings.length > shown.length ? [`\n… and ${findings.length - shown.length} more.`] : [];
  return [head, ...rows, ...more];
}

function section(run: ReportRun): string[] {
  const { address, runId, verdict, message } = run.outcome;
  const lines = [`### ${ICONS[verdict]} \`${address}\`${runId === undefined ? "" : ` (run ${cell(runId)})`}: ${verdict === "threshold" ? "failed a gate" : verdict}`, "", cell(message), ""];
  if (run.gates.length > 0) {
    lines.push("| Gate | Result |", "|---|---|", ...run.gates.map((g) => `| ${cell(g.name)} | ${g.passed ? "passed" : `**failed**: ${cell(g.message)}`} |`), "");
  }
  const counts = run.outcome.status?.findings;
  if (counts) lines.push(`Findings by severity: 5: ${counts["5"]} · 4: ${counts["4"]} · 3: ${counts["3"]} · 2: ${counts["2"]} · 1: ${counts["1"]}`, "");
  if (run.open && run.open.length > 0) lines.push(...findingsTable(run.open), "");
  else if (run.open) lines.push("No findings count towards the gates.", "");
  if (run.unavailable) lines.push(`_${cell(run.unavailable)}._`, "");
  if (run.accepted.length > 0) {
    const accepted = run.accepted;
    lines.push(
      `<details><summary>${accepted.length} accepted finding${accepted.length === 1 ? "" : "s"}</summary>`,
      "",
      ...findingsTable(
        accepted.map((a) => a.finding),
        (_, i) => `${cell(accepted[i]!.acceptance.reason)} (until ${accepted[i]!.acceptance.expires})`,
      ),
      "",
      "</details>",
      "",
    );
  }
  return lines;
}

export function markdownReport(result: WaitResult): string {
  const runs = reportRuns(result);
  const c = result.counts;
  const summary = `**scanform results**: ${c.succeeded} passed, ${c.threshold} failed a gate, ${c.failed + c.error} broke, ${c.timeout} timed out${c.idle > 0 ? `, ${c.idle} idle` : ""}${c.interrupted > 0 ? `, ${c.interrupted} interrupted` : ""}.`;
  return `${[summary, "", ...runs.flatMap(section)].join("\n").trimEnd()}\n`;
}
