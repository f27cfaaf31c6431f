/** One poll of every target, for `scanform status`: what each vendor says now, or why it could not say. */
import type { RunStatus, VendorSession } from "../vendors/driver.js";
import type { StepError } from "./events.js";
import { errorInfo } from "./step-error.js";
import type { WaitTarget } from "./wait.js";

export type StatusRow = { readonly target: WaitTarget } & ({ readonly status: RunStatus } | { readonly error: StepError });

export function readStatuses(targets: readonly WaitTarget[], sessions: (vendor: string) => VendorSession, signal?: AbortSignal): Promise<StatusRow[]> {
  return Promise.all(
    targets.map(async (target): Promise<StatusRow> => {
      try {
        return { target, status: await statusOf(target, sessions, signal) };
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
