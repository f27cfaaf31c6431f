/**
 * `--json` for apply and wait: one JSON object per line, each carrying the format version. The
 * wire names are mapped here, field by field, so internal names can change without breaking
 * consumers. Major version: breaking; minor: additive. `seq` numbers the lines of one stream
 * (apply and wait events together) in the order written.
 */
import type { ApplyEvent } from "../apply/events.js";
import type { WaitEvent } from "../apply/wait-events.js";
import type { FailOn } from "../manifest/model.js";
import type { Writable } from "../core/writable.js";
import type { JsonObject, JsonValue } from "../core/json.js";

// 1.1: the `idle` verdict (nothing to wait for) and its count in wait_finished.
export const EVENTS_FORMAT_VERSION = "1.1";

export function jsonLines(out: Writable): (e: ApplyEvent | WaitEvent) => void {
  let seq = 0;
  return (e) => {
    seq += 1;
    out.write(`${JSON.stringify({ format_version: EVENTS_FORMAT_VERSION, seq, time: e.at, ...toWire(e) })}\n`);
  };
}

/** The wire form of one event, without the envelope. */
export function toWire(e: ApplyEvent | WaitEvent): JsonObject {
  switch (e.type) {
    case "apply-started":
      return { type: "apply_started", steps: e.steps.map((s) => ({ address: s.address, action: s.action, vendor: s.vendor, kind: s.kind, launches: s.launches })) };
    case "journal-settled":
      return {
        type: "journal_settled",
        address: e.address,
        operation: e.operation,
        journal_id: e.journalId,
        outcome: e.outcome,
        ...(e.outcome === "landed" ? { ids: e.ids, ...opt("run_id", e.runId) } : {}),
        ...(e.outcome === "unknowable" ? { error: wireError(e.error) } : {}),
      };
    case "step-started":
      return { type: "step_started", address: e.address, action: e.action };
    case "step-progress":
      return { type: "step_progress", address: e.address, phase: e.phase, ids: e.ids };
    case "run-launched":
      return { type: "run_launched", address: e.address, run_id: e.runId, ids: e.ids };
    case "step-finished":
      return {
        type: "step_finished",
        address: e.address,
        action: e.action,
        outcome: e.outcome,
        ...(e.outcome === "succeeded" ? { ...opt("ids", e.ids), ...opt("run_id", e.runId) } : {}),
        ...(e.outcome === "failed" ? { error: wireError(e.error) } : {}),
        ...(e.outcome === "skipped" ? { reason: e.reason } : {}),
      };
    case "apply-finished":
      return { type: "apply_finished", counts: { ...e.counts }, interrupted: e.interrupted };
    case "wait-started":
      return { type: "wait_started", runs: e.runs.map((r) => ({ address: r.address, ...opt("run_id", r.runId), timeout_ms: r.timeoutMs })) };
    case "run-status":
      return { type: "run_status", address: e.address, phase: e.phase, vendor_state: e.vendorState, elapsed_ms: e.elapsedMs, changed: e.changed };
    case "run-finished":
      return {
        type: "run_finished",
        address: e.address,
        ...opt("run_id", e.runId),
        verdict: e.verdict,
        message: e.message,
        elapsed_ms: e.elapsedMs,
        ...opt("vendor_state", e.vendorState),
        ...(e.findings ? { findings: { ...e.findings } } : {}),
        ...(e.failOn ? { fail_on: wireFailOn(e.failOn) } : {}),
        ...(e.gates ? { gates: e.gates.map((g) => ({ name: g.name, passed: g.passed, message: g.message })) } : {}),
        ...opt("accepted", e.accepted),
      };
    case "wait-finished":
      return { type: "wait_finished", counts: { ...e.counts } };
  }
}

const wireFailOn = (f: FailOn): JsonObject => ({
  ...opt("severity", f.severity),
  count: f.count,
  ...(f.limits ? { limits: { ...f.limits } } : {}),
  ...(f.rules ? { qids: f.rules.map((r) => (r.from === r.to ? r.from : `${r.from}-${r.to}`)) } : {}),
});

const wireError = (e: { code: string; message: string; hint?: string }): JsonObject => ({ code: e.code, message: e.message, ...opt("hint", e.hint) });

const opt = (key: string, value: JsonValue | undefined): JsonObject => (value === undefined ? {} : { [key]: value });
