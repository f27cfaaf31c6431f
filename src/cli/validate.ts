/**
 * `scanform validate [paths...]`: load and check the manifests without contacting any vendor or
 * reading any secret. Text goes out as `file:line:col: error CODE: message` with the hint indented
 * below, which editors and CI annotate; `--json` gives the same findings to tools.
 */
import { validateManifests } from "../ops/validate.js";
import { MAX_FINDINGS_SHOWN } from "../render/findings.js";
import { paletteFor } from "../render/color.js";
import { validateJson, validateSummary, validateText } from "../render/validate.js";
import type { RegisterCommand } from "./commands.js";
import { EXIT } from "../core/exit-codes.js";
import { parseInteger } from "./integer-flag.js";

export const registerValidate: RegisterCommand = (program, io, setExit) => {
  program
    .command("validate")
    .description("Check manifests: YAML, schema, seeds and targets, references. Needs no credentials.")
    .argument("[paths...]", "manifest files or directories (searched for *.yaml, *.yml); default: the current directory")
    .option("--json", "print the result as JSON for tools")
    .option("--max-findings <n>", `print at most n findings and count the rest; 0 prints all (default ${MAX_FINDINGS_SHOWN})`, parseInteger("--max-findings", 0, Number.MAX_SAFE_INTEGER))
    .option("--no-color", "no colour, even on a terminal")
    .action(async (paths: string[], flags: { json?: boolean; maxFindings?: number; color: boolean }) => {
      const result = await validateManifests(paths, io.cwd);
      if (flags.json) {
        io.stdout.write(validateJson(result, flags.maxFindings));
      } else {
        io.stderr.write(validateText(result, flags.maxFindings, paletteFor(io.stderr, io.env, !flags.color)));
        (result.ok ? io.stdout : io.stderr).write(validateSummary(result));
      }
      setExit(result.ok ? EXIT.ok : EXIT.error);
    });
};
