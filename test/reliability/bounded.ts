/**
 * What every hostile case must end with, whatever was thrown at scanform: exit 1, a message a
 * person can act on, no stack trace, and time, memory and output within the bounds.
 */
import { expect } from "vitest";
import type { ChildRun } from "./child.js";

export const BOUNDS = {
  /** Peak RSS of the CLI process. */
  rssMb: 300,
  /** Wall time of one hostile run, with room for a loaded 2-core machine. */
  ms: 20_000,
  /** stdout + stderr: a refusal is a few lines, never a copy of the input. */
  outputBytes: 256 * 1024,
} as const;

/** A JavaScript stack frame or an uncaught engine error: what a person must never be shown. */
const STACK = /^\s+at .+:\d+:\d+\)?$|^(?:Type|Range|Reference|Syntax)Error\b|Maximum call stack|Cannot read properties of/m;
/**
 * scanform's refusals: `Error: ...`, a diagnostic `file:line:col: error CODE: ...`, a failed
 * apply step's line, or a failed step's error code in JSON events.
 */
const CLEAR = /^Error: \S|: error [A-Z][A-Z0-9_]+: \S|: \w+ failed after \S+: \S|"error":\{"code":"[A-Z][A-Z0-9_]+"/m;

export function expectCleanRefusal(run: ChildRun, bounds: Partial<typeof BOUNDS> = {}): void {
  const said = run.stdout + run.stderr;
  expectBounded(run, bounds);
  expect(run.code, said.slice(0, 2000)).toBe(1);
  expect(said, "a clear error").toMatch(CLEAR);
}

/** Ended by itself, with no stack trace, within time, memory and output bounds; whatever its exit code. */
export function expectBounded(run: ChildRun, bounds: Partial<typeof BOUNDS> = {}): void {
  const b = { ...BOUNDS, ...bounds };
  expect(run.killedBy, `killed by the suite after ${run.ms} ms at ${run.peakRssMb} MB`).toBeUndefined();
  expect(run.stdout + run.stderr, "a stack trace or engine error").not.toMatch(STACK);
  expect(run.peakRssMb, "peak RSS in MB").toBeLessThan(b.rssMb);
  expect(run.ms, "wall time in ms").toBeLessThan(b.ms);
  expect(run.stdoutBytes + run.stderrBytes, "bytes printed").toBeLessThan(b.outputBytes);
}
