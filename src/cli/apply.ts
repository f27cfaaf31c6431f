/**
 * `scanform apply [FILE | paths...]`: the apply operation (src/ops/apply.ts). With a saved plan FILE
 * it applies exactly that plan, refused when stale; without one it shows the fresh plan and asks
 * for `yes` on a terminal (elsewhere `--auto-approve` is required). `--wait` then waits for the
 * runs the apply launched.
 * Exit: 0 success; 1 error or any failed step; EXIT.stalePlan, EXIT.locked; EXIT.gateTripped or EXIT.scanBroke from waiting.
 */
import { randomUUID } from "node:crypto";
import { stat } from "node:fs/promises";
import { extname, resolve } from "node:path";
import { InvalidArgumentError, Option } from "commander";
import { DEFAULT_PARALLELISM } from "../apply/engine.js";
import { fanOut, type ApplyEvent } from "../apply/events.js";
import { createTally, waitExitCode } from "../apply/tally.js";
import { NO_RUNS, removeReports, reportOption, writeReportFiles, writeReports, type ReportRequest } from "./report-flags.js";
import { isScanformError, ScanformError } from "../core/errors.js";
import { applyOperation } from "../ops/apply.js";
import { ALLOW_MASS_RECREATE_FLAG, ALLOW_MASS_RECREATE_HELP } from "../plan/vanish-policy.js";
import type { OpenWorkspace, Workspace } from "../ops/workspace.js";
import { readPlanFile } from "../plan/plan-file.js";
import type { Plan } from "../plan/plan.js";
import { paletteFor, useColor } from "../render/color.js";
import { printDiagnostics } from "../render/diagnostics.js";
import { renderPlanText } from "../render/plan-text.js";
import { lockRequest } from "../state/lock-info.js";
import { confirmed, type Ask } from "./ask.js";
import { addPlanningFlags } from "./plan-flags.js";
import type { RegisterCommand } from "./commands.js";
import { EXIT } from "../core/exit-codes.js";
import { noInterrupts, type Interrupts } from "./interrupts.js";
import type { CliIO } from "./io.js";
import { runOutput } from "./run-output.js";
import { checkPollCeiling, lockTimeoutOption, pollIntervalOption, pollMaxIntervalOption, POLL_INTERVAL_ENV, POLL_MAX_INTERVAL_ENV } from "./duration-flags.js";
import { envDefaults, type EnvDefault } from "./env-defaults.js";
import { inWorkspace, realSleep, type RunDeps } from "./run-deps.js";

export interface ApplyFlags {
  /** A saved plan file (when the first argument is one) and manifest paths. */
  readonly args: readonly string[];
  readonly autoApprove: boolean;
  readonly parallelism: number;
  readonly lockTimeoutMs: number;
  readonly wait: boolean;
  /** With --wait: how long to sleep between two polls of the runs not yet finished, at first and after a change. */
  readonly pollIntervalMs: number;
  /** With --wait: the longest sleep between two polls, reached while no run changes. */
  readonly pollMaxIntervalMs?: number;
  readonly json: boolean;
  readonly color: boolean;
  readonly debug: boolean;
  /** `--allow-mass-recreate`, for the plan apply makes (a saved plan was made with or without it). */
  readonly allowMassRecreate?: boolean;
  /** With --wait: the results reports to write once waiting is over. */
  readonly reports?: readonly ReportRequest[];
  /** For the plan apply makes (not a saved plan): only these addresses and what they need. */
  readonly targets?: readonly string[];
  /** For the plan apply makes: false compares with state only. */
  readonly refresh?: boolean;
  /** Exit 2 when changes were applied (and the runs waited for passed), 0 when there were none. */
  readonly detailedExitcode?: boolean;
}

