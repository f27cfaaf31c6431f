/**
 * One step, start to end. State is written after every vendor step (and at every checkpoint a
 * driver makes), so a killed apply loses nothing that landed. A replace deletes, then creates:
 * scanform finds vendor objects by name and the new object keeps the old one's name, so creating
 * first would leave two objects under one name and make a crash in between unsettleable.
 * `forget` and `move` touch state only.
 */
import { ScanformError } from "../core/errors.js";
import { digest } from "../core/json.js";
import { ownEntry } from "../core/own.js";
import type { Change } from "../plan/change.js";
import { specDigest } from "../plan/launch.js";
import { moveEntry } from "../state/snapshot.js";
import type { StateEntry } from "../state/model.js";
import { type StateChange, editing } from "../state/update.js";
import type { Ids, StepContext } from "../vendors/driver.js";
import type { StepResult } from "./events.js";
import { journaledCreate, journaledLaunch } from "./journaled.js";
import { dropEntry, putEntry } from "./state-log.js";
import { errorInfo } from "./step-error.js";
import type { StepEnv } from "./step-env.js";
import type { Step } from "./steps.js";

export async function runStep(step: Step, env: StepEnv): Promise<StepResult> {
  try {
    if (step.type === "move") {
      const { from, to } = step.move;
      await env.log.update((s) => {
        if (ownEntry(s.resources, from) === undefined) throw nothingToMove(from, to);
        return moveEntry(s, from, to, "the state");
      });
      return { outcome: "succeeded" };
    }
    return await runChange(step.change, step.launches, env);
  } catch (e) {
    return { outcome: "failed", error: errorInfo(e) };
  }
}

/** The plan's move finds no entry: state moved since the plan was made, or the plan lacks an earlier move of a chain. */
const nothingToMove = (from: string, to: string): ScanformError =>
  new ScanformError("STATE_NOT_FOUND", `Cannot move ${from} to ${to}: the state holds no ${from}.`, {
    hint: "`scanform state list` shows the addresses the state holds; plan again to move what it holds.",
    detail: { address: from },
  });

async function runChange(change: Change, launches: boolean, env: StepEnv): Promise<StepResult> {
  const session = env.sessions(change.vendor);
  // A create (or the create half of a replace) starts from no ids: whatever state held is the old object's.
  const fresh = change.action === "create" || change.action === "replace";
  let ids: Ids = fresh ? {} : change.ids;
  // The answer as a change of state: a create's is written together with its journal entry's close.
  const recorded = (landed: Ids): StateChange => {
    ids = { ...ids, ...landed };
    const now = env.now().toISOString();
    const complete = ids;
    return editing((s) => [{ put: applied(change, complete, now, fresh ? undefined : s.resources[change.address]) }]);
  };
  // Ids persisted mid-step. An existing entry keeps the spec it had: the change is not made yet. A
  // new one records no applied spec: a run stopped here (a scan created, its seeds not yet added)
  // has not applied the manifest's, and the next plan must diff the object as it is, not as drift.
  const checkpoint = async (landed: Ids): Promise<void> => {
    ids = { ...ids, ...landed };
    const now = env.now().toISOString();
    const current = fresh ? undefined : env.log.entry(change.address);
    await env.log.update(putEntry(current ? { ...current, ids: { ...current.ids, ...landed }, updatedAt: now } : { ...applied(change, ids, now, undefined), spec: {}, digest: digest({}) }));
  };
  const ctx: StepContext = { signal: env.callSignal, idsOf: env.idsOf, checkpoint };

  if (is(change, "delete", "replace")) {
    await session.delete(change, ctx);
    await env.log.update(dropEntry(change.address));
  }
  if (is(change, "create", "replace")) {
    const created = await journaledCreate(env, change, ctx, recorded);
    if (!created.ok) return { outcome: "failed", error: created.error };
  }
  if (is(change, "update", "import")) {
    await session.update(change, ctx);
    await env.log.update(recorded({}));
  }
  if (is(change, "forget")) await env.log.update(dropEntry(change.address));
  if (is(change, "no-op", "launch") && change.protect && change.protect.before !== change.protect.after) await setProtect(change, change.protect.after, env);
  if (!launches) return { outcome: "succeeded", ids };
  return launchRun(change, ids, ctx, env);
}

/** Narrows a change to some actions, as the driver's signatures name them. */
const is = <A extends Change["action"]>(change: Change, ...actions: readonly A[]): change is Change & { action: A } => (actions as readonly string[]).includes(change.action);

async function launchRun(change: Change, ids: Ids, ctx: StepContext, env: StepEnv): Promise<StepResult> {
  if (change.action !== "launch") env.emit({ type: "step-progress", address: change.address, phase: "launching", ids });
  const recordRun = (runId: string, launchedAt: string): StateChange => {
    const current = env.log.entry(change.address);
    if (!current) throw notInState(change);
    return putEntry({ ...current, lastRun: { id: runId, launchedAt, specDigest: specDigest(change.after ?? {}) }, updatedAt: launchedAt });
  };
  const launched = await journaledLaunch(env, change, ids, ctx, recordRun);
  if (!launched.ok) return { outcome: "failed", error: launched.error };
  env.emit({ type: "run-launched", address: change.address, vendor: change.vendor, kind: change.kind, ids, runId: launched.value });
  return { outcome: "succeeded", ids, runId: launched.value };
}

async function setProtect(change: Change, protect: boolean, env: StepEnv): Promise<void> {
  const current = env.log.entry(change.address);
  if (!current) throw notInState(change);
  await env.log.update(putEntry({ ...current, protect, updatedAt: env.now().toISOString() }));
}

/** The entry once the change is made: the spec applied, ids, protect and how scanform came to own it. */
function applied(change: Change, ids: Ids, now: string, existing: StateEntry | undefined): StateEntry {
  const spec = change.after ?? {};
  return {
    address: change.address,
    vendor: change.vendor,
    kind: change.kind,
    ids,
    spec,
    digest: digest(spec),
    protect: change.protect?.after ?? existing?.protect ?? false,
    origin: change.action === "import" ? "adopted" : (existing?.origin ?? "created"),
    ...(existing?.lastRun ? { lastRun: existing.lastRun } : {}),
    updatedAt: now,
  };
}

const notInState = (change: Change): ScanformError =>
  new ScanformError("APPLY_NOT_IN_STATE", `${change.address} is not in the state, so there is nothing to ${change.action === "launch" ? "launch" : "record"}.`, {
    hint: "The state changed since the plan was made; run plan again.",
  });
