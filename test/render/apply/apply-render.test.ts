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
