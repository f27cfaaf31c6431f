/**
 * What `wait` and `status` watch, from the manifests and state: for each managed resource of a
 * pollable kind that state holds, its last launched run (timed from its launch), or, for kinds that
 * are not launched but can be polled, the object's latest state. `apply --wait` watches exactly the
 * runs the apply launched. Each takes its resource's `wait` policy.
 */
import type { Desired, DesiredResource } from "../manifest/model.js";
import type { StateSnapshot } from "../state/model.js";
import type { Driver } from "../vendors/driver.js";
import type { LaunchedRun } from "./engine.js";
import { DEFAULT_WAIT_TIMEOUT_MS, type WaitTarget } from "./wait.js";

export function stateTargets(desired: Desired, state: StateSnapshot | undefined, drivers: ReadonlyMap<string, Driver>): WaitTarget[] {
  return desired.resources.flatMap((r): WaitTarget[] => {
    const kind = drivers.get(r.vendor)?.kinds[r.kind];
    const entry = state?.resources[r.address];
    if (r.mode !== "managed" || !kind?.pollable || !entry) return [];
    const run = entry.lastRun;
    if (kind.launchable && !run) return [];
    return [
      {
        ...policy(r),
        address: r.address,
        vendor: r.vendor,
        kind: r.kind,
        ids: entry.ids,
        ...(run ? { runId: run.id, since: new Date(run.launchedAt) } : {}),
      },
    ];
  });
}

export function launchedTargets(runs: readonly LaunchedRun[], desired: Desired): WaitTarget[] {
  const byAddress = new Map(desired.resources.map((r) => [r.address, r]));
  return runs.map((run) => {
    const r = byAddress.get(run.address);
    return { ...(r ? policy(r) : { timeoutMs: DEFAULT_WAIT_TIMEOUT_MS }), address: run.address, vendor: run.vendor, kind: run.kind, ids: run.ids, runId: run.runId };
  });
}

const policy = (r: DesiredResource): Pick<WaitTarget, "timeoutMs" | "failOn"> => ({
  timeoutMs: r.wait?.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS,
  ...(r.wait?.failOn ? { failOn: r.wait.failOn } : {}),
});
