import { describe, expect, it } from "vitest";
import { createRequestLog } from "../../../src/emulators/core/request-log.js";

const entry = (operation: string | null) => ({ time: 0, method: "GET", path: "/x", operation, status: 200, outcome: "answered" as const, durationMs: 1 });

describe("request log", () => {
  it("counts requests by operation, unknown routes as `unknown`", () => {
    const log = createRequestLog();
    log.record(entry("list"));
    log.record(entry("list"));
    log.record(entry(null));
    expect(log.counts()).toEqual({ list: 2, unknown: 1 });
    expect(log.count("list")).toBe(2);
    expect(log.count()).toBe(3);
  });

  it("keeps only the most recent entries but counts all of them", () => {
    const log = createRequestLog(10);
    for (let i = 0; i < 100; i++) log.record(entry("list"));
    expect(log.entries()).toHaveLength(10);
    expect(log.entries()[0]?.seq).toBe(91);
    expect(log.count("list")).toBe(100);
  });

  it("starts over after clear", () => {
    const log = createRequestLog();
    log.record(entry("list"));
    log.clear();
    log.record(entry("get"));
    expect(log.entries().map((e) => e.seq)).toEqual([1]);
    expect(log.counts()).toEqual({ get: 1 });
  });
});
