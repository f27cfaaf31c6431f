/**
 * What `wait` and `status` watch, from the manifests and state: for each managed resource of a
 * pollable kind that state holds, its last launched run (timed from its launch), or, for kinds that
 * are not launched but can be polled, the object's latest state. `apply --wait` watches the same
 * targets, narrowed to what the apply itself set going, so both judge one run alike. Each takes its
 * resource's `wait` policy.
 */
import type { Desired, DesiredResource } from "../manifest/model.js";
import type { StateSnapshot } from "../state/model.js";
import { ownEntry } from "../core/own.js";
import type { Driver, KindInfo } from "../vendors/driver.js";
import type { StepRef, StepResult } from "./events.js";
import { DEFAULT_WAIT_TIMEOUT_MS, type WaitTarget } from "./wait.js";

export function stateTargets(desired: Desired, state: StateSnapshot | undefined, drivers: ReadonlyMap<string, Driver>): WaitTarget[] {
  return desired.resources.flatMap((r): WaitTarget[] => {
    const kind = kindOf(drivers, r.vendor, r.kind);
    const entry = state?.resources[r.address];
    if (r.mode !== "managed" || !kind?.pollable || !entry) return [];
    const run = entry.lastRun;
    if (kind.launchable && !run) return [];
    return [
      {
        ...policy(r, desired),
        address: r.address,
        vendor: r.vendor,
        kind: r.kind,
        ids: entry.ids,
        ...(run ? { runId: run.id, since: new Date(run.launchedAt) } : {}),
      },
    ];
  });
}

/**
 * What `apply --wait` watches: the targets `wait` would watch in the state the apply left, of the
 * steps that succeeded and either launched a run or changed an object that runs by itself while
 * switched on (a Hexiosec scan), whose latest iteration is then its run.
 */
export function appliedTargets(steps: readonly (StepRef & StepResult)[], desired: Desired, state: StateSnapshot | undefined, drivers: ReadonlyMap<string, Driver>): WaitTarget[] {
  const setGoing = new Set(
    steps.filter((s) => s.outcome === "succeeded" && (s.runId !== undefined || kindOf(drivers, s.vendor, s.kind)?.launchable === false)).map((s) => s.address),
  );
  return stateTargets(desired, state, drivers).filter((t) => setGoing.has(t.address));
}

const policy = (r: DesiredResource, desired: Desired): Pick<WaitTarget, "timeoutMs" | "failOn" | "acceptances" | "source"> => {
  const acceptances = (desired.acceptances ?? []).filter((a) => a.vendor === r.vendor);
  return {
    timeoutMs: r.wait?.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS,
    ...(r.wait?.failOn ? { failOn: r.wait.failOn } : {}),
    ...(acceptances.length === 0 ? {} : { acceptances }),
    source: r.source,
  };
};

// A kind word from a manifest or a saved plan: only a kind the driver has, never one Object's prototype lends.
function kindOf(drivers: ReadonlyMap<string, Driver>, vendor: string, kind: string): KindInfo | undefined {
  const driver = drivers.get(vendor);
  return driver === undefined ? undefined : ownEntry(driver.kinds, kind);
}
