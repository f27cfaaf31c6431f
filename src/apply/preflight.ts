/**
 * Steps refused before anything runs, each with the reason: steps on a dependency cycle; steps at
 * an address whose earlier create or launch cannot be settled (acting now could duplicate it); and,
 * when apply itself just settled the journal, a create or launch the plan still holds although the
 * earlier attempt turns out to have landed (the plan was made without knowing; it must be made again).
 */
import type { StepError } from "./events.js";
import type { StepGraph } from "./graph.js";
import type { SettleResult } from "./journal/settle.js";
import { stepKey, type Step } from "./steps.js";

export const DEPENDENCY_CYCLE = "APPLY_DEPENDENCY_CYCLE";
export const PLAN_OUTDATED = "APPLY_PLAN_OUTDATED";

/** By step key. `settledHere`: the journal was settled by this apply, after the plan was made. */
export function preflight(steps: readonly Step[], graph: StepGraph, settled: SettleResult, settledHere: boolean): Map<string, StepError> {
  const refused = new Map<string, StepError>();
  const cycle = [...graph.blocked].map((k) => graph.steps.get(k)?.address ?? k);
  for (const key of graph.blocked) {
    refused.set(key, {
      code: DEPENDENCY_CYCLE,
      message: `${graph.steps.get(key)?.address ?? key} cannot be ordered: its dependencies form a cycle among ${cycle.join(", ")}.`,
      hint: "This is a bug in the plan; report it with the plan file.",
    });
  }
  for (const s of settled.settlements) {
    for (const step of steps.filter((st) => st.type === "change" && st.address === s.entry.address)) {
      const key = stepKey(step);
      if (refused.has(key)) continue;
      if (s.outcome === "unknowable") refused.set(key, s.error);
      else if (settledHere && s.outcome === "landed" && repeats(step, s.entry.operation)) {
        refused.set(key, {
          code: PLAN_OUTDATED,
          message: `${step.address}: the ${s.entry.operation} this plan would make again had already landed in an interrupted run; it is now recorded in state.`,
          hint: "Run plan again to see what is left to do, then apply that.",
        });
      }
    }
  }
  return refused;
}

const repeats = (step: Step, operation: "create" | "launch"): boolean =>
  step.type === "change" && (operation === "launch" ? step.launches : step.change.action === "create" || step.change.action === "replace");
