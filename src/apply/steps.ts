/**
 * The plan as steps: one per `moved:` rename and one per change that does something. A `no-op`
 * is a step only when its `protect` flag moves (a state-only record); otherwise there is nothing
 * to apply. Steps keep the plan's order, renames first.
 */
import type { Address } from "../core/address.js";
import { parseAddress } from "../core/address.js";
import type { Change, Move } from "../plan/change.js";
import type { Plan } from "../plan/plan.js";
import { isStateOnly } from "../plan/summary.js";
import type { StepRef } from "./events.js";

export type Step = StepRef & { readonly dependsOn: readonly Address[] } & (
    | { readonly type: "change"; readonly change: Change }
    | { readonly type: "move"; readonly move: Move }
  );

export function planSteps(plan: Plan): Step[] {
  const movedTo = new Set(plan.moves.map((m) => m.to));
  // A rename of an address another rename makes (`a → b`, then `b → c`) waits for that one.
  const moves = plan.moves.map((m) => moveStep(m, movedTo.has(m.from) ? [moveKey(m.from)] : []));
  const changes = plan.changes.filter(doesSomething).map((change): Step => {
    // A change at a renamed address acts on the entry the rename carries over, and a change that
    // refers to one reads its ids from it: each waits for the rename.
    const afterMove = [change.address, ...change.dependsOn].filter((a) => movedTo.has(a)).map(moveKey);
    return {
      type: "change",
      change,
      address: change.address,
      action: change.action,
      vendor: change.vendor,
      kind: change.kind,
      launches: change.action === "launch" || (change.launchAfter && launchesAfter(change)),
      dependsOn: [...afterMove, ...change.dependsOn],
    };
  });
  return [...moves, ...changes];
}

/** Graph key of a step: its address, or `moved:ADDR` for the rename into ADDR. */
export const stepKey = (s: Step): string => (s.type === "move" ? moveKey(s.address) : s.address);
const moveKey = (to: Address): string => `moved:${to}`;

function moveStep(move: Move, dependsOn: readonly string[]): Step {
  const parts = parseAddress(move.to);
  return { type: "move", move, address: move.to, action: "move", vendor: parts?.vendor ?? "", kind: parts?.kind ?? "", launches: false, dependsOn };
}

const doesSomething = (c: Change): boolean => c.action !== "no-op" || isStateOnly(c);

const launchesAfter = (c: Change): boolean => c.action === "create" || c.action === "update" || c.action === "replace" || c.action === "import";
