/**
 * `scanform validate [paths...]`: load and check the manifests without contacting any vendor or
 * reading any secret. Text goes out as `file:line:col: error CODE: message` with the hint indented
 * below, which editors and CI annotate; `--json` gives the same findings to tools.
 */
import { formatLocation, type Diagnostic } from "../core/errors.js";
import { loadDesired, type LoadResult } from "../manifest/index.js";
import type { RegisterCommand } from "./commands.js";
import { EXIT } from "./exit-codes.js";

/** Bumped when a field of the JSON output changes meaning or disappears. */
export const VALIDATE_JSON_VERSION = 1;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.source ? `${formatLocation(d.source)}: ` : "";
  const path = d.source?.path ? ` (at ${d.source.path})` : "";
  return `${where}${d.severity} ${d.code}: ${d.message}${path}\n${d.hint ? `    ${d.hint}\n` : ""}`;
}

const NO_SCOPE = "No scope is declared: seeds, targets and URLs were not checked against what you own. Add a `scope:` block (docs/manifest.md#scope).\n";

export function validateSummary(result: LoadResult): string {
  if (!result.ok) {
    const errors = result.diagnostics.filter((d) => d.severity === "error").length;
    return `${plural(errors, "error")} found; nothing is valid until all are fixed.\n`;
  }
  const { resources, files, scope } = result.desired;
  const valid = `${plural(resources.length, "resource")} in ${plural(files.length, "file")} ${resources.length === 1 ? "is" : "are"} valid.\n`;
  return scope?.declared === false ? `${valid}${NO_SCOPE}` : valid;
}

export function validateJson(result: LoadResult): string {
  const diagnostics = result.ok ? result.warnings : result.diagnostics;
  return `${JSON.stringify(
    {
      version: VALIDATE_JSON_VERSION,
      valid: result.ok,
      ...(result.ok ? { files: result.desired.files, resources: result.desired.resources.map((r) => r.address), scopeDeclared: result.desired.scope?.declared ?? false } : {}),
      diagnostics: diagnostics.map((d) => ({
        code: d.code,
        severity: d.severity,
        message: d.message,
        ...(d.hint === undefined ? {} : { hint: d.hint }),
        ...(d.source === undefined ? {} : { file: d.source.file, line: d.source.line, column: d.source.column, ...(d.source.path ? { path: d.source.path } : {}) }),
      })),
    },
    null,
    2,
  )}\n`;
}

export const registerValidate: RegisterCommand = (program, io, setExit) => {
  program
    .command("validate")
    .description("Check manifests: YAML, schema, seeds and targets, references. Needs no credentials.")
    .argument("[paths...]", "manifest files or directories (searched for *.yaml, *.yml); default: the current directory")
    .option("--json", "print the result as JSON for tools")
    .action(async (paths: string[], flags: { json?: boolean }) => {
      const result = await loadDesired(paths, { cwd: io.cwd });
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
