/**
 * One poll of every target, for `scanform status`: what each vendor says now, or why it could not
 * say, and the verdict `wait` would give a finished run (its `failOn` judged on the findings, less
 * accepted risks), so a run that finished with findings over the gate never reads as a success.
 */
import { utcDay } from "../core/day.js";
import type { RunStatus, VendorSession } from "../vendors/driver.js";
import type { StepError } from "./events.js";
import { errorInfo } from "./step-error.js";
import { judgeRun, type WaitTarget } from "./wait.js";
import type { Verdict } from "./wait-events.js";

export type StatusRow = { readonly target: WaitTarget } & (
  | {
      readonly status: RunStatus;
      /** Absent while the run is going, or its findings are not in yet. */
      readonly verdict?: Verdict;
    }
  | { readonly error: StepError }
);

export function readStatuses(targets: readonly WaitTarget[], sessions: (vendor: string) => VendorSession, now: Date, signal?: AbortSignal): Promise<StatusRow[]> {
  const today = utcDay(now);
  return Promise.all(
    targets.map(async (target): Promise<StatusRow> => {
      try {
        const status = await statusOf(target, sessions, signal);
        const judged = judgeRun(status, target, today);
        return { target, status, ...(judged === undefined ? {} : { verdict: judged.verdict }) };
      } catch (e) {
        return { target, error: errorInfo(e) };
      }
    }),
  );
}

export function statusOf(target: WaitTarget, sessions: (vendor: string) => VendorSession, signal?: AbortSignal): Promise<RunStatus> {
  const run = { address: target.address, kind: target.kind, ids: target.ids, ...(target.runId === undefined ? {} : { runId: target.runId }) };
  return sessions(target.vendor).status(run, signal);
}
