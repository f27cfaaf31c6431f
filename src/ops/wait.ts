/**
 * wait: wait for the runs scanform last launched (and the latest state of pollable objects that are
 * not launched) to finish, then judge them against each resource's `wait.timeout` and `failOn`.
 * Reads state, never takes the lock.
 */
import { stateTargets } from "../apply/run-targets.js";
import { waitForRuns, type WaitDeps, type WaitResult } from "../apply/wait.js";
import { liveHolder } from "./in-flight.js";
import type { Workspace } from "./workspace.js";

/** Everything waiting needs but the vendor sessions, which the workspace gives. */
export type WaitIO = Omit<WaitDeps, "sessions">;

/**
 * Undefined when there is nothing to wait for: no run launched, nothing pollable. Rejects with
 * LAUNCH_UNRECORDED (stateTargets) while a launch of one of these resources is open in the journal,
 * or LAUNCH_IN_FLIGHT when the apply holding the lock opened it and is launching now.
 */
export async function waitOperation(ws: Workspace, io: WaitIO): Promise<WaitResult | undefined> {
  const holder = await liveHolder(ws.backend);
  const targets = stateTargets(ws.desired, await ws.backend.read(), ws.drivers, { waiting: true, ...(holder === undefined ? {} : { holder }) });
  if (targets.length === 0) return undefined;
  return waitForRuns(targets, { sessions: (vendor) => ws.connect(vendor).session, ...io });
}
