/**
 * Waiting for runs: every run is polled through its vendor session until it reaches a terminal
 * phase, its `wait.timeout` passes, or the wait is interrupted; then a finished run's findings are
 * held to its `failOn`. All runs are polled together (each vendor's in as few calls as its API
 * allows, apply/status.ts), and every answer is an event. The pause between polls starts at the
 * poll interval and grows while nothing changes, up to a ceiling: a scan that runs for hours costs
 * tens of calls, not one every ten seconds, and a change brings the pause back to the interval.
 */
import { utcDay } from "../core/day.js";
import type { Address } from "../core/address.js";
import type { SourceLocation } from "../core/errors.js";
import type { Acceptance, FailOn } from "../manifest/model.js";
import type { Ids, RunRead, RunStatus, VendorSession } from "../vendors/driver.js";
import { stamper, type Unstamped } from "./events.js";
import { describeGates, judgeGates, type Judgement } from "./gates.js";
import { formatDuration } from "./duration.js";
import { readRuns } from "./status.js";
import { errorInfo } from "./step-error.js";
import { VERDICTS, type Verdict, type WaitEvent, type WaitSink } from "./wait-events.js";

/** When the manifest gives no `wait.timeout`. */
export const DEFAULT_WAIT_TIMEOUT_MS = 4 * 60 * 60 * 1000;
/** Status calls that fail in a row before the run is given up as an error (transient ones are retried by the HTTP client already). */
export const MAX_STATUS_ERRORS = 3;
/**
 * The longest pause between two polls when `--poll-max-interval` is not given: Qualys' own CI
 * plugins poll every few minutes (vendors/qualys.md §10), and at one call a poll it keeps a wait
 * to 12 calls an hour, 4 % of a standard Qualys subscription's 300.
 */
export const DEFAULT_POLL_MAX_INTERVAL_MS = 5 * 60_000;
/** How much longer each pause is than the one before while no run changes state. */
export const POLL_BACKOFF = 1.5;

export interface WaitTarget {
  readonly address: Address;
  readonly vendor: string;
  readonly kind: string;
  readonly ids: Ids;
  readonly runId?: string;
  readonly timeoutMs: number;
  readonly failOn?: FailOn;
  /** The accepted risks of the run's vendor; a finding they match trips no gate. */
  readonly acceptances?: readonly Acceptance[];
  /** Where the resource is declared, for reports that point at the manifest. */
  readonly source?: SourceLocation;
  /** When the run was launched; the timeout counts from here (default: when waiting began). */
  readonly since?: Date;
}

export interface WaitDeps {
  readonly sessions: (vendor: string) => VendorSession;
  readonly emit: WaitSink;
  readonly now: () => Date;
  /** Resolves after `ms`, or early when `signal` aborts. */
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** The first pause between polls, and the pause after any run changed state. */
  readonly pollIntervalMs: number;
  /** The longest pause (default DEFAULT_POLL_MAX_INTERVAL_MS); never shorter than pollIntervalMs. */
  readonly pollMaxIntervalMs?: number;
  readonly signal: AbortSignal;
}

export interface RunOutcome {
  readonly address: Address;
  readonly vendor: string;
  /** Where the resource is declared, for reports that point at the manifest. */
  readonly source?: SourceLocation;
  readonly runId?: string;
  readonly verdict: Verdict;
  readonly message: string;
  readonly status?: RunStatus;
  /** For a finished run: its gates, and which findings count and which were accepted. */
  readonly judgement?: Judgement;
}

export interface WaitResult {
  readonly runs: readonly RunOutcome[];
  readonly counts: Readonly<Record<Verdict, number>>;
}

interface Watch {
  readonly target: WaitTarget;
  readonly since: number;
  last?: RunStatus;
  errors: number;
  outcome?: RunOutcome;
}

export async function waitForRuns(targets: readonly WaitTarget[], deps: WaitDeps): Promise<WaitResult> {
  const emit = stamper<WaitEvent>(deps.emit, deps.now);
  const began = deps.now().getTime();
  const watches: Watch[] = targets.map((target) => ({ target, since: target.since?.getTime() ?? began, errors: 0 }));
  emit({ type: "wait-started", runs: targets.map((t) => ({ address: t.address, ...(t.runId === undefined ? {} : { runId: t.runId }), timeoutMs: t.timeoutMs })) });

  const ceiling = Math.max(deps.pollIntervalMs, deps.pollMaxIntervalMs ?? DEFAULT_POLL_MAX_INTERVAL_MS);
  let pause = deps.pollIntervalMs;
  for (;;) {
    const active = watches.filter((w) => w.outcome === undefined);
    if (active.length === 0) break;
    if (deps.signal.aborted) {
      for (const w of active) finish(w, { verdict: "interrupted", message: "no longer waited for (interrupted); the run goes on at the vendor" }, deps, emit);
      break;
    }
    const reads = await readRuns(active.map((w) => w.target), deps.sessions, deps.signal);
    let changed = false;
    active.forEach((w, i) => {
      if (take(w, reads[i]!, deps, emit)) changed = true;
    });
    const left = watches.filter((w) => w.outcome === undefined);
    if (left.length === 0) continue;
    pause = changed ? deps.pollIntervalMs : Math.min(ceiling, pause * POLL_BACKOFF);
    // A long pause must not carry a run past its wait.timeout: the poll at the timeout gives the verdict on time.
    const untilTimeout = left.reduce((soonest, w) => Math.min(soonest, w.target.timeoutMs - elapsed(w, deps)), Number.POSITIVE_INFINITY);
    await deps.sleep(Math.max(1, Math.min(pause, untilTimeout)), deps.signal);
  }

  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const w of watches) if (w.outcome) counts[w.outcome.verdict] += 1;
  emit({ type: "wait-finished", counts });
  return { runs: watches.flatMap((w) => (w.outcome ? [w.outcome] : [])), counts };
}

