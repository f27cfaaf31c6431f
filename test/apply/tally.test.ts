import { describe, expect, it } from "vitest";
import type { ApplyEvent } from "../../src/apply/events.js";
import { createTally, waitExitCode } from "../../src/apply/tally.js";
import { VERDICTS, type Verdict } from "../../src/apply/wait-events.js";
import { EXIT } from "../../src/core/exit-codes.js";

const step = { address: "qualys.webApp.a", action: "create", vendor: "qualys", kind: "webApp", launches: false } as const;
const at = "2026-11-24T10:00:00.000Z";
const finished = (outcome: "succeeded" | "failed" | "skipped", seq: number): ApplyEvent =>
  outcome === "failed"
    ? { type: "step-finished", seq, at, ...step, outcome, error: { code: "X", message: "no" } }
    : outcome === "skipped"
      ? { type: "step-finished", seq, at, ...step, outcome, reason: "a failed" }
      : { type: "step-finished", seq, at, ...step, outcome };
const end = (seq: number, interrupted = false): ApplyEvent => ({ type: "apply-finished", seq, at, counts: { succeeded: 0, failed: 0, skipped: 0 }, interrupted });

function tallyOf(events: readonly ApplyEvent[]) {
  const t = createTally();
  events.forEach(t.sink);
  return t;
}

describe("the apply tally", () => {
  it("counts outcomes from step-finished events and prints the summary line", () => {
    const t = tallyOf([finished("succeeded", 1), finished("succeeded", 2), finished("failed", 3), finished("skipped", 4), end(5)]);
    expect(t.counts()).toEqual({ succeeded: 2, failed: 1, skipped: 1 });
    expect(t.summary()).toBe("Apply: 2 succeeded, 1 failed, 1 skipped.");
  });

  it.each([
    ["all succeeded", [finished("succeeded", 1), end(2)], EXIT.ok],
    ["nothing to do", [end(1)], EXIT.ok],
    ["a step failed", [finished("succeeded", 1), finished("failed", 2), end(3)], EXIT.error],
    ["interrupted", [finished("succeeded", 1), finished("skipped", 2), end(3, true)], EXIT.error],
    ["never finished", [finished("succeeded", 1)], EXIT.error],
    [
      "a journal entry left unsettled",
      [{ type: "journal-settled", seq: 1, at, address: "cortex.scan.a", operation: "create", journalId: "j", outcome: "unknowable", error: { code: "A", message: "m" } } as ApplyEvent, end(2)],
      EXIT.error,
    ],
  ])("exits %s → %i", (_name, events, code) => {
    expect(tallyOf(events as ApplyEvent[]).exitCode()).toBe(code);
  });
});

describe("the wait exit code", () => {
  const counts = (over: Partial<Record<Verdict, number>>) => ({ ...Object.fromEntries(VERDICTS.map((v) => [v, 0])), ...over }) as Record<Verdict, number>;

  it.each([
    [{ succeeded: 2 }, EXIT.ok],
    [{ succeeded: 1, failed: 1 }, EXIT.scanBroke],
    [{ timeout: 1 }, EXIT.scanBroke],
    [{ threshold: 1 }, EXIT.gateTripped],
    [{ error: 1 }, EXIT.scanBroke],
    [{ threshold: 1, failed: 1 }, EXIT.gateTripped],
    [{ interrupted: 1 }, EXIT.error],
  ] as const)("%o → %i", (over, code) => {
    expect(waitExitCode(counts(over))).toBe(code);
  });
});
