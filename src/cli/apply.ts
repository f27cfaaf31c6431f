/**
 * `scanform apply [FILE | paths...]`: make the vendors match the manifests. With a saved plan FILE
 * it applies exactly that plan, refused when stale; without one it plans, shows the plan and asks
 * for `yes` on a terminal (elsewhere `--auto-approve` is required). The state lock is held from
 * before the plan to the end. `--wait` then waits for the runs the apply launched.
 * Exit: 0 success; 1 error or any failed step; EXIT.stalePlan, EXIT.locked; EXIT.runFailed from waiting.
 */
import { randomUUID } from "node:crypto";
import { stat } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { InvalidArgumentError, Option } from "commander";
import { applyPlan, DEFAULT_PARALLELISM } from "../apply/engine.js";
import { fanOut, stamper, type ApplyEvent } from "../apply/events.js";
import { manifestSpecs, recordSettlements, settleJournal, settlementEvents, type SettleResult } from "../apply/journal/settle.js";
import { appliedTargets } from "../apply/run-targets.js";
import { createTally, waitExitCode } from "../apply/tally.js";
import { waitForRuns } from "../apply/wait.js";
import type { Address } from "../core/address.js";
import { isScanformError, ScanformError } from "../core/errors.js";
import { makePlan } from "../plan/make-plan.js";
import { readPlanFile } from "../plan/plan-file.js";
import type { Plan } from "../plan/plan.js";
import { hasChanges } from "../plan/summary.js";
import { useColor } from "../render/color.js";
import { renderPlanText } from "../render/plan-text.js";
import type { LockInfo } from "../state/capabilities.js";
import { lockRequest } from "../state/lock-info.js";
import { versionOf } from "../state/snapshot.js";
import type { Ids, Observation } from "../vendors/driver.js";
import { confirmed, type Ask } from "./ask.js";
import type { RegisterCommand } from "./commands.js";
import { EXIT } from "./exit-codes.js";
import { noInterrupts, type Interrupts } from "./interrupts.js";
import type { CliIO } from "./io.js";
import { printDiagnostics } from "./plan.js";
import { runOutput } from "./run-output.js";
import { checkStillHeld } from "./still-held.js";
import { checkSavedPlan } from "./apply-saved-plan.js";
import { lockTimeoutOption, pollIntervalOption } from "./duration-flags.js";
import { inWorkspace, realSleep, type RunDeps } from "./run-deps.js";
import type { OpenWorkspace, Workspace } from "./workspace.js";

export interface ApplyFlags {
  /** A saved plan file (when the first argument is one) and manifest paths. */
  readonly args: readonly string[];
  readonly autoApprove: boolean;
  readonly parallelism: number;
  readonly lockTimeoutMs: number;
  readonly wait: boolean;
  /** With --wait: how long to sleep between two polls of the runs not yet finished. */
  readonly pollIntervalMs: number;
  readonly json: boolean;
  readonly color: boolean;
  readonly debug: boolean;
}

export interface ApplyCommandDeps extends RunDeps {
  /** Steps in flight per vendor (each vendor's own cap); a vendor not listed shares --parallelism. */
  readonly vendorLimits?: ReadonlyMap<string, number>;
  /** Asks the person at the terminal; default: a line read from stdin. */
  readonly ask?: Ask;
}

export interface RawApplyFlags {
  autoApprove?: boolean;
  parallelism: number;
  lockTimeout: number;
  wait?: boolean;
  pollInterval: number;
  json?: boolean;
  color: boolean;
  debug?: boolean;
}

