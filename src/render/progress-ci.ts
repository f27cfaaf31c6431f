/** Waiting, in a CI log (or any output that is not a terminal): one line per change of a run's state, stamped with its UTC time. */
import { oneLine } from "../core/printable.js";
import { formatDuration } from "../apply/duration.js";
import type { WaitEvent } from "../apply/wait-events.js";
import { firstOf } from "../core/arrays.js";
import type { Writable } from "../core/writable.js";
import { PLAIN } from "./color.js";
import { closingLines, findingsText, verdictWord } from "./progress-lines.js";

export function progressCi(out: Writable): (e: WaitEvent) => void {
  const finished: (WaitEvent & { type: "run-finished" })[] = [];
  const say = (at: string, s: string): void => void out.write(`${at.slice(11, 19)} ${s}\n`);
  return (e) => {
    switch (e.type) {
      case "wait-started":
        // Each run has lines of its own as its state changes: this one only names the first few.
        say(e.at, `Waiting for ${e.runs.length} run${e.runs.length === 1 ? "" : "s"}: ${firstOf(e.runs.map((r) => `${r.address}${r.runId ? ` (run ${oneLine(r.runId)})` : ""}`))}`);
        return;
      case "run-status":
        if (e.changed) say(e.at, `${e.address}: ${oneLine(e.vendorState)} (${e.phase}) after ${formatDuration(e.elapsedMs)}`);
        return;
      case "run-finished":
        finished.push(e);
        say(e.at, `${e.address}: ${verdictWord(e.verdict, PLAIN)} after ${formatDuration(e.elapsedMs)}: ${oneLine(e.message)}${e.findings ? `; findings by ${findingsText(e.findings)}` : ""}`);
        return;
      case "wait-finished":
        for (const l of closingLines(finished, e.counts, PLAIN)) out.write(`${l}\n`);
    }
  };
}
