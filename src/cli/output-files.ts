/**
 * Files a command writes beside its output (results reports, the GitHub job summary, an imported
 * manifest). A failure to write one is a finding naming the file and the reason, never a stack
 * trace, and it must not hide the command's own verdict: a gate that tripped still exits with the
 * gate's code when its report's folder is missing.
 */
import { appendFile, mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { Diagnostic } from "../core/errors.js";
import { printDiagnostics } from "../render/diagnostics.js";
import { paletteFor } from "../render/color.js";
import type { CliIO } from "./io.js";

/** Why a write failed, as Node words it (`ENOTDIR: not a directory, open '…'`). */
export const writeFailure = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Writes `text` to `path`, making its folder first (CI report paths name folders no step made); a finding when it cannot. */
export async function writeReportFile(path: string, shown: string, what: string, text: string): Promise<Diagnostic | undefined> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
    return undefined;
  } catch (e) {
    return { code: "REPORT_WRITE_FAILED", severity: "error", message: `Cannot write the ${what} to ${shown}: ${writeFailure(e)}`, hint: "Pass a path in a folder this user may write to." };
  }
}

/**
 * Appends to the job summary when GITHUB_STEP_SUMMARY is set. The summary is for people reading the
 * run: when it cannot be written the command warns, and its exit code stays its own.
 */
export async function appendJobSummary(io: CliIO, markdown: string): Promise<void> {
  const file = io.env["GITHUB_STEP_SUMMARY"];
  if (!file) return;
  try {
    await appendFile(file, markdown);
  } catch (e) {
    printDiagnostics(io.stderr, [{ code: "JOB_SUMMARY_WRITE_FAILED", severity: "warning", message: `Cannot append to the job summary (GITHUB_STEP_SUMMARY): ${writeFailure(e)}` }], paletteFor(io.stderr, io.env));
  }
}
