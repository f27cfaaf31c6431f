/**
 * The counts people read (`Plan: 2 to add, 1 to change, 1 to destroy, 1 to launch.`) and whether a
 * plan has anything to apply (`--detailed-exitcode`). A replace counts as one add and one destroy;
 * a create or update that launches afterwards also counts as a launch.
 */
import { isDestructive } from "./action.js";
import type { Change } from "./change.js";
import type { Plan } from "./plan.js";

export interface PlanCounts {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  readonly launch: number;
  readonly import: number;
  readonly forget: number;
  readonly move: number;
}

export function countPlan(plan: Plan): PlanCounts {
  const n = (p: (c: Change) => boolean): number => plan.changes.filter(p).length;
  return {
    add: n((c) => c.action === "create" || c.action === "replace"),
    change: n((c) => c.action === "update"),
    destroy: n((c) => isDestructive(c.action)),
    launch: n((c) => c.action === "launch" || c.launchAfter),
    import: n((c) => c.action === "import"),
    forget: n((c) => c.action === "forget"),
    move: plan.moves.length,
  };
}

/** Only records a new `protect` flag in state. */
export const isStateOnly = (c: Change): boolean => c.action === "no-op" && c.protect !== undefined && c.protect.before !== c.protect.after;

/** Whether applying the change does anything at all. */
export const isPending = (c: Change): boolean => c.action !== "no-op" || c.launchAfter || isStateOnly(c);

export const hasChanges = (plan: Plan): boolean => plan.moves.length > 0 || plan.changes.some(isPending);

export const NO_CHANGES = "No changes. The vendors match the manifests.";

/** A targeted plan cannot say the vendors match: it did not look at the rest. */
export const NO_CHANGES_TARGETED = "No changes for the targeted addresses. Resources outside --target were not planned and may still differ.";

export const isTargeted = (plan: Plan): boolean => (plan.targets ?? []).length > 0;

export function summaryLine(plan: Plan): string {
  if (!hasChanges(plan)) return isTargeted(plan) ? NO_CHANGES_TARGETED : NO_CHANGES;
  const c = countPlan(plan);
  const parts = [
    ...(c.import > 0 ? [`${c.import} to import`] : []),
    `${c.add} to add`,
    `${c.change} to change`,
    `${c.destroy} to destroy`,
    `${c.launch} to launch`,
    ...(c.forget > 0 ? [`${c.forget} to forget`] : []),
    ...(c.move > 0 ? [`${c.move} to move`] : []),
  ];
  return `Plan: ${parts.join(", ")}.`;
}