export interface ApplyCommandDeps extends RunDeps {
  /** Requests each vendor takes at once, which its steps are pooled by (default each driver's own cap). */
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
  pollMaxInterval?: number;
  json?: boolean;
  color: boolean;
  debug?: boolean;
  allowMassRecreate?: boolean;
  report?: ReportRequest[];
  target?: string[];
  refresh?: boolean;
  detailedExitcode?: boolean;
}

export function registerApply(openWorkspace: OpenWorkspace, deps: ApplyCommandDeps = {}): RegisterCommand {
  return (program, io, setExit) => {
    const apply = program
      .command("apply")
      .description("Make the vendors match the manifests: plan, ask, apply; or apply exactly a saved plan FILE.")
      .argument("[args...]", "a saved plan FILE (from `scanform plan --out`) and/or manifest files or directories (default: the current directory)");
    addPlanningFlags(apply, { exit2: "changes were applied (and the runs waited for passed)" })
      .option("--auto-approve", "apply without asking (required when stdin is not a terminal)")
      .addOption(new Option("--parallelism <n>", "steps of one vendor in flight at once (or SCANFORM_PARALLELISM)").argParser(parsePositive).default(DEFAULT_PARALLELISM))
      .addOption(lockTimeoutOption())
      .option("--wait", "wait for the runs the apply launched and judge them (wait.timeout, failOn)")
      .addOption(pollIntervalOption())
      .addOption(pollMaxIntervalOption())
      .addOption(reportOption())
      .option("--json", "report as JSON lines (needs --auto-approve or a saved plan)")
      .option("--no-color", "no colour, even on a terminal")
      .option("--debug", "trace every vendor call (credentials masked) to stderr")
      .option(ALLOW_MASS_RECREATE_FLAG, ALLOW_MASS_RECREATE_HELP)
      .hook("preAction", envDefaults(io, [PARALLELISM_ENV, POLL_INTERVAL_ENV, POLL_MAX_INTERVAL_ENV]))
      .hook("preAction", checkPollCeiling)
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
  ...(raw.pollMaxInterval === undefined ? {} : { pollMaxIntervalMs: raw.pollMaxInterval }),
  json: raw.json === true,
  color: raw.color,
  debug: raw.debug === true,
  allowMassRecreate: raw.allowMassRecreate === true,
  reports: raw.report ?? [],
  targets: raw.target ?? [],
  refresh: raw.refresh !== false,
  detailedExitcode: raw.detailedExitcode === true,
});

export async function runApply(flags: ApplyFlags, openWorkspace: OpenWorkspace, io: CliIO, deps: ApplyCommandDeps = {}): Promise<number> {
  // First of all: a run refused before it starts (no --auto-approve in CI) must not leave the last run's reports.
  if (flags.wait) await removeReports(flags.reports ?? [], io);
  let saved: Plan | undefined;
  let paths: readonly string[];
  try {
    const split = await splitArguments(flags.args, io.cwd);
    paths = split.paths;
    saved = split.planFile === undefined ? undefined : await readPlanFile(resolve(io.cwd, split.planFile));
    // Without paths, the ones the plan was made from: another folder would name other state.
    if (saved?.paths !== undefined && paths.length === 0) paths = saved.paths;
    if (!saved && !flags.autoApprove && (flags.json || io.stdin?.isTTY !== true)) throw needsApproval(flags.json);
    if (saved && ((flags.targets ?? []).length > 0 || flags.refresh === false)) throw savedPlanIsFixed();
  } catch (e) {
    if (!isScanformError(e)) throw e;
    printDiagnostics(io.stderr, [e.toDiagnostic()], paletteFor(io.stderr, io.env));
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
    return await inWorkspace(openWorkspace, paths, io, { debug: flags.debug }, (ws) => applyInWorkspace(ws, saved, flags, io, deps, interrupts, prompt));
  } finally {
    // Only once the lock is released: a signal before then must still be caught, or it would kill
    // the process with the lock held.
    interrupts.dispose();
  }
}

