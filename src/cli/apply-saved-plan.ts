/**
 * `apply FILE` applies exactly the saved plan, and only against the world it was made for: the
 * same manifests, the same state serial, and every observed vendor object unchanged. Checked with
 * the lock held, so nothing can move between the check and the apply.
 */
import { ScanformError } from "../core/errors.js";
import { observeAll } from "../plan/observe.js";
import type { Plan } from "../plan/plan.js";
import { checkStale } from "../plan/stale.js";
import type { Observation } from "../vendors/driver.js";
import type { Workspace } from "./workspace.js";

/** Resolves to the observations made for the check (apply hands their ids to drivers); throws PLAN_STALE when stale. */
export async function checkSavedPlan(plan: Plan, ws: Workspace, signal: AbortSignal): Promise<ReadonlyMap<string, Observation>> {
  if (plan.manifestDigest !== ws.desired.digest) {
    throw new ScanformError("PLAN_STALE", "The saved plan is stale: it was made from other manifests than these.", {
      hint: "Pass the manifests the plan was made from, or run `scanform plan --out FILE` again and apply the new file.",
      detail: { planned: plan.manifestDigest, now: ws.desired.digest },
    });
  }
  const state = await ws.backend.read();
  const observed = await observeAll({
    desired: ws.desired,
    state,
    drivers: ws.drivers,
    connect: (vendor) => ws.connect(vendor).session,
    refresh: plan.refreshed !== false,
    signal,
  });
  const failure = observed.diagnostics.find((d) => d.severity === "error");
  if (failure) throw new ScanformError(failure.code, failure.message, failure.hint === undefined ? {} : { hint: failure.hint });
  const stale = checkStale(plan, state, observed.observations);
  if (stale) throw stale;
  return observed.observations;
}
