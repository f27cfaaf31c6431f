/**
 * The apply engine's only voice: a stream of plain readonly events on an injected sink. Renderers
 * (text, CI lines, JSON lines), the tally and the CLI only consume it; nothing under src/apply
 * writes to a stream. `seq` gives consumers a total order; `at` (ISO time from the injected clock)
 * lets renderers show durations without reading a clock themselves.
 */
import type { Address } from "../core/address.js";
import type { Action } from "../plan/action.js";
import type { Ids } from "../vendors/driver.js";

export type Outcome = "succeeded" | "failed" | "skipped";

/** `move` is a `moved:` rename, applied to state before the changes at its new address. */
export type StepAction = Action | "move";

export interface StepRef {
  readonly address: Address;
  readonly action: StepAction;
  readonly vendor: string;
  readonly kind: string;
  /** The step launches a run once its change is made (or is itself a `launch`). */
  readonly launches: boolean;
}

/** An error as data: the code and message of a ScanformError (or of an unexpected throw). */
export interface StepError {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
}

export type StepResult =
  | { readonly outcome: "succeeded"; readonly ids?: Ids; readonly runId?: string }
  | { readonly outcome: "failed"; readonly error: StepError }
  /** Not attempted: a dependency did not succeed, or the apply was interrupted first. */
  | { readonly outcome: "skipped"; readonly reason: string };

/** What settling one open journal entry found (see journal/settle.ts). */
export type SettledAs =
  | { readonly outcome: "landed"; readonly ids: Ids; readonly runId?: string }
  | { readonly outcome: "absent" }
  | { readonly outcome: "unknowable"; readonly error: StepError };

interface Base {
  readonly seq: number;
  readonly at: string;
}

export type ApplyEvent = Base &
  (
    | { readonly type: "apply-started"; readonly steps: readonly StepRef[] }
    /** An entry left open by an earlier, interrupted run, settled before anything else is done. */
    | ({ readonly type: "journal-settled"; readonly address: Address; readonly operation: "create" | "launch"; readonly journalId: string } & SettledAs)
    | ({ readonly type: "step-started" } & StepRef)
    /** The change is made and the step goes on to launch a run. */
    | { readonly type: "step-progress"; readonly address: Address; readonly phase: "launching"; readonly ids: Ids }
    | { readonly type: "run-launched"; readonly address: Address; readonly vendor: string; readonly kind: string; readonly ids: Ids; readonly runId: string }
    | ({ readonly type: "step-finished" } & StepRef & StepResult)
    | { readonly type: "apply-finished"; readonly counts: Readonly<Record<Outcome, number>>; readonly interrupted: boolean }
  );

export type Sink = (event: ApplyEvent) => void;

/** An event before the emitter stamps it; distributes over the union so each variant stays exact. */
export type Unstamped<E> = E extends Base ? Omit<E, "seq" | "at"> : never;

/** Numbers and stamps events in emission order. One per apply (or wait). */
export function stamper<E extends Base>(sink: (e: E) => void, now: () => Date): (e: Unstamped<E>) => void {
  let seq = 0;
  return (e) => {
    seq += 1;
    sink({ ...e, seq, at: now().toISOString() } as unknown as E);
  };
}

export const fanOut =
  <E>(...sinks: readonly ((e: E) => void)[]) =>
  (e: E): void => {
    for (const s of sinks) s(e);
  };
