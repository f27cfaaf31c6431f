import { describe, expect, it } from "vitest";
import { applyCi } from "../../../src/render/apply-ci.js";
import { applyText } from "../../../src/render/apply-text.js";
import { applyEvents, output } from "./fixtures.js";

const ESC = "\u001b[";

function render(sink: (e: (typeof applyEvents)[number]) => void): void {
  for (const e of applyEvents) sink(e);
}

describe("apply text", () => {
  it("prints each step as it happens, then every step's outcome and the summary, like the golden file", async () => {
    const out = output();
    render(applyText(out.stream, { color: false }));
    await expect(out.text()).toMatchFileSnapshot("__golden__/apply.txt");
  });

  it("ends with the summary line", () => {
    const out = output();
    render(applyText(out.stream, { color: false }));
    expect(out.text().trimEnd().split("\n").at(-1)).toBe("Apply: 3 succeeded, 1 failed, 1 skipped.");
  });

  it("colours outcomes only when asked to", () => {
    const plain = output();
    const coloured = output();
    render(applyText(plain.stream, { color: false }));
    render(applyText(coloured.stream, { color: true }));
    expect(plain.text()).not.toContain(ESC);
    expect(coloured.text()).toContain(`${ESC}32mCreation complete`);
  });

  it("says so when the apply was interrupted", () => {
    const out = output();
    const sink = applyText(out.stream, { color: false });
    sink({ type: "apply-started", seq: 1, at: "2026-11-24T10:00:00.000Z", steps: [] });
    sink({ type: "apply-finished", seq: 2, at: "2026-11-24T10:00:00.000Z", counts: { succeeded: 0, failed: 0, skipped: 0 }, interrupted: true });
    expect(out.text()).toBe("\nApply interrupted: steps not yet started were skipped.\nApply: 0 succeeded, 0 failed, 0 skipped.\n");
  });
});

describe("apply CI lines", () => {
  it("stamps every line with its time and annotates failures on GitHub, like the golden file", async () => {
    const out = output();
    render(applyCi(out.stream, { github: true }));
    await expect(out.text()).toMatchFileSnapshot("__golden__/apply-ci.txt");
  });

  it("writes no annotations outside GitHub Actions", () => {
    const out = output();
    render(applyCi(out.stream, { github: false }));
    expect(out.text()).not.toContain("::error");
  });
});

// Text from outside reaches these lines: a vendor's error, its ids and run ids. A CI runner takes a
// line starting with :: as a command; a terminal obeys escape sequences.
describe("apply lines hold text from outside inert", () => {
  const hostile = "\n::stop-commands::x\r::add-mask::destroy\u001b[8m";
  const events = applyEvents.map((e) => {
    if (e.type === "step-finished" && e.outcome === "failed") return { ...e, error: { ...e.error, message: `refused${hostile}` } };
    if (e.type === "step-finished" && e.outcome === "succeeded" && e.runId !== undefined) return { ...e, ids: { id: `981${hostile}` }, runId: `5521${hostile}` };
    return e;
  });

  it.each([
    ["CI lines on GitHub", (out: ReturnType<typeof output>) => applyCi(out.stream, { github: true })],
    ["terminal text", (out: ReturnType<typeof output>) => applyText(out.stream, { color: false })],
  ])("%s: no line of a vendor's text starts a line, nor carries an escape or a carriage return", (_kind, make) => {
    const out = output();
    const sink = make(out);
    for (const e of events) sink(e);
    const lines = out.text().split("\n");
    expect(lines.filter((l) => l.startsWith("::") && !l.startsWith("::error title="))).toEqual([]);
    expect(out.text()).not.toMatch(/[\r\u001b]/);
    expect(out.text()).toContain("refused\\n::stop-commands::x");
  });
});

