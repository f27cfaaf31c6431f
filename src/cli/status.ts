/**
 * `scanform status [paths]`: the status operation (src/ops/status.ts) as a table or JSON.
 * Exit 0, or 1 when a status could not be read.
 */
import { statusOperation } from "../ops/status.js";
import type { OpenWorkspace } from "../ops/workspace.js";
import { palette, useColor } from "../render/color.js";
import { statusJson, statusTable } from "../render/progress-status.js";
import type { RegisterCommand } from "./commands.js";
import { EXIT } from "../core/exit-codes.js";
import type { CliIO } from "./io.js";
import { inWorkspace } from "./run-deps.js";

export interface StatusFlags {
  readonly paths: readonly string[];
  readonly json: boolean;
  readonly color: boolean;
  readonly debug: boolean;
}

export function registerStatus(openWorkspace: OpenWorkspace): RegisterCommand {
  return (program, io, setExit) => {
    program
      .command("status")
      .description("Show how the runs scanform launched are doing, in as few status calls as each vendor allows.")
      .argument("[paths...]", "manifest files or directories (default: the current directory)")
      .option("--json", "print the statuses as JSON")
      .option("--no-color", "no colour, even on a terminal")
      .option("--debug", "trace every vendor call (credentials masked) to stderr")
      .action(async (paths: string[], raw: { json?: boolean; color: boolean; debug?: boolean }) => {
        setExit(await runStatus({ paths, json: raw.json === true, color: raw.color, debug: raw.debug === true }, openWorkspace, io));
      });
  };
}

export function runStatus(flags: StatusFlags, openWorkspace: OpenWorkspace, io: CliIO, now: () => Date = () => new Date()): Promise<number> {
  return inWorkspace(openWorkspace, flags.paths, io, { debug: flags.debug }, async (ws) => {
    const rows = await statusOperation(ws, now);
    if (rows.length === 0 && !flags.json) {
      io.stdout.write("No runs: scanform has launched no run of these resources, and none of them can be polled.\n");
      return EXIT.ok;
    }
    io.stdout.write(flags.json ? statusJson(rows) : statusTable(rows, palette(useColor(io.stdout, io.env, !flags.color))));
    return rows.some((r) => "error" in r) ? EXIT.error : EXIT.ok;
  });
}
