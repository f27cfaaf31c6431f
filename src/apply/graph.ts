/**
 * Steps as a dependency graph. An edge runs from a step to each step it depends on; dependencies
 * on addresses without a step (data resources, unchanged resources) are already satisfied. Steps
 * on a cycle can never start: they are reported, not run.
 */
import { stepKey, type Step } from "./steps.js";

export interface StepGraph {
  /** By step key, in plan order. */
  readonly steps: ReadonlyMap<string, Step>;
  readonly dependsOn: ReadonlyMap<string, readonly string[]>;
  readonly dependents: ReadonlyMap<string, readonly string[]>;
  /** Keys of steps on, or waiting behind, a dependency cycle. */
  readonly blocked: ReadonlySet<string>;
}

export function buildGraph(list: readonly Step[]): StepGraph {
  const steps = new Map(list.map((s) => [stepKey(s), s]));
  const dependsOn = new Map<string, string[]>();
  const dependents = new Map<string, string[]>([...steps.keys()].map((k) => [k, []]));
  for (const [key, step] of steps) {
    const deps = [...new Set(step.dependsOn)].filter((d) => d !== key && steps.has(d));
    dependsOn.set(key, deps);
    for (const d of deps) dependents.get(d)?.push(key);
  }
  return { steps, dependsOn, dependents, blocked: unreachable(steps.keys(), dependsOn, dependents) };
}

/** Kahn's algorithm: whatever is never freed of its dependencies is on or behind a cycle. */
function unreachable(keys: Iterable<string>, dependsOn: ReadonlyMap<string, readonly string[]>, dependents: ReadonlyMap<string, readonly string[]>): Set<string> {
  const waiting = new Map([...keys].map((k) => [k, dependsOn.get(k)?.length ?? 0]));
  const ready = [...waiting].filter(([, n]) => n === 0).map(([k]) => k);
  for (let k = ready.pop(); k !== undefined; k = ready.pop()) {
    waiting.delete(k);
    for (const d of dependents.get(k) ?? []) {
      const n = (waiting.get(d) ?? 0) - 1;
      waiting.set(d, n);
      if (n === 0) ready.push(d);
    }
  }
  return new Set(waiting.keys());
}

