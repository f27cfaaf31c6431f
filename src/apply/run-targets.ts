/**
 * What `wait` and `status` watch, from the manifests and state: for each managed resource of a
 * pollable kind that state holds, its last launched run (timed from its launch), or, for kinds that
 * are not launched but can be polled, the object's latest state. `apply --wait` watches the same
 * targets, narrowed to what the apply itself set going, so both judge one run alike. Each takes its
 * resource's `wait` policy.
 */
import { ScanformError } from "../core/errors.js";
import type { Desired, DesiredResource } from "../manifest/model.js";
import type { LockInfo } from "../state/capabilities.js";
import { formatHolder, openedBy } from "../state/lock-info.js";
import type { JournalEntry, StateSnapshot } from "../state/model.js";
import { ownEntry } from "../core/own.js";
import type { Driver, Ids, KindInfo } from "../vendors/driver.js";
import type { StepRef, StepResult } from "./events.js";
import { DEFAULT_WAIT_TIMEOUT_MS, type WaitTarget } from "./wait.js";

export const LAUNCH_UNRECORDED = "APPLY_LAUNCH_UNRECORDED";

/**
 * Throws LAUNCH_UNRECORDED when a launch of a resource asked about is still open in the journal:
 * its run is not in state, so the run state holds (if any) is an older one, and judging that, or
 * finding nothing to judge, would pass a job whose latest scan may have failed.
 */
export function stateTargets(desired: Desired, state: StateSnapshot | undefined, drivers: ReadonlyMap<string, Driver>, live: LiveApply = {}): WaitTarget[] {
  const asked = new Set(desired.resources.map((r) => r.address));
  const open = (state?.journal ?? []).filter((e) => e.operation === "launch" && asked.has(e.address));
  // A launch the apply holding the lock opened is a call in flight, not a crash's leftover.
  const inFlight = open.filter(openedBy(live.holder));
  const leftover = open.filter((e) => !inFlight.includes(e));
  if (leftover.length > 0) throw launchUnrecorded(leftover, state?.resources[leftover[0]!.address]?.ids);
  if (inFlight.length > 0 && live.waiting === true && live.holder !== undefined) throw launchInFlight(inFlight, live.holder);
  return targetsIn(desired, state, drivers);
}

/**
 * The apply holding the lock, if it is alive (`liveHolder`), and whether the caller waits on the
 * runs: `status` shows the runs state holds while that apply launches; `wait` cannot judge a run
 * that apply has not recorded yet, and says who is launching it.
 */
export interface LiveApply {
  readonly holder?: LockInfo;
  readonly waiting?: boolean;
}

export const LAUNCH_IN_FLIGHT = "APPLY_LAUNCH_IN_FLIGHT";

function launchInFlight(open: readonly JournalEntry[], holder: LockInfo): ScanformError {
  const addresses = [...new Set(open.map((e) => e.address))];
  return new ScanformError(LAUNCH_IN_FLIGHT, `${addresses.join(", ")}: a launch is in flight from the apply running now (${formatHolder(holder)}), which has not recorded its run yet.`, {
    hint: "Wait once that apply has ended, or let it wait itself (`apply --wait`).",
    detail: { addresses, entries: open.map((e) => e.id) },
  });
}

function targetsIn(desired: Desired, state: StateSnapshot | undefined, drivers: ReadonlyMap<string, Driver>): WaitTarget[] {
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
  // No journal check: the apply settled the journal under its lock, and an entry still open is one it
  // could not read back and so did nothing for, which keeps that address out of `setGoing`.
  return targetsIn(desired, state, drivers).filter((t) => setGoing.has(t.address));
}

/** `held`: the ids state records for the first entry's resource, filled into the resolve command. */
function launchUnrecorded(open: readonly JournalEntry[], held: Ids | undefined): ScanformError {
  const first = open[0]!;
  const scanId = (held && Object.values(held)[0]) ?? "SCAN_ID";
  const addresses = [...new Set(open.map((e) => e.address))];
  const each = open.map((e) => `${e.address}: a launch sent at ${e.startedAt} (journal entry ${e.id}) was never recorded`).join("; ");
  return new ScanformError(
    LAUNCH_UNRECORDED,
    `${each}. scanform cannot judge a run it has not recorded, and any run the state holds is older: an apply is launching now, or one was stopped before it recorded the run.`,
    {
      hint: `Once no apply is running, run \`scanform apply\`, which reads the launch back and records its run (and applies what the plan shows), then \`scanform wait\` again; or record the run the ${first.vendor} console shows with \`scanform state journal resolve ${first.id} --landed ${scanId} --run RUN_ID\`.`,
      detail: { addresses, entries: open.map((e) => e.id) },
    },
  );
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
