/**
 * The apply engine: a Plan's steps run as a dependency graph, each vendor's steps in a pool of its
 * own, after the crash journal is settled. Vendors are independent services, so one vendor's steps
 * never wait behind another's: a shared pool let a vendor with many steps (10,000 Hexiosec seeds)
 * hold the slots a rate-limited one (Cortex) needed, and the apply took twice its bound. It reports only through events; the
 * result repeats what the events said, for callers that go on to wait for what it set going.
 *
 * Stopping: when `signal` aborts, steps already started run to their end (their calls finish and
 * their state is written) and nothing new starts; the rest are skipped. `forceSignal`, when given,
 * is what drivers see: aborting it cuts in-flight calls short (their journal entries stay open and
 * are settled next run).
 */
import { setMaxListeners } from "node:events";
import pLimit, { type LimitFunction } from "p-limit";
import type { Address } from "../core/address.js";
import { touchesVendor as actionTouchesVendor } from "../plan/action.js";
import { errorInfo } from "./step-error.js";
import type { Plan } from "../plan/plan.js";
import type { Ids, VendorSession } from "../vendors/driver.js";
import { stamper, type ApplyEvent, type Outcome, type Sink, type StepRef, type StepResult } from "./events.js";
import { buildGraph } from "./graph.js";
import { settleJournal, settlementEvents, type Settlement, type SettleResult } from "./journal/settle.js";
import { preflight } from "./preflight.js";
import { runStep } from "./run-step.js";
import { StateLog, type StateAccess } from "./state-log.js";
import type { StepEnv } from "./step-env.js";
import { planSteps, type Step } from "./steps.js";

export const DEFAULT_PARALLELISM = 10;

/**
 * Steps of a vendor in flight per request it takes at once. After its call a step still writes
 * state (the driver's checkpoint, then the answer with its journal entry's close: two durable
 * writes, a few ms each); a second step per request slot makes its call meanwhile, so the vendor's
 * slots never idle behind state writes. Journal entries are opened only inside a request slot, so
 * the extra steps open none early.
 */
export const STEPS_PER_REQUEST_SLOT = 2;

export interface ApplyDeps {
  readonly sessions: (vendor: string) => VendorSession;
  readonly state: StateAccess;
  readonly emit: Sink;
  /** Steps of one vendor in flight at once (`--parallelism`). */
  readonly parallelism: number;
  /**
   * Requests a vendor takes at once (its driver's `concurrency`, which its HTTP client keeps to).
   * A vendor listed runs at most STEPS_PER_REQUEST_SLOT × this many steps (and never more than
   * `parallelism`); one not listed is bounded by `parallelism` alone.
   */
  readonly vendorLimits?: ReadonlyMap<string, number>;
  readonly signal: AbortSignal;
  readonly forceSignal?: AbortSignal;
  /** Aborts when the state lock is lost under the apply (LockHandle.lost): nothing new starts, no journal entry is opened. */
  readonly lockLost?: AbortSignal;
  readonly now: () => Date;
  readonly newId: () => string;
  /** Ids of addresses that neither the plan's changes nor state hold (data resources the plan observed). */
  readonly knownIds?: (address: Address) => Ids | undefined;
  /**
   * The caller settled the journal already, and reported it (apply without a saved plan settles
   * before it plans, so the plan sees what landed). Apply neither settles nor reports it again, but
   * still refuses the steps at addresses whose entries stay open.
   */
  readonly settled?: SettleResult;
}

export interface ApplyResult {
  readonly steps: readonly (StepRef & StepResult)[];
  readonly counts: Readonly<Record<Outcome, number>>;
  readonly settlements: readonly Settlement[];
  readonly interrupted: boolean;
}

