/**
 * `scanform plan [paths]`: the plan operation (src/ops/plan.ts) rendered as text, JSON or Markdown,
 * optionally saved (`--out`) and appended to the GitHub job summary. Exit 0 on success,
 * 1 on error, 2 with `--detailed-exitcode` when there is something to apply.
 */
import { resolve } from "node:path";
import { Option } from "commander";
import { planOperation } from "../ops/plan.js";
import type { OpenWorkspace } from "../ops/workspace.js";
import { writePlanFile } from "../plan/plan-file.js";
import { hasChanges } from "../plan/summary.js";
import { paletteFor, useColor } from "../render/color.js";
import { printDiagnostics } from "../render/diagnostics.js";
import { renderAs, type PlanFormat } from "../render/plan-format.js";
import { renderPlanMarkdown } from "../render/plan-markdown.js";
import { ALLOW_MASS_RECREATE_FLAG, ALLOW_MASS_RECREATE_HELP } from "../plan/vanish-policy.js";
import type { RegisterCommand } from "./commands.js";
import { addPlanningFlags } from "./plan-flags.js";
import { EXIT } from "../core/exit-codes.js";
import type { CliIO } from "./io.js";
import { inWorkspace } from "./run-deps.js";
import { appendJobSummary } from "./output-files.js";

export interface PlanFlags {
  readonly paths: readonly string[];
  readonly out?: string;
  readonly format: PlanFormat;
  readonly targets: readonly string[];
  readonly detailedExitcode: boolean;
  readonly refresh: boolean;
  /** false with `--no-color`; colour is still used only on a terminal without NO_COLOR. */
  readonly color: boolean;
  readonly debug: boolean;
  /** `--allow-mass-recreate` (src/plan/vanish-policy.ts). */
  readonly allowMassRecreate?: boolean;
}

export interface PlanCommandDeps {
  readonly now?: () => Date;
}

export interface RawFlags {
  out?: string;
  json?: boolean;
  markdown?: boolean;
  target?: string[];
  detailedExitcode?: boolean;
  refresh: boolean;
  color: boolean;
  debug?: boolean;
  allowMassRecreate?: boolean;
}

export function registerPlan(openWorkspace: OpenWorkspace, deps: PlanCommandDeps = {}): RegisterCommand {
  return (program, io, setExit) => {
    const plan = program
      .command("plan")
      .description("Show what apply would change at the vendors to make them match the manifests.")
      .argument("[paths...]", "manifest files or directories (default: the current directory)")
      .option("--out <file>", "save the plan, to apply exactly it later with `scanform apply FILE`")
      .addOption(new Option("--json", "print the plan as JSON (schemas/plan.schema.json)").conflicts("markdown"))
      .option("--markdown", "print the plan as Markdown for a pull-request comment");
    addPlanningFlags(plan, { exit2: "there are changes" })
      .option("--no-color", "no colour, even on a terminal")
      .option("--debug", "trace every vendor call (credentials masked) to stderr")
      .option(ALLOW_MASS_RECREATE_FLAG, ALLOW_MASS_RECREATE_HELP)
      .action(async (paths: string[], raw: RawFlags) => {
        setExit(await runPlan(toFlags(paths, raw), openWorkspace, io, deps.now ?? (() => new Date())));
      });
  };
}

export function toFlags(paths: readonly string[], raw: RawFlags): PlanFlags {
  return {
    paths,
    ...(raw.out === undefined ? {} : { out: raw.out }),
    format: raw.json ? "json" : raw.markdown ? "markdown" : "text",
    targets: raw.target ?? [],
    detailedExitcode: raw.detailedExitcode === true,
    refresh: raw.refresh,
    color: raw.color,
    debug: raw.debug === true,
    allowMassRecreate: raw.allowMassRecreate === true,
  };
}

export function runPlan(flags: PlanFlags, openWorkspace: OpenWorkspace, io: CliIO, now: () => Date): Promise<number> {
  return inWorkspace(openWorkspace, flags.paths, io, { debug: flags.debug, findingsAsJson: flags.format === "json" }, async (ws) => {
    const outcome = await planOperation(ws, { targets: flags.targets, refresh: flags.refresh, now, allowMassRecreate: flags.allowMassRecreate === true });
    if (!outcome.ok) {
      printDiagnostics(io.stderr, outcome.diagnostics, paletteFor(io.stderr, io.env));
      return EXIT.error;
    }
    const { plan } = outcome;
    io.stdout.write(renderAs(plan, flags.format, useColor(io.stdout, io.env, !flags.color)));
    if (flags.out !== undefined) {
      await writePlanFile(resolve(io.cwd, flags.out), { ...plan, paths: flags.paths.length > 0 ? flags.paths : ["."] });
      const note = flags.format === "text" ? io.stdout : io.stderr;
      note.write(`\nSaved the plan to ${flags.out}. To apply exactly these changes, run:\n    scanform apply ${flags.out}\n`);
    }
    await appendJobSummary(io, `${renderPlanMarkdown(plan)}\n`);
    return flags.detailedExitcode && hasChanges(plan) ? EXIT.changes : EXIT.ok;
  });
}
