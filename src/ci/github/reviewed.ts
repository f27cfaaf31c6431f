/**
 * "Apply only what the reviewer saw": a plan made afresh after merge is compared with the plan the
 * pull request showed, change by change: the address, the action, whether it launches, and what it
 * acts on and does (the vendor object's ids, the field changes shown, the spec it leads to, the
 * protection it sets). Timestamps, serials and fingerprints do not count; any other difference
 * refuses.
 */
import { createHash } from "node:crypto";
import { digest, type JsonObject } from "../../core/json.js";
import type { Change, FieldDiff } from "../../plan/change.js";
import type { Plan } from "../../plan/plan.js";
import { isPending } from "../../plan/summary.js";

/** What a reviewer approves: one line per pending change or move, e.g. `update qualys.webApp.shop 3f2a…`. */
export function reviewedChanges(plan: Plan): readonly string[] {
  const changes = plan.changes.filter(isPending).map((c) => `${c.action}${c.launchAfter ? "+launch" : ""} ${c.address} ${effectDigest(c)}`);
  const moves = plan.moves.map((m) => `move ${m.from} ${m.to}`);
  return [...changes, ...moves].sort();
}

/** Two changes with the same line do the same thing to the same vendor object. */
const effectDigest = (c: Change): string =>
  digest({ ids: c.ids, diffs: c.diffs.map(diffAsJson), after: c.after ?? null, protect: c.protect ?? null })
    .replace(/^sha256:/, "")
    .slice(0, 16);

const diffAsJson = (d: FieldDiff): JsonObject =>
  d.kind === "set"
    ? { field: d.field, added: d.added, removed: d.removed }
    : { field: d.field, ...(d.before === undefined ? {} : { before: d.before }), ...(d.after === undefined ? {} : { after: d.after }) };

/**
 * The record a comment keeps: the lines themselves while they fit, or, for a plan too long to list
 * in a comment, their count and one digest (a difference is then found, but not named).
 */
export type Reviewed =
  | { readonly kind: "listed"; readonly changes: readonly string[] }
  | { readonly kind: "digest"; readonly count: number; readonly digest: string };

/** The record of `changes`: listed when their JSON takes at most `maxChars`. */
export function reviewedRecord(changes: readonly string[], maxChars: number): Reviewed {
  return JSON.stringify(changes).length <= maxChars ? { kind: "listed", changes } : { kind: "digest", count: changes.length, digest: digestOf(changes) };
}

const digestOf = (changes: readonly string[]): string => createHash("sha256").update(changes.join("\n")).digest("hex");

export type PlanDifference =
  /** Named change by change: in the fresh plan only (no reviewer saw it), in the reviewed plan only (approved, no longer planned). */
  | { readonly unreviewed: readonly string[]; readonly missing: readonly string[] }
  /** A digest record: the counts are all that can be said. */
  | { readonly reviewedCount: number; readonly freshCount: number };

/** Undefined when the fresh plan makes exactly the reviewed changes. */
export function differFromReviewed(reviewed: Reviewed, fresh: Plan): PlanDifference | undefined {
  const now = reviewedChanges(fresh);
  if (reviewed.kind === "digest") return reviewed.count === now.length && reviewed.digest === digestOf(now) ? undefined : { reviewedCount: reviewed.count, freshCount: now.length };
  const before = new Set(reviewed.changes);
  const after = new Set(now);
  const unreviewed = [...after].filter((c) => !before.has(c));
  const missing = [...before].filter((c) => !after.has(c));
  return unreviewed.length === 0 && missing.length === 0 ? undefined : { unreviewed, missing };
}
