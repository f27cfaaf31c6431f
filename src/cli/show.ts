/** `scanform show FILE`: print a saved plan as text (the default), JSON or Markdown. */
import { resolve } from "node:path";
import { Option } from "commander";
import { isScanformError } from "../core/errors.js";
import { readPlanFile } from "../plan/plan-file.js";
import { useColor } from "../render/color.js";
import { printDiagnostics } from "../render/diagnostics.js";
import { renderAs } from "../render/plan-format.js";
import type { RegisterCommand } from "./commands.js";
import { EXIT } from "./exit-codes.js";

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
        setExit(EXIT.ok);
      } catch (e) {
        if (!isScanformError(e)) throw e;
        printDiagnostics(io.stderr, [e.toDiagnostic()]);
        setExit(EXIT.error);
      }
    });
};
