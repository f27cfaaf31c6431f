/**
 * Waiting, on a terminal: one line per run with a bar of the time used out of its `wait.timeout`,
 * its state and the elapsed time, rewritten in place on every poll (cursor up, clear line). Once
 * every run is done the block stays as it is and the verdicts follow below it.
 */
import { formatDuration } from "../apply/duration.js";
import type { Verdict, WaitEvent } from "../apply/wait-events.js";
import type { Writable } from "../core/writable.js";
import type { Palette } from "./color.js";
import { closingLines, verdictWord } from "./progress-lines.js";
import { widest } from "../core/arrays.js";

export const BAR_WIDTH = 20;

interface Row {
  readonly address: string;
  readonly timeoutMs: number;
  state: string;
  elapsedMs: number;
  verdict?: Verdict;
}

export function progressTty(out: Writable, p: Palette): (e: WaitEvent) => void {
  let rows: Row[] = [];
  let drawn = 0;
  const finished: (WaitEvent & { type: "run-finished" })[] = [];

  const draw = (): void => {
    const width = widest(rows.map((r) => r.address));
    const up = drawn > 0 ? `\u001b[${drawn}A` : "";
    out.write(up + rows.map((r) => `\u001b[2K${line(r, width, p)}\n`).join(""));
    drawn = rows.length;
  };

  return (e) => {
    switch (e.type) {
      case "wait-started":
        rows = e.runs.map((r) => ({ address: r.address, timeoutMs: r.timeoutMs, state: "waiting", elapsedMs: 0 }));
        if (rows.length > 0) draw();
        return;
      case "run-status": {
        const row = rows.find((r) => r.address === e.address);
        if (row) Object.assign(row, { state: `${e.phase} (${e.vendorState})`, elapsedMs: e.elapsedMs });
        draw();
        return;
      }
      case "run-finished": {
        finished.push(e);
        const row = rows.find((r) => r.address === e.address);
        if (row) Object.assign(row, { verdict: e.verdict, elapsedMs: e.elapsedMs });
        draw();
        return;
      }
      case "wait-finished":
        for (const l of closingLines(finished, e.counts, p)) out.write(`${l}\n`);
    }
  };
}

function line(r: Row, width: number, p: Palette): string {
  const share = r.verdict === "succeeded" ? 1 : Math.min(1, r.timeoutMs > 0 ? r.elapsedMs / r.timeoutMs : 0);
  const filled = Math.floor(share * BAR_WIDTH);
  const bar = `[${"█".repeat(filled)}${"░".repeat(BAR_WIDTH - filled)}]`;
  const state = r.verdict ? verdictWord(r.verdict, p) : r.state;
  return `${r.address.padEnd(width)}  ${r.verdict === "succeeded" ? p.green(bar) : bar}  ${formatDuration(r.elapsedMs)} / ${formatDuration(r.timeoutMs)}  ${state}`;
}
