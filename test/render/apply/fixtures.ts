/** Event streams for the renderer goldens: an apply that touches every line a renderer prints, and a wait with every verdict. */
import type { ApplyEvent, StepRef, Unstamped } from "../../../src/apply/events.js";
import type { WaitEvent } from "../../../src/apply/wait-events.js";

const T0 = Date.parse("2026-11-24T10:00:00.000Z");

/** Stamps events in order; `+N` entries move the clock on N seconds. */
function stream<E>(items: readonly (Unstamped<E> | number)[]): E[] {
  let t = T0;
  let seq = 0;
  const out: E[] = [];
  for (const item of items) {
    if (typeof item === "number") t += item * 1000;
    else out.push({ ...item, seq: ++seq, at: new Date(t).toISOString() } as E);
  }
  return out;
}

const webApp: StepRef = { address: "qualys.webApp.shop", action: "create", vendor: "qualys", kind: "webApp", launches: false };
const scan: StepRef = { address: "qualys.scan.shop-ci", action: "create", vendor: "qualys", kind: "scan", launches: true };
const schedule: StepRef = { address: "qualys.schedule.shop-nightly", action: "create", vendor: "qualys", kind: "schedule", launches: false };
const edge: StepRef = { address: "hexiosec.scan.edge", action: "update", vendor: "hexiosec", kind: "scan", launches: false };
const old: StepRef = { address: "cortex.scan.legacy", action: "forget", vendor: "cortex", kind: "scan", launches: false };

export const applyEvents: ApplyEvent[] = stream<ApplyEvent>([
  { type: "apply-started", steps: [edge, old, scan, schedule, webApp] },
  { type: "journal-settled", address: "hexiosec.scan.edge", operation: "create", journalId: "j-7", outcome: "landed", ids: { id: "7f3a" } },
  { type: "step-started", ...edge },
  { type: "step-started", ...old },
  { type: "step-finished", ...old, outcome: "succeeded" },
  { type: "step-started", ...webApp },
  1,
  {
    type: "step-finished",
    ...edge,
    outcome: "failed",
    error: { code: "HEXIOSEC_SEED_INVALID", message: "seed 203.0.113.300 was refused: not an IP address", hint: "Fix the seed in the manifest." },
  },
  1,
  { type: "step-finished", ...webApp, outcome: "succeeded", ids: { id: "4411" } },
  { type: "step-started", ...scan },
  2,
  { type: "step-progress", address: scan.address, phase: "launching", ids: { id: "981" } },
  1,
  { type: "run-launched", address: scan.address, vendor: "qualys", kind: "scan", ids: { id: "981" }, runId: "5521" },
  { type: "step-finished", ...scan, outcome: "succeeded", ids: { id: "981" }, runId: "5521" },
  { type: "step-finished", ...schedule, outcome: "skipped", reason: "hexiosec.scan.edge failed" },
  { type: "apply-finished", counts: { succeeded: 3, failed: 1, skipped: 1 }, interrupted: false },
]);

const findings = { "1": 4, "2": 2, "3": 1, "4": 2, "5": 0 } as const;

export const waitEvents: WaitEvent[] = stream<WaitEvent>([
  {
    type: "wait-started",
    runs: [
      { address: "qualys.scan.shop-ci", runId: "5521", timeoutMs: 4 * 3600_000 },
      { address: "cortex.scan.dc-weekly", runId: "r-88", timeoutMs: 60_000 },
      { address: "hexiosec.scan.edge", timeoutMs: 3600_000 },
    ],
  },
  { type: "run-status", address: "qualys.scan.shop-ci", phase: "pending", vendorState: "SUBMITTED", elapsedMs: 0, timeoutMs: 4 * 3600_000, changed: true },
  { type: "run-status", address: "cortex.scan.dc-weekly", phase: "running", vendorState: "RUNNING", elapsedMs: 0, timeoutMs: 60_000, changed: true },
  { type: "run-status", address: "hexiosec.scan.edge", phase: "running", vendorState: "in_progress", elapsedMs: 0, timeoutMs: 3600_000, changed: true },
  30,
  { type: "run-status", address: "qualys.scan.shop-ci", phase: "running", vendorState: "RUNNING", elapsedMs: 30_000, timeoutMs: 4 * 3600_000, changed: true },
  { type: "run-status", address: "cortex.scan.dc-weekly", phase: "running", vendorState: "RUNNING", elapsedMs: 30_000, timeoutMs: 60_000, changed: false },
  { type: "run-status", address: "hexiosec.scan.edge", phase: "succeeded", vendorState: "completed", elapsedMs: 30_000, timeoutMs: 3600_000, changed: true },
  { type: "run-finished", address: "hexiosec.scan.edge", verdict: "succeeded", elapsedMs: 30_000, message: "finished (completed)", vendorState: "completed" },
  30,
  { type: "run-status", address: "qualys.scan.shop-ci", phase: "succeeded", vendorState: "FINISHED", elapsedMs: 60_000, timeoutMs: 4 * 3600_000, changed: true },
  {
    type: "run-finished",
    address: "qualys.scan.shop-ci",
    runId: "5521",
    verdict: "threshold",
    elapsedMs: 60_000,
    message: "finished with 2 findings at or above severity 4; fails on any finding of severity 4 or higher",
    vendorState: "FINISHED",
    findings,
    failOn: { severity: 4, count: 1 },
  },
  { type: "run-status", address: "cortex.scan.dc-weekly", phase: "running", vendorState: "RUNNING", elapsedMs: 60_000, timeoutMs: 60_000, changed: false },
  { type: "run-finished", address: "cortex.scan.dc-weekly", runId: "r-88", verdict: "timeout", elapsedMs: 60_000, message: "not finished within its wait.timeout of 1m00s, still RUNNING", vendorState: "RUNNING" },
  { type: "wait-finished", counts: { succeeded: 1, failed: 0, timeout: 1, threshold: 1, error: 0, interrupted: 0, idle: 0 } },
]);

/** Collects what a renderer writes. */
export function output(isTTY = false) {
  let text = "";
  return { stream: { isTTY, write: (s: string) => void (text += s) }, text: () => text };
}