/** Takes one poll's answer for a run; true when the run changed state or was finished by it. */
function take(w: Watch, read: RunRead, deps: WaitDeps, emit: (e: Unstamped<WaitEvent>) => void): boolean {
  const { target } = w;
  if ("error" in read) {
    w.errors += 1;
    const why = errorInfo(read.error).message;
    if (w.errors >= MAX_STATUS_ERRORS) finish(w, { verdict: "error", message: `its status could not be read ${w.errors} times in a row: ${why}` }, deps, emit);
    else if (timedOut(w, deps)) finish(w, { verdict: "timeout", message: `${timeoutText(w)}; its status could not be read: ${why}` }, deps, emit);
    return w.outcome !== undefined;
  }
  const { status } = read;
  w.errors = 0;
  const changed = w.last === undefined || w.last.phase !== status.phase || w.last.vendorState !== status.vendorState;
  w.last = status;
  emit({ type: "run-status", address: target.address, phase: status.phase, vendorState: status.vendorState, elapsedMs: elapsed(w, deps), timeoutMs: target.timeoutMs, changed });
  const verdict = judgeRun(status, target, utcDay(deps.now()));
  if (verdict) finish(w, verdict, deps, emit);
  else if (timedOut(w, deps)) {
    // A finished run can time out too: its results never came, and the gates are never judged on none.
    const results = status.terminal && status.results?.available === false ? `; its results are not in: ${status.results.why}` : "";
    finish(w, { verdict: "timeout", message: `${timeoutText(w)}, still ${status.vendorState}${results}` }, deps, emit);
  }
  return changed || w.outcome !== undefined;
}

/**
 * The verdict on an answer, or undefined to keep polling (still running, or results not in yet).
 * `scanform status` shows the same verdict, so the two never disagree about a run.
 */
export function judgeRun(status: RunStatus, target: WaitTarget, today: string): { verdict: Verdict; message: string; judgement?: Judgement } | undefined {
  if (!status.terminal) return undefined;
  const detail = status.detail ? `: ${status.detail}` : "";
  if (status.phase === "idle") return { verdict: "idle", message: `nothing to wait for (${status.vendorState})${detail}` };
  if (status.phase !== "succeeded") return { verdict: "failed", message: `${status.phase} (${status.vendorState})${detail}` };
  // A finished run's findings may come a little later; the gates are judged on them, not guessed.
  if (target.failOn && !status.findings && !status.results?.available) return undefined;
  const judgement = judgeGates(status, target.failOn, target.acceptances ?? [], today);
  // What the gates were judged on, when it is less than a whole list (a cut, the vendor's counts).
  const accepted = `${judgement.accepted.length === 0 ? "" : `; ${judgement.accepted.length} accepted`}${judgement.notes.map((n) => `; ${n}`).join("")}`;
  if (!target.failOn) return { verdict: "succeeded", message: `finished (${status.vendorState})${accepted}`, judgement };
  const tripped = judgement.gates.filter((g) => !g.passed);
  return tripped.length > 0
    ? { verdict: "threshold", message: `finished; failed ${tripped.map((g) => `${g.name} (${g.message})`).join("; ")}${accepted}`, judgement }
    : { verdict: "succeeded", message: `finished (${status.vendorState}); passed ${describeGates(judgement.gates)}${accepted}`, judgement };
}

function finish(w: Watch, v: { verdict: Verdict; message: string; judgement?: Judgement }, deps: WaitDeps, emit: (e: Unstamped<WaitEvent>) => void): void {
  const { target, last } = w;
  w.outcome = {
    address: target.address,
    vendor: target.vendor,
    ...(target.source === undefined ? {} : { source: target.source }),
    ...(target.runId === undefined ? {} : { runId: target.runId }),
    ...v,
    ...(last ? { status: last } : {}),
  };
  emit({
    type: "run-finished",
    address: target.address,
    ...(target.runId === undefined ? {} : { runId: target.runId }),
    verdict: v.verdict,
    message: v.message,
    elapsedMs: elapsed(w, deps),
    ...(last ? { vendorState: last.vendorState } : {}),
    ...(last?.findings ? { findings: last.findings } : {}),
    ...(target.failOn ? { failOn: target.failOn } : {}),
    ...(v.judgement === undefined ? {} : { gates: v.judgement.gates, accepted: v.judgement.accepted.length }),
  });
}

const elapsed = (w: Watch, deps: WaitDeps): number => Math.max(0, deps.now().getTime() - w.since);
const timedOut = (w: Watch, deps: WaitDeps): boolean => elapsed(w, deps) >= w.target.timeoutMs;
const timeoutText = (w: Watch): string => `not finished within its wait.timeout of ${formatDuration(w.target.timeoutMs)}`;

