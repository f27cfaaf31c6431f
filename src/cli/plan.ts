/**
 * `scanform plan [paths]`: open the workspace, read state, observe the vendors, diff, render, and
 * optionally save the plan (`--out`) and append it to the GitHub job summary. Exit 0 on success,
 * 1 on error, 2 with `--detailed-exitcode` when there is something to apply.
 */
import { appendFile } from "node:fs/promises";
import { resolve } from "node:path";
import { InvalidArgumentError, Option } from "commander";
import { parseAddress } from "../core/address.js";
import { formatLocation, type Diagnostic } from "../core/errors.js";
import { manifestSpecs, previewSettlement } from "../apply/journal/settle.js";
import { makePlan } from "../plan/make-plan.js";
import { ALLOW_MASS_RECREATE_FLAG, ALLOW_MASS_RECREATE_HELP } from "../plan/vanish-policy.js";
import { writePlanFile } from "../plan/plan-file.js";
import type { Plan } from "../plan/plan.js";
import { hasChanges } from "../plan/summary.js";
import { useColor } from "../render/color.js";
import { renderPlanJson } from "../render/plan-json.js";
import { renderPlanMarkdown } from "../render/plan-markdown.js";
import { renderPlanText } from "../render/plan-text.js";
import type { RegisterCommand } from "./commands.js";
import { EXIT } from "./exit-codes.js";
import type { CliIO, Writable } from "./io.js";
import { inWorkspace } from "./run-deps.js";
import type { JournalEntry } from "../state/model.js";
import type { OpenWorkspace, Workspace } from "./workspace.js";

export type PlanFormat = "text" | "json" | "markdown";

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
  target: string[];
  detailedExitcode?: boolean;
  refresh: boolean;
  color: boolean;
  debug?: boolean;
  allowMassRecreate?: boolean;
}

export function registerPlan(openWorkspace: OpenWorkspace, deps: PlanCommandDeps = {}): RegisterCommand {
  return (program, io, setExit) => {
    program
      .command("plan")
      .description("Show what apply would change at the vendors to make them match the manifests.")
      .argument("[paths...]", "manifest files or directories (default: the current directory)")
      .option("--out <file>", "save the plan, to apply exactly it later with `scanform apply FILE`")
      .addOption(new Option("--json", "print the plan as JSON (schemas/plan.schema.json)").conflicts("markdown"))
      .option("--markdown", "print the plan as Markdown for a pull-request comment")
      .option("--target <address>", "plan only this address and what it needs (repeatable)", collectAddress, [])
      .option("--detailed-exitcode", "exit 2 when there are changes, 0 when there are none")
      .option("--refresh <bool>", "read the vendors (--refresh=false compares with state only)", parseBool, true)
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
    targets: raw.target,
    detailedExitcode: raw.detailedExitcode === true,
    refresh: raw.refresh,
    color: raw.color,
    debug: raw.debug === true,
    allowMassRecreate: raw.allowMassRecreate === true,
  };
}

export function runPlan(flags: PlanFlags, openWorkspace: OpenWorkspace, io: CliIO, now: () => Date): Promise<number> {
  return inWorkspace(openWorkspace, flags.paths, io, flags.debug, async (ws) => {
    const { plan, diagnostics } = await planSettled(ws, flags, now);
    if (diagnostics.length > 0) {
      printDiagnostics(io.stderr, diagnostics);
      return EXIT.error;
    }
    io.stdout.write(renderAs(plan, flags.format, useColor(io.stdout, io.env, !flags.color)));
    if (flags.out !== undefined) {
      await writePlanFile(resolve(io.cwd, flags.out), plan);
      const note = flags.format === "text" ? io.stdout : io.stderr;
      note.write(`\nSaved the plan to ${flags.out}. To apply exactly these changes, run:\n    scanform apply ${flags.out}\n`);
    }
    const summary = io.env["GITHUB_STEP_SUMMARY"];
    if (summary) await appendFile(summary, `${renderPlanMarkdown(plan)}\n`);
    return flags.detailedExitcode && hasChanges(plan) ? EXIT.changes : EXIT.ok;
  });
}

/**
 * Plans as if the crash journal were settled, writing nothing: an entry a killed apply left open is
 * read back, and what landed counts as recorded, so a create that reached the vendor is not
 * mistaken for a same-named object scanform does not own. An entry the vendor cannot settle is an
 * error. The plan keeps the stored serial, so `apply FILE` (which records the same settlements
 * after its staleness check) still applies exactly it. With --refresh=false nothing is read back.
 */
async function planSettled(ws: Workspace, flags: PlanFlags, now: () => Date): Promise<{ plan: Plan; diagnostics: readonly Diagnostic[] }> {
  const connect = (vendor: string) => ws.connect(vendor).session;
  const options = { targets: flags.targets, refresh: flags.refresh, now: now(), allowMassRecreate: flags.allowMassRecreate === true };
  if (!flags.refresh) {
    const made = await makePlan({ desired: ws.desired, backend: ws.backend, drivers: ws.drivers, connect }, options);
    const open = made.state?.journal ?? [];
    return { plan: { ...made.plan, warnings: [...made.plan.warnings, ...open.map(notReadBack)] }, diagnostics: made.diagnostics };
  }
  const preview = await previewSettlement(ws.backend, connect, { now, specs: manifestSpecs(ws.desired) });
  const made = await makePlan({ desired: ws.desired, backend: { read: async () => preview.state }, drivers: ws.drivers, connect }, options);
  return { plan: made.plan, diagnostics: [...preview.settled.diagnostics, ...made.diagnostics] };
}

const notReadBack = (e: JournalEntry): Diagnostic => ({
  code: "PLAN_JOURNAL_NOT_READ",
  severity: "warning",
  message: `${e.address}: a ${e.operation} sent at ${e.startedAt} by an interrupted apply was not read back (--refresh=false), so this plan assumes it did not reach ${e.vendor}.`,
  hint: "apply reads it back first and refuses to repeat it if it landed; plan without --refresh=false to see what it finds.",
});

export function renderAs(plan: Plan, format: PlanFormat, color: boolean): string {
  if (format === "json") return renderPlanJson(plan);
  if (format === "markdown") return renderPlanMarkdown(plan);
  return renderPlanText(plan, { color });
}

export function printDiagnostics(out: Writable, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) {
    const where = d.source ? `  at ${formatLocation(d.source)}${d.source.path ? ` (${d.source.path})` : ""}\n` : "";
    out.write(`${d.severity === "error" ? "Error" : "Warning"}: ${d.message}\n${where}${d.hint ? `  ${d.hint}\n` : ""}`);
  }
}

function collectAddress(value: string, previous: string[]): string[] {
  if (!parseAddress(value)) throw new InvalidArgumentError("expected an address like qualys.webApp.shop");
  return [...previous, value];
}

function parseBool(value: string): boolean {
  if (value === "true") return true;
  if (value === "false") return false;
  throw new InvalidArgumentError("expected true or false");
}
