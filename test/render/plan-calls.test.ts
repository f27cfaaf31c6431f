import { describe, expect, it } from "vitest";
import { callLine, duration } from "../../src/render/plan-calls.js";

describe("plan text: a vendor's calls", () => {
  it.each([
    ["without a known limit, the count alone", { vendor: "hexiosec", calls: 10_100 }, "Calls to hexiosec: 10,100."],
    ["under a limit that is not tight, the count alone", { vendor: "cortex", calls: 200, limit: { calls: 5, windowSeconds: 1, source: "docs" } }, "Calls to cortex: 200."],
    [
      "under a tight limit the user set, the time at it",
      { vendor: "qualys", calls: 4012, limit: { calls: 300, windowSeconds: 3600, source: "vendors.qualys.callsPerHour or QUALYS_CALLS_PER_HOUR" } },
      "Calls to qualys: 4,012, about 13h 22m at 300 calls per hour (from vendors.qualys.callsPerHour or QUALYS_CALLS_PER_HOUR).",
    ],
    [
      "over what the vendor said is left, how much is",
      { vendor: "qualys", calls: 400, limit: { calls: 300, windowSeconds: 3600, remaining: 280, source: "the vendor's answers" } },
      "Calls to qualys: 400, about 1h 24m at 300 calls per hour (from the vendor's answers); only 280 are left in the current window.",
    ],
    ["a window that is no round unit, in seconds", { vendor: "acme", calls: 100, limit: { calls: 10, windowSeconds: 90, source: "x" } }, "Calls to acme: 100, about 15m at 10 calls per 90 seconds (from x)."],
  ])("%s", (_, v, line) => {
    expect(callLine(v)).toBe(line);
  });

  it.each([
    [45, "45s"],
    [200, "3m 20s"],
    [3600, "1h"],
    [48_144, "13h 22m"],
    [183_600, "2d 3h"],
  ])("writes %i s as %s", (s, text) => {
    expect(duration(s)).toBe(text);
  });
});
