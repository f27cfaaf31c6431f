import { describe, expect, it } from "vitest";
import { ANSI, PLAIN } from "../../../src/render/color.js";
import { progressCi } from "../../../src/render/progress-ci.js";
import { progressTty } from "../../../src/render/progress-tty.js";
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

describe("wait progress in CI", () => {
  it("writes one line per change of state and the verdicts with findings, like the golden file", async () => {
    const out = output();
    const sink = progressCi(out.stream);
    for (const e of waitEvents) sink(e);
    await expect(out.text()).toMatchFileSnapshot("__golden__/wait-ci.txt");
  });

  it("stays quiet on polls that change nothing", () => {
    const out = output();
    const sink = progressCi(out.stream);
    for (const e of waitEvents) sink(e);
    expect(out.text().match(/cortex\.scan\.dc-weekly: RUNNING/g)).toHaveLength(1);
  });
});
