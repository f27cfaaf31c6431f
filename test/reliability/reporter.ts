/**
 * Writes RELIABILITY.md from the suite's own run: each case's figures (test meta) beside the
 * outcome vitest saw. Only a run of the whole suite writes it, so one file run alone never leaves
 * a partial report behind; a partial run prints its figures instead.
 */
import { readdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import type { Reporter, TestCase, TestModule } from "vitest/node";
import type { CaseFigures } from "./figures.js";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const TARGET = fileURLToPath(new URL("../../RELIABILITY.md", import.meta.url));
const SECTIONS = ["Faults", "Kills", "Concurrency", "Hostile answers", "Hostile files", "Secrets", "Scale"] as const;

export default class ReliabilityReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const files = readdirSync(HERE).filter((f) => f.endsWith(".test.ts"));
    const rows: [CaseFigures, string][] = [];
    for (const m of modules) for (const t of m.children.allTests()) rows.push([t.meta().reliability ?? { section: "Other", tried: t.name }, outcome(t)]);
    if (modules.length < files.length) process.stdout.write(`\n${render(rows)}\n(RELIABILITY.md is written only by a run of the whole suite.)\n`);
    else writeFileSync(TARGET, render(rows));
  }
}

function outcome(t: TestCase): string {
  const state = t.result().state;
  if (t.options.mode === "todo") return "not yet run (todo)";
  if (t.options.fails) return state === "passed" ? "**fails as expected: fix pending**" : "**now passes: drop `.fails`**";
  return state === "passed" ? "pass" : state === "failed" ? "**FAIL**" : state;
}

function render(rows: readonly [CaseFigures, string][]): string {
  const head = [
    "# Reliability and security: figures from the last run",
    "",
    "Written by `npm run test:reliability` from its own run (do not edit by hand; see",
    "[README](README.md#reliability-and-security-suite)). Every case runs the real CLI as a child",
    "process against loopback servers only; peak memory is the child's peak RSS, time is its wall time.",
    "",
    `Run: ${new Date().toISOString().slice(0, 16)}Z, node ${process.version}, ${cpus().length} CPUs, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}.`,
    "",
  ];
  const body: string[] = [];
  for (const section of [...SECTIONS, "Other"]) {
    const inSection = rows.filter(([f]) => f.section === section);
    if (inSection.length === 0) continue;
    body.push(`## ${section}`, "", "| Tried | Exit | Peak RSS | Time | Figures | What scanform said | Outcome |", "|---|---|---|---|---|---|---|");
    for (const [f, result] of inSection) {
      const counts = Object.entries(f.counts ?? {})
        .map(([k, v]) => `${k}: ${v}`)
        .join("; ");
      const cells = [f.tried, f.exitCode ?? "–", f.peakRssMb === undefined ? "–" : `${f.peakRssMb} MB`, f.seconds === undefined ? "–" : `${f.seconds.toFixed(1)} s`, counts || "–", f.message ? `\`${f.message.replace(/`/g, "'")}\`` : "–", result];
      body.push(`| ${cells.map((c) => String(c).replace(/\|/g, "\\|")).join(" | ")} |`);
    }
    body.push("");
  }
  return [...head, ...body].join("\n");
}