export async function applyPlan(plan: Plan, deps: ApplyDeps): Promise<ApplyResult> {
  const emit = stamper<ApplyEvent>(deps.emit, deps.now);
  const steps = planSteps(plan);
  const graph = buildGraph(steps);
  emit({ type: "apply-started", steps: steps.map(ref) });

  const after = new Map(plan.changes.map((c) => [c.address, c.after ?? undefined]));
  let settled = deps.settled;
  if (!settled) {
    settled = await settleJournal(await deps.state.pending(), deps.sessions, deps.state, {
      now: deps.now,
      specs: (a) => after.get(a),
      ...(deps.forceSignal ? { signal: deps.forceSignal } : {}),
    });
    for (const e of settlementEvents(settled)) emit(e);
  }

  const log = new StateLog(deps.state, deps.lockLost);
  await log.load();
  const planIds = new Map(plan.changes.map((c) => [c.address, c.ids]));
  const env: StepEnv = {
    sessions: deps.sessions,
    log,
    emit,
    now: deps.now,
    newId: deps.newId,
    callSignal: deps.forceSignal ?? neverAborted(),
    idsOf: (a) => log.entry(a)?.ids ?? planIds.get(a) ?? deps.knownIds?.(a),
  };
  const refused = preflight(steps, graph, settled, deps.settled === undefined);

  const results = new Map<string, StepResult>();
  const perVendor = new Map<string, LimitFunction>();
  const limited = (step: Step, task: () => Promise<StepResult>): Promise<StepResult> => {
    if (!touchesVendor(step)) return task();
    let limit = perVendor.get(step.vendor);
    if (!limit) perVendor.set(step.vendor, (limit = pLimit(vendorSteps(step.vendor, deps))));
    return limit(task);
  };

  let allDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (allDone = resolve));
  const started = new Set<string>();

  const finish = (key: string, result: StepResult, propagate = true): void => {
    if (results.has(key)) return;
    results.set(key, result);
    const step = graph.steps.get(key)!;
    emit({ type: "step-finished", ...ref(step), ...result });
    if (propagate) for (const d of graph.dependents.get(key) ?? []) consider(d);
    if (results.size === graph.steps.size) allDone();
  };

  const stopReason = (): string | undefined => {
    if (deps.signal.aborted) return "the apply was interrupted before it started";
    if (deps.lockLost?.aborted === true) return "the state lock was lost";
    if (log.failure !== undefined) return `the state could not be written (${errorInfo(log.failure).message})`;
    return undefined;
  };

  const start = (key: string): void => {
    started.add(key);
    const step = graph.steps.get(key)!;
    void limited(step, async () => {
      const stop = stopReason();
      if (stop) return { outcome: "skipped", reason: stop };
      emit({ type: "step-started", ...ref(step) });
      return runStep(step, env);
      // A sink that throws must not leave the step unfinished and the apply waiting forever.
    }).then((r) => finish(key, r), (e: unknown) => finish(key, { outcome: "failed", error: errorInfo(e) }));
  };

  const consider = (key: string): void => {
    if (results.has(key) || started.has(key)) return;
    const deps_ = graph.dependsOn.get(key) ?? [];
    const failed = deps_.find((d) => results.has(d) && results.get(d)?.outcome !== "succeeded");
    if (failed !== undefined) {
      const how = results.get(failed)?.outcome === "failed" ? "failed" : "was skipped";
      finish(key, { outcome: "skipped", reason: `${graph.steps.get(failed)?.address ?? failed} ${how}` });
      return;
    }
    if (deps_.every((d) => results.has(d))) start(key);
  };

  if (graph.steps.size === 0) allDone();
  // All refusals first, so a refused step's dependents that are refused too say why themselves.
  for (const [key, error] of refused) finish(key, { outcome: "failed", error }, false);
  for (const key of graph.steps.keys()) consider(key);
  await done;

  const ordered = [...graph.steps].map(([key, step]) => ({ ...ref(step), ...results.get(key)! }));
  const counts = { succeeded: 0, failed: 0, skipped: 0 };
  for (const s of ordered) counts[s.outcome] += 1;
  const interrupted = deps.signal.aborted || deps.lockLost?.aborted === true;
  emit({ type: "apply-finished", counts, interrupted });
  return { steps: ordered, counts, settlements: settled.settlements, interrupted };
}

function vendorSteps(vendor: string, deps: Pick<ApplyDeps, "parallelism" | "vendorLimits">): number {
  const requests = deps.vendorLimits?.get(vendor);
  const steps = requests === undefined ? deps.parallelism : Math.min(deps.parallelism, STEPS_PER_REQUEST_SLOT * requests);
  return Math.max(1, Math.floor(steps));
}

/** Shared by every call in flight, so Node's listener-leak warning (at 11) does not apply to it. */
function neverAborted(): AbortSignal {
  const { signal } = new AbortController();
  setMaxListeners(0, signal);
  return signal;
}

const ref = (s: Step): StepRef => ({ address: s.address, action: s.action, vendor: s.vendor, kind: s.kind, launches: s.launches });

const touchesVendor = (s: Step): boolean => s.type === "change" && (s.launches || actionTouchesVendor(s.change.action));
