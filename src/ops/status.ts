/**
 * status: ask each vendor once how the runs scanform last launched (and the pollable objects it
 * manages) are doing. Reads state, never takes the lock; a status that cannot be read is a row
 * with its error.
 */
import { stateTargets } from "../apply/run-targets.js";
import { readStatuses, type StatusRow } from "../apply/status.js";
import type { Workspace } from "./workspace.js";

/**
 * `now` dates the verdicts: an accepted risk past its expiry no longer excuses a finding. Rejects
 * with LAUNCH_UNRECORDED (stateTargets) while a launch of one of these resources is open in the journal.
 */
export async function statusOperation(ws: Workspace, now: () => Date = () => new Date()): Promise<readonly StatusRow[]> {
  const targets = stateTargets(ws.desired, await ws.backend.read(), ws.drivers);
  return targets.length === 0 ? [] : readStatuses(targets, (vendor) => ws.connect(vendor).session, now());
}
