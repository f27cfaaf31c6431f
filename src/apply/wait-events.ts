/**
 * What waiting for runs reports, as events on an injected sink (progress renderers and JSON lines
 * consume them). Durations are measured with the injected clock and carried in the events.
 */
import type { Address } from "../core/address.js";
import type { FailOn } from "../manifest/model.js";
import type { RunPhase, RunStatus } from "../vendors/driver.js";
import type { GateResult } from "./gates.js";

/**
 * `threshold`: the run finished, but its findings crossed the manifest's `failOn`.
 * `idle`: there was nothing to wait for (a disabled scan that never ran); not a failure.
 */
export const VERDICTS = ["succeeded", "failed", "timeout", "threshold", "error", "interrupted", "idle"] as const;
export type Verdict = (typeof VERDICTS)[number];

export type Findings = NonNullable<RunStatus["findings"]>;

export interface WaitedRun {
  readonly address: Address;
  /** Absent when the latest state of a pollable object is watched rather than a launched run. */
  readonly runId?: string;
  readonly timeoutMs: number;
}

interface Base {
  readonly seq: number;
  readonly at: string;
}

export type WaitEvent = Base &
  (
    | { readonly type: "wait-started"; readonly runs: readonly WaitedRun[] }
    /** One poll's answer; `changed` when phase or vendor state differ from the previous answer. */
    | {
        readonly type: "run-status";
        readonly address: Address;
        readonly phase: RunPhase;
        readonly vendorState: string;
        readonly elapsedMs: number;
        readonly timeoutMs: number;
        readonly changed: boolean;
      }
    | {
        readonly type: "run-finished";
        readonly address: Address;
        readonly runId?: string;
        readonly verdict: Verdict;
        readonly elapsedMs: number;
        /** For people: what the vendor said, or why the wait ended. */
        readonly message: string;
        readonly vendorState?: string;
        readonly findings?: Findings;
        readonly failOn?: FailOn;
        /** Each gate of `failOn` and whether it passed (apply/gates.ts). */
        readonly gates?: readonly GateResult[];
        /** How many findings an acceptance kept from the gates. */
        readonly accepted?: number;
      }
    | { readonly type: "wait-finished"; readonly counts: Readonly<Record<Verdict, number>> }
  );

export type WaitSink = (e: WaitEvent) => void;