export function registerApply(openWorkspace: OpenWorkspace, deps: ApplyCommandDeps = {}): RegisterCommand {
  return (program, io, setExit) => {
    program
      .command("apply")
      .description("Make the vendors match the manifests: plan, ask, apply; or apply exactly a saved plan FILE.")
      .argument("[args...]", "a saved plan FILE (from `scanform plan --out`) and/or manifest files or directories (default: the current directory)")
      .option("--auto-approve", "apply without asking (required when stdin is not a terminal)")
      .addOption(new Option("--parallelism <n>", "vendor steps in flight at once").argParser(parsePositive).default(DEFAULT_PARALLELISM))
      .addOption(lockTimeoutOption())
      .option("--wait", "wait for the runs the apply launched and judge them (wait.timeout, failOn)")
      .addOption(pollIntervalOption())
      .option("--json", "report as JSON lines (needs --auto-approve or a saved plan)")
      .option("--no-color", "no colour, even on a terminal")
      .option("--debug", "trace every vendor call (credentials masked) to stderr")
      .action(async (args: string[], raw: RawApplyFlags) => {
        setExit(await runApply(toApplyFlags(args, raw), openWorkspace, io, deps));
      });
  };
}

export const toApplyFlags = (args: readonly string[], raw: RawApplyFlags): ApplyFlags => ({
  args,
  autoApprove: raw.autoApprove === true,
  parallelism: raw.parallelism,
  lockTimeoutMs: raw.lockTimeout,
  wait: raw.wait === true,
  pollIntervalMs: raw.pollInterval,
  json: raw.json === true,
  color: raw.color,
  debug: raw.debug === true,
});

export async function runApply(flags: ApplyFlags, openWorkspace: OpenWorkspace, io: CliIO, deps: ApplyCommandDeps = {}): Promise<number> {
  let saved: Plan | undefined;
  let paths: readonly string[];
  try {
    const split = await splitArguments(flags.args, io.cwd);
    paths = split.paths;
    saved = split.planFile === undefined ? undefined : await readPlanFile(resolve(io.cwd, split.planFile));
    if (!saved && !flags.autoApprove && (flags.json || io.stdin?.isTTY !== true)) throw needsApproval(flags.json);
  } catch (e) {
    if (!isScanformError(e)) throw e;
    printDiagnostics(io.stderr, [e.toDiagnostic()]);
    return EXIT.error;
  }
  // At the prompt nothing has started, so an interrupt there only cancels: its "stopping after
  // the steps in flight" message would tell of steps that do not exist.
  let prompting = false;
  const interrupts = (deps.interrupts ?? noInterrupts)((m) => {
    if (!prompting) io.stderr.write(`${m}\n`);
  });
  const prompt: Prompt = async (ask) => {
    prompting = true;
    try {
      return await ask(interrupts.stop);
    } finally {
      prompting = false;
    }
  };
  try {
    return await inWorkspace(openWorkspace, paths, io, flags.debug, async (ws) => {
      const lock = await ws.backend.lock(lockRequest("apply", io.env), { timeoutMs: flags.lockTimeoutMs });
      try {
        return await applyLocked(ws, saved, flags, io, deps, { interrupts, prompt, held: lock.info });
      } finally {
        await lock.release();
      }
    });
  } finally {
    // Only once the lock is released: a signal before then must still be caught, or it would kill
    // the process with the lock held.
    interrupts.dispose();
  }
}

/** Runs a question with interrupts meaning "cancel the question", not "stop the steps". */
type Prompt = <T>(ask: (cancel: AbortSignal) => Promise<T>) => Promise<T>;

/** What runApply holds around applyLocked: the interrupts, the prompt that reinterprets them, and the lock. */
interface Held {
  readonly interrupts: Interrupts;
  readonly prompt: Prompt;
  readonly held: LockInfo;
}

