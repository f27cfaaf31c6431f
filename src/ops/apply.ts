/**
 * apply: make the vendors match the manifests. Holding the state lock from before the plan to the
 * end, it checks every vendor's credentials, settles the crash journal, then either checks a saved plan against the world it was made
 * for, or plans afresh and asks `approve`; applies; and with `wait` waits for the runs it launched.
 * Everything it does is reported as events; the outcome is data, and exit codes are the caller's.
 */
import { applyPlan, type ApplyResult } from "../apply/engine.js";
import { stamper, type ApplyEvent, type Sink } from "../apply/events.js";
import { manifestSpecs, recordSettlements, settleJournal, settlementEvents, type SettleResult } from "../apply/journal/settle.js";
import { appliedTargets } from "../apply/run-targets.js";
import type { WaitSink } from "../apply/wait-events.js";
import { waitForRuns, type WaitResult } from "../apply/wait.js";
import type { Address } from "../core/address.js";
import type { Diagnostic } from "../core/errors.js";
import { makePlan } from "../plan/make-plan.js";
import type { Plan } from "../plan/plan.js";
import { hasChanges } from "../plan/summary.js";
import type { LockInfo } from "../state/capabilities.js";
import type { LockRequest } from "../state/lock-info.js";
import { versionOf } from "../state/snapshot.js";
import type { Ids, Observation } from "../vendors/driver.js";
import { checkCredentials, credentialFailures, vendorsInUse } from "./credentials.js";
import { withLock } from "./lock.js";
import { checkSavedPlan } from "./saved-plan.js";
import { checkStillHeld } from "./still-held.js";
import { callLimitOf, onLoopback, type Workspace } from "./workspace.js";

export interface ApplyOptions {
  /** Apply exactly this saved plan (refused with PLAN_STALE when the world moved); plan afresh when absent. */
  readonly saved?: Plan;
  readonly parallelism: number;
  /** Requests each vendor takes at once, which its steps are pooled by (ApplyDeps.vendorLimits); default each driver's own cap. */
  readonly vendorLimits?: ReadonlyMap<string, number>;
  readonly lock: LockRequest;
  readonly lockTimeoutMs: number;
  /** Wait for the runs the apply launched, polling this often. */
  readonly wait?: { readonly pollIntervalMs: number; readonly pollMaxIntervalMs?: number };
  /** For the plan apply makes (ignored with `saved`): only these addresses and what they need; all when empty. */
  readonly targets?: readonly string[];
  /** For the plan apply makes: false compares with state only, reading no vendor object. */
  readonly refresh?: boolean;
  /** `--allow-mass-recreate`, for the plan apply makes (src/plan/vanish-policy.ts). */
  readonly allowMassRecreate?: boolean;
}

export interface ApplyIO {
  readonly now: () => Date;
  readonly newId: () => string;
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Aborted to stop after the steps in flight. */
  readonly stop: AbortSignal;
  /** Aborted to cut vendor calls short; their journal entries stay open. */
  readonly force: AbortSignal;
  /** Journal settlements and every apply event. */
  readonly emit: Sink;
  readonly emitWait: WaitSink;
  /** The fresh plan, once made (never called for a saved plan). */
  readonly planned?: (plan: Plan) => void;
  /** Asked only when a fresh plan has changes; false cancels with nothing changed. */
  readonly approve: (plan: Plan) => Promise<boolean>;
}

export type ApplyOutcome =
  | { readonly kind: "invalid"; readonly diagnostics: readonly Diagnostic[] }
  | { readonly kind: "no-changes"; readonly plan: Plan; readonly settled: SettleResult }
  | { readonly kind: "cancelled"; readonly plan: Plan }
  | { readonly kind: "applied"; readonly plan: Plan; readonly result: ApplyResult; readonly waited?: WaitResult };

export function applyOperation(ws: Workspace, options: ApplyOptions, io: ApplyIO): Promise<ApplyOutcome> {
  return withLock(ws.backend, options.lock, options.lockTimeoutMs, (held, lost) => applyLocked(ws, options, io, held, lost));
}

