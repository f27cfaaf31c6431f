import { describe, expect, it } from "vitest";
import { EVENTS_FORMAT_VERSION, jsonLines } from "../../../src/render/events-json.js";
import { applyEvents, output, waitEvents } from "./fixtures.js";

describe("JSON lines", () => {
  it("maps apply and wait events to their wire form, one object per line, like the golden file", async () => {
    const out = output();
    const sink = jsonLines(out.stream);
    for (const e of [...applyEvents, ...waitEvents]) sink(e);
    await expect(out.text()).toMatchFileSnapshot("__golden__/events.jsonl");
  });

  it("numbers the lines of one stream in order, across apply and wait", () => {
    const out = output();
    const sink = jsonLines(out.stream);
    for (const e of [...applyEvents, ...waitEvents]) sink(e);
    const seqs = out.text().trimEnd().split("\n").map((l) => (JSON.parse(l) as { seq: number }).seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it("carries the format version on every line", () => {
    const out = output();
    const sink = jsonLines(out.stream);
    for (const e of applyEvents) sink(e);
    const versions = new Set(out.text().trimEnd().split("\n").map((l) => (JSON.parse(l) as { format_version: string }).format_version));
    expect(versions).toEqual(new Set([EVENTS_FORMAT_VERSION]));
  });
});
