/**
 * status: ask each vendor once how the runs scanform last launched (and the pollable objects it
 * manages) are doing. Reads state, never takes the lock; a status that cannot be read is a row
 * with its error.
 */
import { stateTargets } from "../apply/run-targets.js";
import { readStatuses, type StatusRow } from "../apply/status.js";
import { liveHolder } from "./in-flight.js";
import type { Workspace } from "./workspace.js";

/**
 * `now` dates the verdicts: an accepted risk past its expiry no longer excuses a finding. Rejects
 * with LAUNCH_UNRECORDED (stateTargets) while a launch of one of these resources is open in the
 * journal, unless the apply holding the lock opened it: then the rows are the runs state holds.
 */
export async function statusOperation(ws: Workspace, now: () => Date = () => new Date()): Promise<readonly StatusRow[]> {
  // Read before the state: an apply that took the lock since would show its entries as left over.
  const holder = await liveHolder(ws.backend);
  const targets = stateTargets(ws.desired, await ws.backend.read(), ws.drivers, holder === undefined ? {} : { holder });
  return targets.length === 0 ? [] : readStatuses(targets, (vendor) => ws.connect(vendor).session, now());
}
