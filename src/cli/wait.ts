/**
 * `scanform wait [paths]`: wait for the runs scanform last launched (and the latest state of
 * pollable objects that are not launched) to finish, with progress, then judge them against each
 * resource's `wait.timeout` and `failOn`. Reads state, never takes the lock.
 * Exit: 0 all passed; EXIT.gateTripped a gate of failOn tripped; EXIT.scanBroke a run failed, was cancelled or timed out; 1 error or interrupted.
 */
import { waitExitCode } from "../apply/tally.js";
import { waitOperation } from "../ops/wait.js";
import type { OpenWorkspace } from "../ops/workspace.js";
import type { RegisterCommand } from "./commands.js";
import { EXIT } from "../core/exit-codes.js";
import { noInterrupts } from "./interrupts.js";
import type { CliIO } from "./io.js";
import { checkPollCeiling, pollIntervalOption, pollMaxIntervalOption, POLL_INTERVAL_ENV, POLL_MAX_INTERVAL_ENV } from "./duration-flags.js";
import { envDefaults } from "./env-defaults.js";
import { inWorkspace, realSleep, type RunDeps } from "./run-deps.js";
import { NO_RUNS, removeReports, reportOption, writeReportFiles, writeReports, type ReportRequest } from "./report-flags.js";
import { runOutput } from "./run-output.js";

export interface WaitFlags {
  readonly paths: readonly string[];
  /** How long to sleep between two polls of the runs not yet finished, at first and after a change. */
  readonly pollIntervalMs: number;
  /** The longest sleep between two polls, reached while no run changes. */
  readonly pollMaxIntervalMs?: number;
  readonly json: boolean;
  readonly color: boolean;
  readonly debug: boolean;
  readonly reports?: readonly ReportRequest[];
}

export function registerWait(openWorkspace: OpenWorkspace, deps: RunDeps = {}): RegisterCommand {
  return (program, io, setExit) => {
    program
      .command("wait")
      .description("Wait for the runs scanform launched to finish, then judge them (wait.timeout, failOn).")
      .argument("[paths...]", "manifest files or directories (default: the current directory)")
      .addOption(pollIntervalOption())
      .addOption(pollMaxIntervalOption())
      .addOption(reportOption())
      .option("--json", "report as JSON lines")
      .option("--no-color", "no colour, even on a terminal")
      .option("--debug", "trace every vendor call (credentials masked) to stderr")
      .hook("preAction", envDefaults(io, [POLL_INTERVAL_ENV, POLL_MAX_INTERVAL_ENV]))
      .hook("preAction", checkPollCeiling)
      .action(async (paths: string[], raw: RawWaitFlags) => {
        setExit(await runWait(toWaitFlags(paths, raw), openWorkspace, io, deps));
      });
  };
}

export interface RawWaitFlags {
  pollInterval: number;
  pollMaxInterval?: number;
  json?: boolean;
  color: boolean;
  debug?: boolean;
  report?: ReportRequest[];
}

export const toWaitFlags = (paths: readonly string[], raw: RawWaitFlags): WaitFlags => ({
  paths,
  pollIntervalMs: raw.pollInterval,
  ...(raw.pollMaxInterval === undefined ? {} : { pollMaxIntervalMs: raw.pollMaxInterval }),
  json: raw.json === true,
  color: raw.color,
  debug: raw.debug === true,
  reports: raw.report ?? [],
});

export async function runWait(flags: WaitFlags, openWorkspace: OpenWorkspace, io: CliIO, deps: RunDeps = {}): Promise<number> {
  await removeReports(flags.reports ?? [], io);
  const interrupts = (deps.interrupts ?? noInterrupts)((m) => io.stderr.write(`${m}\n`));
  try {
    return await inWorkspace(openWorkspace, flags.paths, io, { debug: flags.debug }, async (ws) => {
      const result = await waitOperation(ws, {
        emit: runOutput(io, flags).wait,
        now: deps.now ?? (() => new Date()),
        sleep: deps.sleep ?? realSleep,
        pollIntervalMs: flags.pollIntervalMs,
        ...(flags.pollMaxIntervalMs === undefined ? {} : { pollMaxIntervalMs: flags.pollMaxIntervalMs }),
        signal: interrupts.stop,
      });
      if (!result) {
        io.stderr.write("Nothing to wait for: scanform has launched no run of these resources, and none of them can be polled.\n");
        return (await writeReportFiles(NO_RUNS, flags.reports ?? [], io)) ? EXIT.ok : EXIT.error;
      }
      const written = await writeReports(result, flags.reports ?? [], io);
      const verdict = waitExitCode(result.counts);
      return verdict === EXIT.ok && !written ? EXIT.error : verdict;
    });
  } finally {
    interrupts.dispose();
  }
}
