/**
 * `--report KIND=FILE` (repeatable) on `wait` and `apply --wait`: results reports for CI — JUnit
 * for test views, SARIF for code scanning, Markdown for people — written once waiting is over.
 * With `GITHUB_STEP_SUMMARY` set, the Markdown report is also appended to the job summary.
 */
import { rm } from "node:fs/promises";
import { resolve } from "node:path";
import { InvalidArgumentError, Option } from "commander";
import type { WaitResult } from "../apply/wait.js";
import { VERDICTS, type Verdict } from "../apply/wait-events.js";
import { VERSION } from "../core/version.js";
import { junitReport } from "../render/report/junit.js";
import { markdownReport } from "../render/report/markdown.js";
import { sarifReport } from "../render/report/sarif.js";
import type { Diagnostic } from "../core/errors.js";
import { paletteFor } from "../render/color.js";
import { printDiagnostics } from "../render/diagnostics.js";
import type { CliIO } from "./io.js";
import { appendJobSummary, writeReportFile } from "./output-files.js";

export const REPORT_KINDS = ["junit", "sarif", "markdown"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export interface ReportRequest {
  readonly kind: ReportKind;
  readonly file: string;
}

function parseReport(value: string, previous: readonly ReportRequest[] = []): ReportRequest[] {
  const at = value.indexOf("=");
  const kind = value.slice(0, at);
  const file = value.slice(at + 1);
  if (at < 0 || !(REPORT_KINDS as readonly string[]).includes(kind) || file === "") {
    throw new InvalidArgumentError(`expected KIND=FILE with KIND one of ${REPORT_KINDS.join(", ")}, e.g. sarif=results.sarif`);
  }
  return [...previous, { kind: kind as ReportKind, file }];
}

export const reportOption = (): Option =>
  new Option("--report <kind=file>", `write a results report once waiting is over: ${REPORT_KINDS.join(", ")} (repeatable), e.g. --report sarif=results.sarif`).argParser(parseReport);

const RENDER: Readonly<Record<ReportKind, (result: WaitResult) => string>> = {
  junit: junitReport,
  sarif: (result) => sarifReport(result, VERSION),
  markdown: markdownReport,
};

/**
 * Writes every report asked for, each even when another could not be written, and appends the
 * Markdown to the job summary. False when a report could not be written (it is reported): the
 * caller exits 1 for it only when the runs' own verdict is a success.
 */
export async function writeReports(result: WaitResult, requests: readonly ReportRequest[], io: CliIO): Promise<boolean> {
  const written = await writeReportFiles(result, requests, io);
  await appendJobSummary(io, `${markdownReport(result)}\n`);
  return written;
}

/**
 * Removes the reports a command is asked to write, as it starts: a run that ends in an error
 * writes none, and the files of a run before must not be uploaded as its own.
 */
export async function removeReports(requests: readonly ReportRequest[], io: CliIO): Promise<void> {
  // A path that cannot be removed (a folder, no permission) fails its write later, naming it.
  await Promise.all(requests.map(({ file }) => rm(resolve(io.cwd, file), { force: true }).catch(() => undefined)));
}

/** Reports of no run, for a command that waited for none: the files a CI step uploads are this run's, never a run's before. */
export const NO_RUNS: WaitResult = { runs: [], counts: Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number> };

/** Writes `requests` as `writeReports` does, without the job summary. */
export async function writeReportFiles(result: WaitResult, requests: readonly ReportRequest[], io: CliIO): Promise<boolean> {
  const failed: Diagnostic[] = [];
  for (const { kind, file } of requests) {
    const failure = await writeReportFile(resolve(io.cwd, file), file, `${kind} report`, RENDER[kind](result));
    if (failure) failed.push(failure);
    else io.stderr.write(`Wrote the ${kind} report to ${file}.\n`);
  }
  printDiagnostics(io.stderr, failed, paletteFor(io.stderr, io.env));
  return failed.length === 0;
}
