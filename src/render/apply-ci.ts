/**
 * Apply progress for CI logs: the text lines without colour, each stamped with the time of its
 * event (UTC), and on GitHub Actions an `::error` annotation per failed step so it shows on the run.
 */
import type { Sink } from "../apply/events.js";
import type { Writable } from "../core/writable.js";
import { escapeData as data, escapeProperty as property } from "./workflow-commands.js";
import { oneLine } from "../core/printable.js";
import { ApplyLines } from "./apply-lines.js";
import { PLAIN } from "./color.js";

export function applyCi(out: Writable, options: { readonly github: boolean }): Sink {
  const lines = new ApplyLines(PLAIN);
  return (e) => {
    const time = e.at.slice(11, 19);
    for (const line of lines.lines(e)) out.write(line === "" ? "\n" : `${time} ${line}\n`);
    if (options.github && e.type === "step-finished" && e.outcome === "failed") {
      out.write(`::error title=${property(`scanform apply: ${e.address}`)}::${data(oneLine(`${e.error.message} [${e.error.code}]`))}\n`);
    }
    if (options.github && e.type === "journal-settled" && e.outcome === "unknowable") {
      out.write(`::error title=${property(`scanform apply: ${e.address}`)}::${data(oneLine(e.error.message))}\n`);
    }
  };
}

/** GitHub's workflow-command escaping, so a message cannot end the command or start another. */
