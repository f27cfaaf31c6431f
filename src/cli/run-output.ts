/**
 * Which renderers apply and wait report through: JSON lines with `--json`; on a terminal, text and
 * progress bars redrawn in place (coloured unless turned off); anywhere else (CI logs, pipes,
 * files), time-stamped lines, one per change, with GitHub annotations on GitHub Actions.
 */
import type { Sink } from "../apply/events.js";
import type { WaitSink } from "../apply/wait-events.js";
import { applyCi } from "../render/apply-ci.js";
import { applyText } from "../render/apply-text.js";
import { palette, useColor } from "../render/color.js";
import { jsonLines } from "../render/events-json.js";
import { progressCi } from "../render/progress-ci.js";
import { progressTty, type ProgressClock } from "../render/progress-tty.js";
import type { CliIO } from "./io.js";

export interface RunOutput {
  readonly apply: Sink;
  readonly wait: WaitSink;
}

/** The terminal's clock: ticks never keep the process alive once waiting is over. */
const realClock: ProgressClock = {
  now: Date.now,
  every: (ms, redraw) => {
    const timer = setInterval(redraw, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};

export function runOutput(io: CliIO, flags: { readonly json: boolean; readonly color: boolean }): RunOutput {
  if (flags.json) {
    const lines = jsonLines(io.stdout);
    return { apply: lines, wait: lines };
  }
  if (io.stdout.isTTY === true) {
    const color = useColor(io.stdout, io.env, !flags.color);
    return { apply: applyText(io.stdout, { color }), wait: progressTty(io.stdout, palette(color), realClock) };
  }
  return { apply: applyCi(io.stdout, { github: io.env["GITHUB_ACTIONS"] === "true" }), wait: progressCi(io.stdout) };
}
