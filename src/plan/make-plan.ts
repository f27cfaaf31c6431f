/**
 * The IO shell around the pure diff: read state, observe the vendors, diff. `scanform plan` and
 * `scanform apply` without a saved plan both plan through here.
 */
import type { Address } from "../core/address.js";
import type { CallLimit } from "../http/types.js";
import type { Diagnostic } from "../core/errors.js";
import type { Desired, DesiredResource } from "../manifest/model.js";
import type { StateReader } from "../state/capabilities.js";
import type { StateSnapshot } from "../state/model.js";
import type { Driver, KindInfo, Observation, VendorSession } from "../vendors/driver.js";
import { diff } from "./diff.js";
import { outcomesAhead, type EarlyOutcomes } from "./early-outcomes.js";
import { estimateCalls } from "./estimate.js";
import { observeAll, type ObserveAllResult } from "./observe.js";
import { nextTurn } from "../core/slices.js";
import { applyMoves } from "./moved.js";
import { plannedManifestsAside } from "./planned-manifests.js";
import type { Plan } from "./plan.js";

export interface PlanSources {
  readonly desired: Desired;
  readonly backend: StateReader;
  readonly drivers: ReadonlyMap<string, Driver>;
  readonly connect: (vendor: string) => VendorSession;
  /** Whether a vendor is an emulator (answers on loopback); asked only of vendors observed. */
  readonly emulated?: (vendor: string) => boolean;
  /** A vendor's limit on calls as known once observed (src/plan/estimate.ts); asked only of vendors with calls to make. */
  readonly callLimit?: (vendor: string) => CallLimit | undefined;
}

export interface PlanOptions {
  readonly targets?: readonly Address[];
  readonly refresh?: boolean;
  /** `--allow-mass-recreate` (vanish-policy.ts). */
  readonly allowMassRecreate?: boolean;
  readonly now: Date;
  readonly signal?: AbortSignal;
}

export interface PlanOutcome {
  readonly plan: Plan;
  /** Errors: the plan must not be saved or applied when there is one. */
  readonly diagnostics: readonly Diagnostic[];
  /** The state and observations the plan was made from, for apply to act on. */
  readonly state: StateSnapshot | undefined;
  readonly observations: ReadonlyMap<string, Observation>;
}

export async function makePlan(sources: PlanSources, options: PlanOptions): Promise<PlanOutcome> {
  const refresh = options.refresh ?? true;
  // Reads started ahead are only taken by observe, after the state read: if that read fails, no
  // plan takes their answers, and the calls still to come would spend the vendor's budget for nothing.
  const ahead = new AbortController();
  if (refresh && prefetch(sources, options.signal === undefined ? ahead.signal : AbortSignal.any([options.signal, ahead.signal]))) {
    // A new connection needs a turn of the event loop to open and another for the requests to be
    // written; a state read that parses thousands of entries would otherwise hold them back.
    await nextTurn();
    await nextTurn();
  }
  let state: StateSnapshot | undefined;
  try {
    state = await sources.backend.read();
  } catch (e) {
    ahead.abort();
    throw e;
  }
  // Observe and the diff both read state as the `moved:` blocks rename it: worked out once.
  const movedState = applyMoves(state?.resources ?? {}, sources.desired.moved);
  const kinds = kindsOf(sources.drivers);
  // Each vendor's comparisons, worked out as soon as it has been read while the others still
  // answer (early-outcomes.ts); one still at work when the last vendor answers is left to the diff.
  const workedOut = new Map<string, EarlyOutcomes>();
  let diffing = false;
  const onObserved = (vendor: string, observation: Observation): void => {
    void outcomesAhead({ desired: sources.desired, vendor, observation, movedState, kinds, now: options.now, refresh }, () => diffing).then(
      (outcomes) => void (outcomes === undefined ? undefined : workedOut.set(vendor, outcomes)),
      // The diff works the same outcomes out again, and reports what went wrong there.
      () => undefined,
    );
  };
  const observing = observeAll({
    desired: sources.desired,
    state,
    movedState,
    onObserved,
    drivers: sources.drivers,
    connect: sources.connect,
    refresh,
    ...(options.signal ? { signal: options.signal } : {}),
    objectsFirst: true,
    refusesMassVanish: options.allowMassRecreate !== true,
  });
  // Awaited below, after the digests; a failure meanwhile is not an unhandled rejection.
  observing.catch(() => undefined);
  // Needs no vendor: worked out while they answer rather than after the last answer.
  const manifest = await plannedManifestsAside(sources.desired);
  // From here the diff works out whatever is left; an observe that failed leaves nothing to work out.
  const observed = await observing.finally(() => (diffing = true));
  const planFrom = (o: ObserveAllResult): PlanOutcome => {
    const { plan: made, diagnostics } = diff({
      desired: sources.desired,
      state,
      observations: o.observations,
      kinds,
      ...(options.targets ? { targets: options.targets } : {}),
      now: options.now,
      refresh,
      allowMassRecreate: options.allowMassRecreate === true,
      emulated: new Set([...o.observations.keys()].filter((v) => sources.emulated?.(v) === true)),
      manifest,
      movedState,
      early: workedOut,
    });
    const calls = estimateCalls(made.changes, kinds, sources.callLimit);
    const plan = calls.length === 0 ? made : { ...made, calls };
    // A vendor that could not be read is reported once, not once more for each of its resources.
    const unread = o.diagnostics.length > 0;
    const rest = unread ? diagnostics.filter((d) => d.code !== "PLAN_NOT_OBSERVED") : diagnostics;
    return { plan, diagnostics: [...o.diagnostics, ...rest], state, observations: o.observations };
  };
  // The plan is made from the objects while the vendors finish checks that cannot change them
  // (Qualys' tag names), and made again only in the rare case that those found something.
  const early = planFrom(observed);
  if (observed.complete === undefined) return early;
  const complete = await observed.complete;
  return addsNothing(observed, complete) ? { ...early, observations: complete.observations } : planFrom(complete);
}

/**
 * Lets each vendor the manifests name start the reads they alone call for (VendorSession.prefetch),
 * so those are in flight while state is read: reading thousands of entries takes a good part of a
 * round trip. Only vendors observe will read (a driver with a readable kind).
 */
function prefetch(sources: PlanSources, signal: AbortSignal): boolean {
  let any = false;
  const byVendor = new Map<string, DesiredResource[]>();
  for (const r of sources.desired.resources) {
    const same = byVendor.get(r.vendor);
    if (same === undefined) byVendor.set(r.vendor, [r]);
    else same.push(r);
  }
  for (const [vendor, resources] of byVendor) {
    const driver = sources.drivers.get(vendor);
    if (driver === undefined || !Object.values(driver.kinds).some((k) => k.readable)) continue;
    try {
      const session = sources.connect(vendor);
      if (session.prefetch === undefined) continue;
      session.prefetch(resources, signal);
      any = true;
    } catch {
      // observe connects again and reports why it cannot.
    }
  }
  return any;
}

/** Whether the complete result holds exactly what the early one did: no vendor dropped, no diagnostic added. */
function addsNothing(early: ObserveAllResult, complete: ObserveAllResult): boolean {
  if (complete.diagnostics.length !== early.diagnostics.length || complete.observations.size !== early.observations.size) return false;
  return [...complete.observations].every(([vendor, o]) => o.diagnostics.length === early.observations.get(vendor)?.diagnostics.length);
}

export const kindsOf = (drivers: ReadonlyMap<string, Driver>): ReadonlyMap<string, Readonly<Record<string, KindInfo>>> =>
  new Map([...drivers].map(([vendor, d]) => [vendor, d.kinds]));