async function applyLocked(ws: Workspace, saved: Plan | undefined, flags: ApplyFlags, io: CliIO, deps: ApplyCommandDeps, { interrupts, prompt, held }: Held): Promise<number> {
  const now = deps.now ?? (() => new Date());
  const out = runOutput(io, flags);
  const tally = createTally();
  const emit = fanOut<ApplyEvent>(out.apply, tally.sink);
  const sessions = (vendor: string) => ws.connect(vendor).session;
  let plan: Plan;
  let observations: ReadonlyMap<string, Observation>;
  let settled: SettleResult | undefined;
  const specs = manifestSpecs(ws.desired);
  const report = (s: SettleResult): void => {
    const stamped = stamper<ApplyEvent>(emit, now);
    for (const e of settlementEvents(s)) stamped(e);
  };
  if (saved) {
    const checked = await checkSavedPlan(saved, ws, interrupts.stop, now);
    observations = checked.observations;
    plan = saved;
    // Recorded only now that the check has passed: these writes move the serial the plan names.
    if (checked.settled) {
      settled = checked.settled;
      await recordSettlements(ws.backend, settled, now, specs);
      report(settled);
    }
  } else {
    // Settled before planning, so the plan sees what an interrupted run left behind.
    settled = await settleJournal(await ws.backend.pending(), sessions, ws.backend, { now, signal: interrupts.force, specs });
    report(settled);
    const made = await makePlan({ desired: ws.desired, backend: ws.backend, drivers: ws.drivers, connect: sessions }, { now: now(), signal: interrupts.stop });
    if (made.diagnostics.length > 0) {
      printDiagnostics(io.stderr, made.diagnostics);
      return EXIT.error;
    }
    plan = made.plan;
    observations = made.observations;
    if (!flags.json) io.stdout.write(`${renderPlanText(plan, { color: useColor(io.stdout, io.env, !flags.color) })}\n`);
    if (!hasChanges(plan)) return settled.diagnostics.length > 0 ? EXIT.error : EXIT.ok;
    if (!flags.autoApprove && !(await prompt((cancel) => confirmed(io, "Do you want to perform these actions?", cancel, deps.ask)))) {
      io.stderr.write("Apply cancelled: nothing was changed.\n");
      return EXIT.error;
    }
  }
  // A saved plan's settlements were just recorded, moving the serial; an unsaved plan was made against plan.state.
  const expected = saved ? await ws.backend.read().then((s) => s && versionOf(s)) : plan.state;
  await checkStillHeld(ws.backend, held, expected);
  const result = await applyPlan(plan, {
    sessions,
    state: ws.backend,
    emit,
    parallelism: flags.parallelism,
    ...(deps.vendorLimits ? { vendorLimits: deps.vendorLimits } : {}),
    signal: interrupts.stop,
    forceSignal: interrupts.force,
    now,
    newId: deps.newId ?? randomUUID,
    knownIds: observedIds(observations),
    ...(settled ? { settled } : {}),
  });
  const applied = tally.exitCode();
  if (!flags.wait || result.interrupted) return applied;
  const targets = appliedTargets(result.steps, ws.desired, await ws.backend.read(), ws.drivers);
  if (targets.length === 0) return applied;
  const waited = await waitForRuns(targets, {
    sessions,
    emit: out.wait,
    now,
    sleep: deps.sleep ?? realSleep,
    pollIntervalMs: flags.pollIntervalMs,
    signal: interrupts.stop,
  });
  return applied === EXIT.ok ? waitExitCode(waited.counts) : applied;
}

/**
 * The first argument is a saved plan when it is a file that is not a manifest (manifests are
 * `.yaml`/`.yml`); every other argument names manifests.
 */
export async function splitArguments(args: readonly string[], cwd: string): Promise<{ planFile?: string; paths: readonly string[] }> {
  const [first, ...rest] = args;
  if (first === undefined || [".yaml", ".yml"].includes(extname(first).toLowerCase())) return { paths: args };
  const info = await stat(resolve(cwd, first)).catch(() => undefined);
  return info?.isFile() ? { planFile: first, paths: rest } : { paths: args };
}

/** Ids of every observed object by address, for drivers that need a data resource's ids (a profile's). */
const observedIds = (observations: ReadonlyMap<string, Observation>): ((a: Address) => Ids | undefined) => {
  const ids = new Map([...observations.values()].flatMap((o) => o.objects.map((x) => [x.address, x.ids] as const)));
  return (a) => ids.get(a);
};

const needsApproval = (json: boolean): ScanformError =>
  new ScanformError("APPLY_NEEDS_APPROVAL", json ? "apply --json cannot ask for approval." : "apply cannot ask for approval: stdin is not a terminal.", {
    hint: "Review the plan first (`scanform plan --out FILE`, then `scanform apply FILE`), or pass --auto-approve.",
  });

function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a whole number of 1 or more");
  return n;
}
