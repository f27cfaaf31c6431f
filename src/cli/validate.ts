/**
 * `scanform validate [paths...]`: load and check the manifests without contacting any vendor or
 * reading any secret. Text goes out as `file:line:col: error CODE: message` with the hint indented
 * below, which editors and CI annotate; `--json` gives the same findings to tools.
 */
import { validateManifests } from "../ops/validate.js";
import { formatDiagnostic, validateJson, validateSummary } from "../render/validate.js";
import type { RegisterCommand } from "./commands.js";
import { EXIT } from "./exit-codes.js";

export const registerValidate: RegisterCommand = (program, io, setExit) => {
  program
    .command("validate")
    .description("Check manifests: YAML, schema, seeds and targets, references. Needs no credentials.")
    .argument("[paths...]", "manifest files or directories (searched for *.yaml, *.yml); default: the current directory")
    .option("--json", "print the result as JSON for tools")
    .action(async (paths: string[], flags: { json?: boolean }) => {
      const result = await validateManifests(paths, io.cwd);
      if (flags.json) {
        io.stdout.write(validateJson(result));
      } else {
        const findings = result.ok ? result.warnings : result.diagnostics;
        for (const d of findings) io.stderr.write(formatDiagnostic(d));
        (result.ok ? io.stdout : io.stderr).write(validateSummary(result));
      }
      setExit(result.ok ? EXIT.ok : EXIT.error);
    });
};
