/** The words of waiting, shared by the terminal and CI progress renderers: verdicts, findings and the closing summary. */
import { oneLine } from "../core/printable.js";
import { formatDuration } from "../apply/duration.js";
import type { Findings, Verdict, WaitEvent } from "../apply/wait-events.js";
import type { Palette } from "./color.js";
import { widest } from "../core/arrays.js";

export const verdictWord = (v: Verdict, p: Palette): string => {
  const word = v === "timeout" ? "timed out" : v === "threshold" ? "failed on findings" : v === "interrupted" ? "not waited for" : v === "idle" ? "nothing to wait for" : v;
  if (v === "succeeded") return p.green(word);
  if (v === "interrupted") return p.yellow(word);
  // Nothing to wait for is not a failure: a disabled scan that never ran.
  if (v === "idle") return p.dim(word);
  return p.red(word);
};

/** `severity 5: 0, 4: 2, 3: 1, 2: 0, 1: 3`, most severe first. */
export const findingsText = (f: Findings): string => `severity ${(["5", "4", "3", "2", "1"] as const).map((s) => `${s}: ${f[s]}`).join(", ")}`;

/** Every run's verdict with its findings, then `Wait: ...`. */
export function closingLines(finished: readonly (WaitEvent & { type: "run-finished" })[], counts: Readonly<Record<Verdict, number>>, p: Palette): string[] {
  const width = widest(finished.map((r) => r.address));
  const lines = finished.flatMap((r) => [
    // An idle run's message already opens with "nothing to wait for" (status and --json carry it whole).
    r.verdict === "idle"
      ? `  ${r.address.padEnd(width)}  ${p.dim(oneLine(r.message))}`
      : `  ${r.address.padEnd(width)}  ${verdictWord(r.verdict, p)} after ${formatDuration(r.elapsedMs)}: ${oneLine(r.message)}`,
    ...(r.findings ? [`  ${" ".repeat(width)}  findings by ${findingsText(r.findings)}`] : []),
  ]);
  const failed = counts.failed + counts.threshold + counts.error;
  const summary = `Wait: ${counts.succeeded} succeeded, ${failed} failed, ${counts.timeout} timed out${counts.interrupted > 0 ? `, ${counts.interrupted} no longer waited for` : ""}${counts.idle > 0 ? `, ${counts.idle} with nothing to wait for` : ""}.`;
  return [...(lines.length > 0 ? ["", p.bold("Runs:"), ...lines] : []), "", failed + counts.timeout > 0 ? p.red(p.bold(summary)) : p.bold(summary)];
}
