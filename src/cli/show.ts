/**
 * `scanform show FILE`: print a saved plan as text (the default), JSON or Markdown, and warn when
 * its manifests or state have moved since it was made (what can be checked without a vendor).
 */
import { resolve } from "node:path";
import { Option } from "commander";
import { isScanformError } from "../core/errors.js";
import { offlineStaleness } from "../ops/plan-staleness.js";
import { readPlanFile } from "../plan/plan-file.js";
import { paletteFor, useColor } from "../render/color.js";
import { printDiagnostics } from "../render/diagnostics.js";
import { renderAs } from "../render/plan-format.js";
import type { RegisterCommand } from "./commands.js";
import { EXIT } from "../core/exit-codes.js";

export const registerShow: RegisterCommand = (program, io, setExit) => {
  program
    .command("show")
    .description("Print a plan saved with `scanform plan --out FILE`.")
    .argument("<file>", "the saved plan")
    .addOption(new Option("--json", "as JSON (schemas/plan.schema.json)").conflicts("markdown"))
    .option("--markdown", "as Markdown for a pull-request comment")
    .option("--no-color", "no colour, even on a terminal")
    .action(async (file: string, raw: { json?: boolean; markdown?: boolean; color: boolean }) => {
      try {
        const plan = await readPlanFile(resolve(io.cwd, file));
        io.stdout.write(renderAs(plan, raw.json ? "json" : raw.markdown ? "markdown" : "text", useColor(io.stdout, io.env, !raw.color)));
        const stale = await offlineStaleness(plan, io);
        if (stale !== undefined && stale.length > 0) {
          io.stderr.write(`Warning: this plan is stale; \`scanform apply ${file}\` would refuse it (exit ${EXIT.stalePlan}). Since it was made:\n${stale.map((l) => `  ${l}\n`).join("")}`);
        }
        setExit(EXIT.ok);
      } catch (e) {
        if (!isScanformError(e)) throw e;
        printDiagnostics(io.stderr, [e.toDiagnostic()], paletteFor(io.stderr, io.env));
        setExit(EXIT.error);
      }
    });
};
