/**
 * One poll of every target, for `scanform status` and each round of `wait`: what each vendor says
 * now, or why it could not say, and the verdict `wait` would give a finished run (its `failOn`
 * judged on the findings, less accepted risks), so a run that finished with findings over the gate
 * never reads as a success. A vendor whose session reads many runs at once (`statuses`) is asked
 * once for all of its runs: that is what spares a vendor's call budget while runs take hours.
 */
import { utcDay } from "../core/day.js";
import type { RunRead, RunRef, RunStatus, VendorSession } from "../vendors/driver.js";
import type { StepError } from "./events.js";
import { errorInfo } from "./step-error.js";
import { judgeRun, type WaitTarget } from "./wait.js";
import type { Verdict } from "./wait-events.js";

export type StatusRow = { readonly target: WaitTarget } & (
  | {
      readonly status: RunStatus;
      /** Absent while the run is going, or its findings are not in yet. */
      readonly verdict?: Verdict;
    }
  | { readonly error: StepError }
);

export async function readStatuses(targets: readonly WaitTarget[], sessions: (vendor: string) => VendorSession, now: Date, signal?: AbortSignal): Promise<StatusRow[]> {
  const today = utcDay(now);
  const reads = await readRuns(targets, sessions, signal);
  return targets.map((target, i): StatusRow => {
    const read = reads[i]!;
    if ("error" in read) return { target, error: errorInfo(read.error) };
    const judged = judgeRun(read.status, target, today);
    return { target, status: read.status, ...(judged === undefined ? {} : { verdict: judged.verdict }) };
  });
}

/**
 * The answer for every target, in order: each vendor's runs in one batched read where its session
 * has one, otherwise one `status` call per run; vendors are read side by side.
 */
export async function readRuns(targets: readonly WaitTarget[], sessions: (vendor: string) => VendorSession, signal?: AbortSignal): Promise<RunRead[]> {
  const reads: RunRead[] = new Array<RunRead>(targets.length);
  const byVendor = new Map<string, number[]>();
  targets.forEach((t, i) => {
    const indexes = byVendor.get(t.vendor);
    if (indexes) indexes.push(i);
    else byVendor.set(t.vendor, [i]);
  });
  await Promise.all(
    [...byVendor].map(async ([vendor, indexes]) => {
      const got = await readVendor(vendor, indexes.map((i) => targets[i]!), sessions, signal);
      indexes.forEach((i, k) => (reads[i] = got[k]!));
    }),
  );
  return reads;
}

async function readVendor(vendor: string, targets: readonly WaitTarget[], sessions: (vendor: string) => VendorSession, signal?: AbortSignal): Promise<readonly RunRead[]> {
  let session: VendorSession;
  try {
    session = sessions(vendor);
  } catch (e) {
    return targets.map(() => ({ error: asError(e) }));
  }
  const runs = targets.map(runRef);
  if (session.statuses === undefined) {
    return Promise.all(runs.map(async (run): Promise<RunRead> => {
      try {
        return { status: await session.status(run, signal) };
      } catch (e) {
        return { error: asError(e) };
      }
    }));
  }
  let got: readonly RunRead[];
  try {
    got = await session.statuses(runs, signal);
  } catch (e) {
    return targets.map(() => ({ error: asError(e) }));
  }
  // A driver that answers for fewer runs than it was asked about has a bug; the runs it left out say so.
  return targets.map((t, i) => got[i] ?? { error: new Error(`the ${vendor} driver gave no status for ${t.address}`) });
}

const runRef = (t: WaitTarget): RunRef => ({ address: t.address, kind: t.kind, ids: t.ids, ...(t.runId === undefined ? {} : { runId: t.runId }) });

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));
