import { describe, expect, it } from "vitest";
import { ANSI, PLAIN } from "../../../src/render/color.js";
import { progressCi } from "../../../src/render/progress-ci.js";
import { closingLines } from "../../../src/render/progress-lines.js";
import { progressTty } from "../../../src/render/progress-tty.js";
import type { WaitEvent } from "../../../src/apply/wait-events.js";
import { output, waitEvents } from "./fixtures.js";

const ESC = "\u001b[";

describe("wait progress on a terminal", () => {
  it("draws a bar per run and rewrites the block in place, like the golden file", async () => {
    const out = output(true);
    const sink = progressTty(out.stream, PLAIN);
    for (const e of waitEvents) sink(e);
    // Escapes made visible, so the golden shows where the block is rewritten.
    const visible = out.text().replaceAll(`${ESC}2K`, "<clear>").replace(/\u001b\[(\d+)A/g, "<up $1>");
    await expect(visible).toMatchFileSnapshot("__golden__/wait-tty.txt");
  });

  it("moves the cursor up over the whole block before each redraw", () => {
    const out = output(true);
    const sink = progressTty(out.stream, PLAIN);
    for (const e of waitEvents.slice(0, 2)) sink(e);
    expect(out.text().split(`${ESC}3A`)).toHaveLength(2);
  });

  it("colours a finished run's bar by its verdict when colour is on", () => {
    const out = output(true);
    const sink = progressTty(out.stream, ANSI);
    for (const e of waitEvents) sink(e);
    expect(out.text()).toContain(`${ESC}32m[████████████████████]`);
  });
});

describe("wait progress on a terminal, between polls", () => {
  const at = "2026-01-01T00:00:00.000Z";
  const started = { seq: 1, at, type: "wait-started", runs: [{ address: "qualys.scan.shop-ci", timeoutMs: 4 * 3600_000 }] } as const;
  const polled = { seq: 2, at, type: "run-status", address: "qualys.scan.shop-ci", phase: "running", vendorState: "RUNNING", elapsedMs: 10_000, timeoutMs: 4 * 3600_000, changed: true } as const;

  /** A clock the test moves, and a ticker it fires by hand. */
  function handClock() {
    let ms = 0;
    const ticks: (() => void)[] = [];
    let stopped = false;
    const clock = { now: () => ms, every: (_ms: number, redraw: () => void) => (ticks.push(redraw), () => void (stopped = true)) };
    return { clock, advance: (by: number) => ((ms += by), ticks.forEach((t) => t())), stopped: () => stopped };
  }

  it("counts the time used on, every tick, from the last poll", () => {
    const out = output(true);
    const h = handClock();
    const sink = progressTty(out.stream, PLAIN, h.clock);
    sink(started);
    sink(polled);
    h.advance(3000);
    expect(out.text().trimEnd().split("\n").at(-1)).toContain("13s / 4h00m  running (RUNNING)");
  });

  it("stops ticking when waiting is over", () => {
    const h = handClock();
    const sink = progressTty(output(true).stream, PLAIN, h.clock);
    sink(started);
    sink({ seq: 3, at, type: "wait-finished", counts: { succeeded: 0, failed: 0, timeout: 0, threshold: 0, error: 0, interrupted: 0, idle: 1 } });
    expect(h.stopped()).toBe(true);
  });

  it("shows a run with nothing to wait for on one line, not in red", () => {
    const out = output(true);
    const sink = progressTty(out.stream, ANSI);
    sink(started);
    sink({ seq: 3, at, type: "run-finished", address: "qualys.scan.shop-ci", verdict: "idle", elapsedMs: 0, message: "disabled, and it never ran" });
    const block = out.text().split(`${ESC}2K`).at(-1)!;
    expect(block).toBe(`qualys.scan.shop-ci  ${ESC}2mnothing to wait for${ESC}22m\n`);
  });
});

describe("the closing lines of a wait", () => {
  it("say nothing to wait for once for a disabled scan that never ran", () => {
    const idle = { seq: 3, at: "2026-12-02T10:00:00.000Z", type: "run-finished", address: "hexiosec.scan.portal", verdict: "idle", elapsedMs: 0, message: "nothing to wait for (never run): the scan is disabled" } as const;
    const lines = closingLines([idle], { succeeded: 0, failed: 0, timeout: 0, threshold: 0, error: 0, interrupted: 0, idle: 1 }, PLAIN);
    expect(lines).toContain("  hexiosec.scan.portal  nothing to wait for (never run): the scan is disabled");
  });
});

describe("wait progress in CI", () => {
  it("writes one line per change of state and the verdicts with findings, like the golden file", async () => {
    const out = output();
    const sink = progressCi(out.stream);
    for (const e of waitEvents) sink(e);
    await expect(out.text()).toMatchFileSnapshot("__golden__/wait-ci.txt");
  });

  it("names ten runs it starts waiting for and counts the rest", () => {
    const out = output();
    const runs = Array.from({ length: 2000 }, (_, i) => ({ address: `qualys.scan.s${i}`, runId: String(i), timeoutMs: 60_000 }));
    progressCi(out.stream)({ seq: 1, at: "2026-12-02T10:00:00.000Z", type: "wait-started", runs } satisfies WaitEvent);
    expect(out.text()).toBe("10:00:00 Waiting for 2000 runs: qualys.scan.s0 (run 0), qualys.scan.s1 (run 1), qualys.scan.s2 (run 2), qualys.scan.s3 (run 3), qualys.scan.s4 (run 4), qualys.scan.s5 (run 5), qualys.scan.s6 (run 6), qualys.scan.s7 (run 7), qualys.scan.s8 (run 8), qualys.scan.s9 (run 9), and 1990 more\n");
  });

  it("stays quiet on polls that change nothing", () => {
    const out = output();
    const sink = progressCi(out.stream);
    for (const e of waitEvents) sink(e);
    expect(out.text().match(/cortex\.scan\.dc-weekly: RUNNING/g)).toHaveLength(1);
  });
});

// A run's state and message are the vendor's words, and its id too: a CI runner takes a line
// starting with :: as a command, and a terminal obeys escape sequences.
describe("wait progress holds the vendor's words inert", () => {
  const hostile = "\n::stop-commands::x\r\u001b[8m";
  const events: WaitEvent[] = waitEvents.map((e) => {
    if (e.type === "run-status") return { ...e, vendorState: `${e.vendorState}${hostile}` };
    if (e.type === "run-finished") return { ...e, message: `${e.message}${hostile}`, vendorState: `${e.vendorState}${hostile}`, ...(e.runId === undefined ? {} : { runId: `${e.runId}${hostile}` }) };
    if (e.type === "wait-started") return { ...e, runs: e.runs.map((r) => ({ ...r, ...(r.runId === undefined ? {} : { runId: `${r.runId}${hostile}` }) })) };
    return e;
  });

  it("in CI lines: none starts a command or carries an escape or a carriage return", () => {
    const out = output();
    const sink = progressCi(out.stream);
    for (const e of events) sink(e);
    expect(out.text().split("\n").filter((l) => l.startsWith("::"))).toEqual([]);
    expect(out.text()).not.toMatch(/[\r\u001b]/);
  });

  it("on a terminal: no escape but scanform's own", () => {
    const out = output(true);
    const sink = progressTty(out.stream, PLAIN);
    for (const e of events) sink(e);
    expect(out.text().replace(/\u001b\[(2K|\d+A)/g, "")).not.toMatch(/[\r\u001b]/);
    expect(out.text().split("\n").filter((l) => l.startsWith("::"))).toEqual([]);
  });
});
