/**
 * "Apply only what the reviewer saw": a plan made afresh after merge is compared with the plan the
 * pull request showed, change by change (address, action, the spec it leads to, whether it
 * launches). Timestamps, serials and fingerprints do not count; any other difference refuses.
 */
import { digest } from "../../core/json.js";
import type { Plan } from "../../plan/plan.js";
import { isPending } from "../../plan/summary.js";

/** What a reviewer approves: one line per pending change or move, e.g. `update qualys.webApp.shop 3f2a…`. */
export function reviewedChanges(plan: Plan): readonly string[] {
  const changes = plan.changes.filter(isPending).map((c) => `${c.action}${c.launchAfter ? "+launch" : ""} ${c.address} ${digest(c.after ?? null).replace(/^sha256:/, "").slice(0, 16)}`);
  const moves = plan.moves.map((m) => `move ${m.from} ${m.to}`);
  return [...changes, ...moves].sort();
}

export interface PlanDifference {
  /** In the fresh plan only: a change no reviewer saw. */
  readonly unreviewed: readonly string[];
  /** In the reviewed plan only: approved, but no longer what applying would do. */
  readonly missing: readonly string[];
}

/** Undefined when the fresh plan makes exactly the reviewed changes. */
export function differFromReviewed(reviewed: readonly string[], fresh: Plan): PlanDifference | undefined {
  const before = new Set(reviewed);
  const after = new Set(reviewedChanges(fresh));
  const unreviewed = [...after].filter((c) => !before.has(c));
  const missing = [...before].filter((c) => !after.has(c));
  return unreviewed.length === 0 && missing.length === 0 ? undefined : { unreviewed, missing };
}
