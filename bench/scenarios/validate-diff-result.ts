/** What the validate+diff process reports to the scenario that started it. */
import type { ActionCounts } from "../../src/plan/action.js";

export interface ValidateDiffResult {
  readonly resources: number;
  readonly validateCpuMs: number;
  readonly diffCpuMs: number;
  /** Minor page faults during each stage: the fresh memory it wrote to, whose cost counts in its CPU. */
  readonly validateFaults: number;
  readonly diffFaults: number;
  readonly changed: number;
  readonly actions: ActionCounts;
  readonly rssBeforeBytes: number;
  /** getrusage's maxrss: the exact peak of the process. */
  readonly peakRssBytes: number;
  /** Sampled every few ms and at each stage boundary; synchronous stretches can hide a higher peak. */
  readonly peakHeapBytes: number;
}

/** Every CHANGE_EVERY-th observed managed object differs from the manifests. */
export const CHANGE_EVERY = 100;
