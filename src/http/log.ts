/**
 * The debug trace: one line per attempt (method, path, status or failure, attempt, time) and one
 * per retry decision. Lines pass through the redactor before they reach the sink.
 */
import type { Redactor } from "./redact.js";

export type LogSink = (line: string) => void;

/** `--debug` or SCANFORM_LOG=debug turns the trace on. */
export const debugEnabled = (env: Readonly<Record<string, string | undefined>>, flag = false): boolean =>
  flag || env.SCANFORM_LOG?.toLowerCase() === "debug";

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

export function retryLine(t: { readonly vendor: string; readonly operation: string; readonly waitMs: number; readonly why: string; readonly budgetLeft: number }): string {
  return `http ${t.vendor} retry op=${t.operation} in ${Math.round(t.waitMs)}ms (${t.why}), ${t.budgetLeft} retries left in the run`;
}

export function createTrace(sink: LogSink | undefined, redact: Redactor): LogSink {
  return sink === undefined ? () => undefined : (line) => sink(redact(line));
}