async function applyLocked(ws: Workspace, options: ApplyOptions, io: ApplyIO, held: LockInfo, lockLost: AbortSignal | undefined): Promise<ApplyOutcome> {
  const { now } = io;
  const sessions = (vendor: string) => ws.connect(vendor).session;
  const specs = manifestSpecs(ws.desired, ws.drivers);
  const report = (s: SettleResult): void => {
    const stamped = stamper<ApplyEvent>(io.emit, now);
    for (const e of settlementEvents(s)) stamped(e);
  };
  let plan: Plan;
  let observations: ReadonlyMap<string, Observation>;
  let settled: SettleResult | undefined;
  const refused = credentialFailures(await checkCredentials(ws, await vendorsInUse(ws), io.stop));
  if (refused.length > 0) return { kind: "invalid", diagnostics: refused };
  if (options.saved) {
    const checked = await checkSavedPlan(options.saved, ws, io.stop, now);
    observations = checked.observations;
    plan = options.saved;
    // Recorded only now that the check has passed: these writes move the serial the plan names.
    if (checked.settled) {
      settled = checked.settled;
      await recordSettlements(ws.backend, settled, now, specs);
      report(settled);
    }
  } else {
    // Settled before planning, so the plan sees what an interrupted run left behind.
    settled = await settleJournal(await ws.backend.pending(), sessions, ws.backend, { now, signal: io.force, specs });
    report(settled);
    const made = await makePlan({ desired: ws.desired, backend: ws.backend, drivers: ws.drivers, connect: sessions, emulated: onLoopback(ws), ...callLimitOf(ws) }, {
      now: now(),
      signal: io.stop,
      targets: options.targets ?? [],
      refresh: options.refresh !== false,
      allowMassRecreate: options.allowMassRecreate === true,
    });
    if (made.diagnostics.length > 0) return { kind: "invalid", diagnostics: made.diagnostics };
    plan = made.plan;
    observations = made.observations;
    io.planned?.(plan);
    if (!hasChanges(plan)) return { kind: "no-changes", plan, settled };
    if (!(await io.approve(plan))) return { kind: "cancelled", plan };
  }
  // A saved plan's settlements were just recorded, moving the serial; a fresh plan was made against plan.state.
  const expected = options.saved ? await ws.backend.read().then((s) => s && versionOf(s)) : plan.state;
  await checkStillHeld(ws.backend, held, expected);
  lockLost?.throwIfAborted();
  const result = await applyPlan(plan, {
    sessions,
    state: ws.backend,
    emit: io.emit,
    parallelism: options.parallelism,
    vendorLimits: options.vendorLimits ?? new Map([...ws.drivers].map(([vendor, driver]) => [vendor, driver.concurrency])),
    signal: io.stop,
    forceSignal: io.force,
    ...(lockLost === undefined ? {} : { lockLost }),
    now,
    newId: io.newId,
    knownIds: observedIds(observations),
    ...(settled ? { settled } : {}),
  });
  // Its steps' results are reported already; what is left to say is why the rest did not run.
  lockLost?.throwIfAborted();
  if (!options.wait || result.interrupted) return { kind: "applied", plan, result };
  const targets = appliedTargets(result.steps, ws.desired, await ws.backend.read(), ws.drivers);
  if (targets.length === 0) return { kind: "applied", plan, result };
  const waited = await waitForRuns(targets, {
    sessions,
    emit: io.emitWait,
    now,
    sleep: io.sleep,
    pollIntervalMs: options.wait.pollIntervalMs,
    ...(options.wait.pollMaxIntervalMs === undefined ? {} : { pollMaxIntervalMs: options.wait.pollMaxIntervalMs }),
    signal: io.stop,
  });
  return { kind: "applied", plan, result, waited };
}

/** Ids of every observed object by address, for drivers that need a data resource's ids (a profile's). */
const observedIds = (observations: ReadonlyMap<string, Observation>): ((a: Address) => Ids | undefined) => {
  const ids = new Map([...observations.values()].flatMap((o) => o.objects.map((x) => [x.address, x.ids] as const)));
  return (a) => ids.get(a);
};
