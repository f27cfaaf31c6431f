/**
 * The debug trace: one line per attempt (method, path, status or failure, attempt, time) and one
 * per retry decision, as text or as JSON lines. Lines pass through the redactor before they reach
 * the sink.
 */
import { badVariable } from "../core/errors.js";
import type { Redactor } from "./redact.js";

export type LogSink = (line: string) => void;
export type TraceFormat = "text" | "json";

/**
 * `--debug` or SCANFORM_LOG=debug turns the text trace on, SCANFORM_LOG=json the JSON-lines trace
 * (with or without --debug); undefined: off. Any other value is refused rather than ignored, so a
 * CI job that misspells it learns why it got no trace.
 */
export function traceFormat(env: Readonly<Record<string, string | undefined>>, flag = false): TraceFormat | undefined {
  const raw = env["SCANFORM_LOG"];
  const value = raw?.trim().toLowerCase() ?? "";
  if (value === "json") return "json";
  if (value === "debug") return "text";
  if (raw !== undefined && value !== "") throw badVariable("SCANFORM_LOG", raw, "expected debug (the trace as text) or json (the trace as JSON lines), in any case (unset it for no trace)");
  return flag ? "text" : undefined;
}

export interface AttemptTrace {
  readonly vendor: string;
  readonly operation: string;
  readonly method: string;
  readonly target: string;
  readonly attempt: number;
  readonly ms: number;
  /** HTTP status, or the failure code (HTTP_TIMEOUT ...). */
  readonly result: number | string;
}

export function attemptLine(t: AttemptTrace): string {
  return `http ${t.vendor} ${t.method} ${t.target} -> ${t.result} attempt=${t.attempt} ${Math.round(t.ms)}ms op=${t.operation}`;
}

export interface RetryTrace {
  readonly vendor: string;
  readonly operation: string;
  readonly waitMs: number;
  readonly why: string;
  readonly budgetLeft: number;
}

export function retryLine(t: RetryTrace): string {
  return `http ${t.vendor} retry op=${t.operation} in ${Math.round(t.waitMs)}ms (${t.why}), ${t.budgetLeft} retries left in the run`;
}

export type TraceEvent = ({ readonly event: "attempt" } & AttemptTrace) | ({ readonly event: "retry" } & RetryTrace);

/**
 * One JSON object per line. Every string field is masked on its own, before JSON escapes it (a
 * secret with a quote would no longer match once escaped); times are whole milliseconds.
 */
export function traceJson(e: TraceEvent, redact: Redactor): string {
  const { event, ...rest } = e;
  const fields = Object.entries(rest).map(([k, v]) => [k, typeof v === "string" ? redact(v) : typeof v === "number" ? Math.round(v) : v]);
  return JSON.stringify({ type: `http.${event}`, ...Object.fromEntries(fields) });
}

export function createTrace(sink: LogSink | undefined, redact: Redactor, format: TraceFormat = "text"): (e: TraceEvent) => void {
  if (sink === undefined) return () => undefined;
  if (format === "json") return (e) => sink(traceJson(e, redact));
  return (e) => sink(redact(e.event === "attempt" ? attemptLine(e) : retryLine(e)));
}
