/**
 * Waiting, on a terminal: a header, then one line per run with a bar of the time used out of its
 * `wait.timeout`, the time used and its state, rewritten in place (cursor up, clear line) on every
 * poll and, between polls, every second by the injected ticker, so the clock moves while the
 * vendor is quiet. Bars take the colour of their verdict. Once every run is done the block stays
 * as it is and the verdicts follow below it.
 */
import { oneLine } from "../core/printable.js";
import { formatDuration } from "../apply/duration.js";
import type { Verdict, WaitEvent } from "../apply/wait-events.js";
import type { Writable } from "../core/writable.js";
import type { Palette } from "./color.js";
import { closingLines, verdictWord } from "./progress-lines.js";
import { widest } from "../core/arrays.js";

export const BAR_WIDTH = 20;
export const TICK_MS = 1000;

/** Calls `redraw` every `ms` until the returned stop is called; injected so tests tick by hand. */
export type Ticker = (ms: number, redraw: () => void) => () => void;

export interface ProgressClock {
  /** Epoch milliseconds. */
  readonly now: () => number;
  readonly every: Ticker;
}

interface Row {
  readonly address: string;
  readonly timeoutMs: number;
  state: string;
  elapsedMs: number;
  /** When elapsedMs was reported, to count on from it between polls. */
  seenAt: number;
  verdict?: Verdict;
}

export function progressTty(out: Writable, p: Palette, clock?: ProgressClock): (e: WaitEvent) => void {
  let rows: Row[] = [];
  let drawn = 0;
  let stopTicking = (): void => undefined;
  const finished: (WaitEvent & { type: "run-finished" })[] = [];
  const now = (): number => clock?.now() ?? 0;

  const draw = (): void => {
    const width = widest(rows.map((r) => r.address));
    const up = drawn > 0 ? `\u001b[${drawn}A` : "";
    const at = now();
    out.write(up + rows.map((r) => `\u001b[2K${line(r, width, p, at)}\n`).join(""));
    drawn = rows.length;
  };

  return (e) => {
    switch (e.type) {
      case "wait-started": {
        rows = e.runs.map((r) => ({ address: r.address, timeoutMs: r.timeoutMs, state: "waiting", elapsedMs: 0, seenAt: now() }));
        if (rows.length === 0) return;
        out.write(`${p.bold(`Waiting for ${rows.length} run${rows.length === 1 ? "" : "s"} (time used / wait.timeout); Ctrl-C stops waiting, the runs go on:`)}\n`);
        draw();
        if (clock) stopTicking = clock.every(TICK_MS, () => rows.some((r) => !r.verdict) && draw());
        return;
      }
      case "run-status": {
        const row = rows.find((r) => r.address === e.address);
        if (row) Object.assign(row, { state: `${e.phase} (${oneLine(e.vendorState)})`, elapsedMs: e.elapsedMs, seenAt: now() });
        draw();
        return;
      }
      case "run-finished": {
        finished.push(e);
        const row = rows.find((r) => r.address === e.address);
        if (row) Object.assign(row, { verdict: e.verdict, elapsedMs: e.elapsedMs, seenAt: now() });
        draw();
        return;
      }
      case "wait-finished":
        stopTicking();
        for (const l of closingLines(finished, e.counts, p)) out.write(`${l}\n`);
    }
  };
}

function line(r: Row, width: number, p: Palette, at: number): string {
  // A run with nothing to wait for has no time to show: its verdict says it all, on one line.
  if (r.verdict === "idle") return `${r.address.padEnd(width)}  ${verdictWord(r.verdict, p)}`;
  const elapsed = r.verdict ? r.elapsedMs : r.elapsedMs + Math.max(0, at - r.seenAt);
  const share = r.verdict === "succeeded" ? 1 : Math.min(1, r.timeoutMs > 0 ? elapsed / r.timeoutMs : 0);
  const filled = Math.floor(share * BAR_WIDTH);
  const bar = `[${"█".repeat(filled)}${"░".repeat(BAR_WIDTH - filled)}]`;
  const state = r.verdict ? verdictWord(r.verdict, p) : r.state;
  return `${r.address.padEnd(width)}  ${barColour(r.verdict, p)(bar)}  ${formatDuration(elapsed)} / ${formatDuration(r.timeoutMs)}  ${state}`;
}

const barColour = (v: Verdict | undefined, p: Palette): ((s: string) => string) => {
  if (v === undefined) return p.cyan;
  if (v === "succeeded") return p.green;
  if (v === "interrupted") return p.yellow;
  return p.red;
};
