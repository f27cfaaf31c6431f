/**
 * A saved plan is applied only against the world it was made for: the same state lineage and
 * serial, and every observed object unchanged (same fingerprint), none vanished and none appeared.
 */
import { ScanformError } from "../core/errors.js";
import { canonicalJson, digest, type JsonValue } from "../core/json.js";
import type { Change } from "./change.js";
import type { StateSnapshot } from "../state/model.js";
import type { Observation } from "../vendors/driver.js";
import { indexObservations } from "./observed-index.js";
import type { Plan } from "./plan.js";
import { ownEntry } from "../core/own.js";

export function checkStale(plan: Plan, currentState: StateSnapshot | undefined, observations: ReadonlyMap<string, Observation>): ScanformError | undefined {
  const moved: string[] = [];
  const was = plan.state;
  if (was === undefined && currentState !== undefined) moved.push(`state: created since the plan (serial ${currentState.serial})`);
  else if (was !== undefined && currentState === undefined) moved.push("state: no longer exists");
  else if (was !== undefined && currentState !== undefined) {
    if (was.lineage !== currentState.lineage) moved.push(`state: lineage ${was.lineage} is now ${currentState.lineage}`);
    else if (was.serial !== currentState.serial) moved.push(`state: serial ${was.serial} is now ${currentState.serial}`);
  }
  // A plan made without reading the vendors has no fingerprints to hold them to.
  const now = plan.refreshed === false ? {} : indexObservations(observations, plan.moves).fingerprints;
  for (const [address, fingerprint] of Object.entries(plan.fingerprints)) {
    const current = ownEntry(now, address);
    if (current === undefined) moved.push(`${address}: no longer found at the vendor`);
    else if (current !== fingerprint) moved.push(`${address}: changed at the vendor`);
  }
  for (const address of Object.keys(now)) if (!Object.hasOwn(plan.fingerprints, address)) moved.push(`${address}: appeared at the vendor`);
  if (moved.length === 0) return undefined;
  return new ScanformError("PLAN_STALE", `The saved plan is stale; since it was made:\n${moved.map((m) => `  - ${m}`).join("\n")}`, {
    hint: "Run `scanform plan --out FILE` again, review it, and apply the new file.",
    detail: { moved },
  });
}

/**
 * Each change and move of a saved plan must be one these manifests and this state plan now: the
 * file is an artifact between review and apply, and drivers act on the ids and specs it holds. An
 * edit (a delete given another object's id, a spec no manifest writes, a change at an address
 * nothing plans) is refused. A plan made with --target holds a subset of the fresh plan's changes.
 */
export function checkReproduced(saved: Plan, fresh: Plan): ScanformError | undefined {
  const planned = new Set([...fresh.changes.map(changeKey), ...fresh.moves.map(moveKey)]);
  const foreign = [...saved.changes.map((c) => [changeKey(c), `${c.action} ${c.address}`] as const), ...saved.moves.map((m) => [moveKey(m), `move ${m.from} to ${m.to}`] as const)]
    .filter(([key]) => !planned.has(key))
    .map(([, shown]) => shown);
  if (foreign.length === 0) return undefined;
  return new ScanformError("PLAN_STALE", `The saved plan holds changes that these manifests and this state do not plan (the file was edited, or made elsewhere):\n${foreign.slice(0, 10).map((f) => `  - ${f}`).join("\n")}`, {
    hint: "Run `scanform plan --out FILE` again, review it, and apply the new file.",
    detail: { changes: foreign },
  });
}

// What a driver acts on: the action, the address and its vendor and kind, the ids, the spec sent, a launch.
const changeKey = (c: Change): string =>
  canonicalJson([c.action, c.address, c.vendor, c.kind, c.ids as JsonValue, digest((c.after ?? null) as JsonValue), c.launchAfter, (c.protect ?? null) as JsonValue]);
const moveKey = (m: Plan["moves"][number]): string => canonicalJson(["move", m.from, m.to]);
