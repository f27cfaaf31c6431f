/**
 * `apply FILE` applies exactly the saved plan, and only against the world it was made for: the
 * same manifests, the same state serial, and every observed vendor object unchanged. Checked with
 * the lock held, so nothing can move between the check and the apply.
 */
import { manifestSpecs, previewSettlement, type SettleResult } from "../apply/journal/settle.js";
import { ScanformError } from "../core/errors.js";
import { observeAll } from "../plan/observe.js";
import type { Plan } from "../plan/plan.js";
import { diff } from "../plan/diff.js";
import { kindsOf } from "../plan/make-plan.js";
import { checkReproduced, checkStale } from "../plan/stale.js";
import { otherManifests } from "../plan/planned-manifests.js";
import type { Observation } from "../vendors/driver.js";
import type { Workspace } from "./workspace.js";

export interface SavedPlanCheck {
  /** The observations made for the check (apply hands their ids to drivers). */
  readonly observations: ReadonlyMap<string, Observation>;
  /**
   * The journal as read back for the check, not yet recorded: the caller records it once the check
   * has passed. Absent for a plan made with --refresh=false, which assumed nothing about the
   * journal; apply then settles it itself and refuses a create or launch that turns out to have landed.
   */
  readonly settled?: SettleResult;
}

/**
 * Throws PLAN_STALE when stale. A refreshed plan was made, as `scanform plan` makes it, against the
 * state as settling the open journal would leave it; it is checked against the same, read back now.
 * The serial compared is the stored one: the preview writes nothing, so a plan saved before a
 * killed apply's entry was settled is not stale for that reason, and if the read-back now differs
 * from the plan's (the object vanished, or appeared), the fingerprints say so.
 */
export async function checkSavedPlan(plan: Plan, ws: Workspace, signal: AbortSignal, now: () => Date): Promise<SavedPlanCheck> {
  const other = otherManifests(plan, ws.desired);
  if (other) throw other;
  const connect = (vendor: string) => ws.connect(vendor).session;
  const refresh = plan.refreshed !== false;
  const preview = refresh ? await previewSettlement(ws.backend, connect, { now, signal, specs: manifestSpecs(ws.desired, ws.drivers) }) : undefined;
  const stored = preview ? preview.stored : await ws.backend.read();
  const observed = await observeAll({ desired: ws.desired, state: preview ? preview.state : stored, drivers: ws.drivers, connect, refresh, signal });
  const failure = observed.diagnostics.find((d) => d.severity === "error");
  if (failure) throw new ScanformError(failure.code, failure.message, failure.hint === undefined ? {} : { hint: failure.hint });
  const stale = checkStale(plan, stored, observed.observations);
  if (stale) throw stale;
  // Planned again from what was just read, at the plan's own time (a day-dependent decision, such as
  // a one-off start now past, comes out as it did), and every saved change must be among its changes.
  const made = new Date(plan.createdAt);
  const fresh = diff({
    desired: ws.desired,
    state: preview ? preview.state : stored,
    observations: observed.observations,
    kinds: kindsOf(ws.drivers),
    now: Number.isNaN(made.getTime()) ? now() : made,
    refresh,
  }).plan;
  const foreign = checkReproduced(plan, fresh);
  if (foreign) throw foreign;
  return { observations: observed.observations, ...(preview ? { settled: preview.settled } : {}) };
}