/** Runs a question with interrupts meaning "cancel the question", not "stop the steps". */
type Prompt = <T>(ask: (cancel: AbortSignal) => Promise<T>) => Promise<T>;

async function applyInWorkspace(ws: Workspace, saved: Plan | undefined, flags: ApplyFlags, io: CliIO, deps: ApplyCommandDeps, interrupts: Interrupts, prompt: Prompt): Promise<number> {
  const out = runOutput(io, flags);
  const tally = createTally();
  const outcome = await applyOperation(
    ws,
    {
      ...(saved ? { saved } : {}),
      parallelism: flags.parallelism,
      ...(deps.vendorLimits ? { vendorLimits: deps.vendorLimits } : {}),
      lock: lockRequest("apply", io.env),
      lockTimeoutMs: flags.lockTimeoutMs,
      ...(flags.wait ? { wait: { pollIntervalMs: flags.pollIntervalMs, ...(flags.pollMaxIntervalMs === undefined ? {} : { pollMaxIntervalMs: flags.pollMaxIntervalMs }) } } : {}),
      allowMassRecreate: flags.allowMassRecreate === true,
      targets: flags.targets ?? [],
      refresh: flags.refresh !== false,
    },
    {
      now: deps.now ?? (() => new Date()),
      newId: deps.newId ?? randomUUID,
      sleep: deps.sleep ?? realSleep,
      stop: interrupts.stop,
      force: interrupts.force,
      emit: fanOut<ApplyEvent>(out.apply, tally.sink),
      emitWait: out.wait,
      planned: (plan) => {
        if (!flags.json) io.stdout.write(`${renderPlanText(plan, { color: useColor(io.stdout, io.env, !flags.color) })}\n`);
      },
      approve: () => (flags.autoApprove ? Promise.resolve(true) : prompt((cancel) => confirmed(io, "Do you want to perform these actions?", cancel, deps.ask))),
    },
  );
  switch (outcome.kind) {
    case "invalid":
      printDiagnostics(io.stderr, outcome.diagnostics, paletteFor(io.stderr, io.env));
      return EXIT.error;
    case "no-changes": {
      const written = flags.wait ? await writeReportFiles(NO_RUNS, flags.reports ?? [], io) : true;
      return outcome.settled.diagnostics.length > 0 || !written ? EXIT.error : EXIT.ok;
    }
    case "cancelled":
      io.stderr.write("Apply cancelled: nothing was changed.\n");
      return EXIT.error;
    case "applied": {
      const applied = tally.exitCode();
      const written = outcome.waited ? await writeReports(outcome.waited, flags.reports ?? [], io) : !flags.wait || (await writeReportFiles(NO_RUNS, flags.reports ?? [], io));
      const verdict = outcome.waited && applied === EXIT.ok ? waitExitCode(outcome.waited.counts) : applied;
      const code = verdict === EXIT.ok && !written ? EXIT.error : verdict;
      return code === EXIT.ok && flags.detailedExitcode === true ? EXIT.changes : code;
    }
  }
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

const savedPlanIsFixed = (): ScanformError =>
  new ScanformError("APPLY_SAVED_PLAN_FLAGS", "--target and --refresh shape the plan apply makes; a saved plan is applied exactly as it was made.", {
    hint: "Pass them to `scanform plan --out FILE` instead, or leave out the plan file.",
  });

const needsApproval = (json: boolean): ScanformError =>
  new ScanformError("APPLY_NEEDS_APPROVAL", json ? "apply --json cannot ask for approval." : "apply cannot ask for approval: stdin is not a terminal.", {
    hint: "Review the plan first (`scanform plan --out FILE`, then `scanform apply FILE`), or pass --auto-approve.",
  });

export const PARALLELISM_ENV: EnvDefault = { option: "parallelism", variable: "SCANFORM_PARALLELISM", parse: parsePositive };

function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError("expected a whole number of 1 or more");
  return n;
}
