/**
 * Files a command writes beside its output (results reports, the GitHub job summary, an imported
 * manifest). A failure to write one is a finding naming the file and the reason, never a stack
 * trace, and it must not hide the command's own verdict: a gate that tripped still exits with the
 * gate's code when its report's folder is missing.
 */
import { randomBytes } from "node:crypto";
import { appendFile, mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { Diagnostic } from "../core/errors.js";
import { printDiagnostics } from "../render/diagnostics.js";
import { fitMarkdown } from "../render/plan-markdown.js";
import { paletteFor } from "../render/color.js";
import type { CliIO } from "./io.js";

/** Why a write failed, as Node words it (`ENOTDIR: not a directory, open '…'`). */
export const writeFailure = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Writes `text` to `path`, making its folder first (CI report paths name folders no step made); a
 * finding when it cannot. The report is written beside the path and renamed over it, so a write
 * cut short (a full disk) leaves the report before it whole, never a cut one a CI step uploads.
 */
export async function writeReportFile(path: string, shown: string, what: string, text: string): Promise<Diagnostic | undefined> {
  const tmp = `${path}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(tmp, text);
    await rename(tmp, path);
    return undefined;
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    return { code: "REPORT_WRITE_FAILED", severity: "error", message: `Cannot write the ${what} to ${shown}: ${writeFailure(e)}`, hint: "Pass a path in a folder this user may write to, on a disk with room." };
  }
}

/** GitHub's limit on one step's job summary. */
export const JOB_SUMMARY_MAX_BYTES = 1024 * 1024;

const SUMMARY_CUT = "> [!NOTE]\n> This was cut short: a job summary holds at most 1 MiB a step. The reports written with `--report` hold all of it.";

/**
 * Appends to the job summary when GITHUB_STEP_SUMMARY is set. The summary is for people reading the
 * run: when it cannot be written the command warns, and its exit code stays its own.
 */
export async function appendJobSummary(io: CliIO, markdown: string): Promise<void> {
  const file = io.env["GITHUB_STEP_SUMMARY"];
  if (!file) return;
  try {
    // GitHub drops a step's whole summary past its limit: what does not fit is cut instead.
    const room = JOB_SUMMARY_MAX_BYTES - ((await stat(file).catch(() => undefined))?.size ?? 0);
    if (Buffer.byteLength(markdown) <= room) await appendFile(file, markdown);
    else if (room > Buffer.byteLength(SUMMARY_CUT) * 2) await appendFile(file, fitMarkdown(markdown, room, SUMMARY_CUT));
    else throw new Error(`it already holds the ${JOB_SUMMARY_MAX_BYTES / 1024 / 1024} MiB a step may write`);
  } catch (e) {
    printDiagnostics(io.stderr, [{ code: "JOB_SUMMARY_WRITE_FAILED", severity: "warning", message: `Cannot append to the job summary (GITHUB_STEP_SUMMARY): ${writeFailure(e)}` }], paletteFor(io.stderr, io.env));
  }
}
