/**
 * The plan and apply flow of `scanform apply` (without a saved plan) as a benchmark drives it: the
 * same makePlan and applyPlan, real drivers, one session per vendor shared by plan and apply (as a
 * workspace connects once), default parallelism. Anything short of a clean plan or a fully
 * succeeded apply throws: a figure from a broken run would measure nothing.
 */
import { randomUUID } from "node:crypto";
import { setMaxListeners } from "node:events";
import type { ApplyResult } from "../src/apply/engine.js";
import type { StateAccess } from "../src/apply/state-log.js";
import type { Address } from "../src/core/address.js";
import type { Desired } from "../src/manifest/model.js";
import type { ActionCounts } from "../src/plan/action.js";
import type { PlanOutcome } from "../src/plan/make-plan.js";
import type { StateReader } from "../src/state/capabilities.js";
import type { Ids, VendorSession } from "../src/vendors/driver.js";
import type { BenchConnections } from "./connect.js";
import { validDesired } from "./manifest.js";
import { DEFAULT_PARALLELISM, applyPlan, countActions, drivers, loadDesired, makePlan } from "./scanform.js";

export async function loadManifests(dir: string): Promise<Desired> {
  return validDesired(await loadDesired([dir], { cwd: dir }));
}

/** Sessions connected on first use and kept, as a workspace does. */
export function sessionsOf(connections: BenchConnections): (vendor: string) => VendorSession {
  const open = new Map<string, VendorSession>();
  return (vendor) => {
    let session = open.get(vendor);
    if (session === undefined) open.set(vendor, (session = connections.connect(vendor)));
    return session;
  };
}

export async function planOnce(desired: Desired, backend: StateReader, connections: BenchConnections, sessions: (vendor: string) => VendorSession): Promise<PlanOutcome> {
  const made = await makePlan({ desired, backend, drivers: connections.drivers, connect: sessions }, { now: new Date() });
  if (made.diagnostics.length > 0) throw new Error(`the plan has errors: ${made.diagnostics.slice(0, 3).map((d) => `${d.code} ${d.message}`).join("; ")}`);
  return made;
}

export const actionsOf = (made: PlanOutcome): ActionCounts => countActions(made.plan.changes.map((c) => c.action));

export async function applyOnce(made: PlanOutcome, state: StateAccess, sessions: (vendor: string) => VendorSession): Promise<ApplyResult> {
  const observed = new Map<Address, Ids>();
  for (const o of made.observations.values()) for (const x of o.objects) observed.set(x.address, x.ids);
  const signal = new AbortController().signal;
  const force = new AbortController().signal;
  // Every call in flight listens on these; thousands of queued steps are expected here.
  setMaxListeners(0, signal, force);
  const result = await applyPlan(made.plan, {
    sessions,
    state,
    emit: () => undefined,
    parallelism: DEFAULT_PARALLELISM,
    // As `scanform apply` gives them (src/ops/apply.ts): each vendor's steps pooled by its own cap.
    vendorLimits: new Map([...drivers].map(([vendor, driver]) => [vendor, driver.concurrency])),
    signal,
    forceSignal: force,
    now: () => new Date(),
    newId: randomUUID,
    knownIds: (a) => observed.get(a),
  });
  const bad = result.steps.filter((s) => s.outcome !== "succeeded");
  if (bad.length > 0) {
    const first = bad[0]!;
    const why = first.outcome === "failed" ? `${first.error.code} ${first.error.message}` : first.outcome === "skipped" ? first.reason : "";
    throw new Error(`${bad.length} of ${result.steps.length} apply steps did not succeed; first: ${first.address}: ${why}`);
  }
  return result;
}
