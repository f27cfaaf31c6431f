/**
 * What `scanform validate` prints: `file:line:col: error CODE: message` with the hint indented
 * below, which editors and CI annotate, a one-line summary, and the same findings as JSON for tools.
 */
import { formatLocation, type Diagnostic } from "../core/errors.js";
import { manifestTopLevelKeys, type LoadResult } from "../manifest/index.js";
import { PLAIN, type Palette } from "./color.js";
import { omittedLine, shownFindings } from "./findings.js";

/**
 * `validate --json`'s format, versioned as every JSON output of scanform is: `format_version`
 * "MAJOR.MINOR", snake_case keys, a schema in schemas/ (validate.schema.json). The major moves
 * when a field changes meaning or disappears; 2.0 replaced 1's `version` key.
 */
export const VALIDATE_JSON_FORMAT_VERSION = "2.0";

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

export function formatDiagnostic(d: Diagnostic, p: Palette = PLAIN): string {
  const where = d.source ? `${p.bold(formatLocation(d.source))}: ` : "";
  const path = d.source?.path ? ` (at ${d.source.path})` : "";
  const severity = d.severity === "error" ? p.red(`${d.severity} ${d.code}`) : p.yellow(`${d.severity} ${d.code}`);
  return `${where}${severity}: ${d.message}${path}\n${d.hint ? `    ${d.hint}\n` : ""}`;
}

const NO_SCOPE = "No scope is declared: seeds, targets and URLs were not checked against what you own. Add a `scope:` block (docs/manifest.md#scope).\n";

export function validateSummary(result: LoadResult): string {
  if (!result.ok) {
    const errors = result.diagnostics.filter((d) => d.severity === "error").length;
    return `${plural(errors, "error")} found; nothing is valid until all are fixed.\n${skippedText(result, undefined)}`;
  }
  const { resources, files, scope } = result.desired;
  const valid = `${plural(resources.length, "resource")} in ${plural(files.length, "file")} ${resources.length === 1 ? "is" : "are"} valid.\n`;
  return `${valid}${skippedText(result, files)}${scope?.declared === false ? NO_SCOPE : ""}`;
}

/** Only when a directory walk passed files over: which were read, which were not and why. */
function skippedText(result: LoadResult, read: readonly string[] | undefined): string {
  if (result.skipped.length === 0) return "";
  const lines = [
    ...(read === undefined ? [] : [`Read: ${read.join(", ")}`]),
    `Skipped ${plural(result.skipped.length, "YAML file")} with no scanform top-level key (${[...manifestTopLevelKeys()].join(", ")}):`,
    ...result.skipped.map((s) => `  ${s.file}: ${s.reason}`),
  ];
  return `${lines.join("\n")}\n`;
}

/** The findings to print, at most `maxFindings` of them (0: all), then how many more there are. */
export function validateText(result: LoadResult, maxFindings?: number, p: Palette = PLAIN): string {
  const findings = shownFindings(result.ok ? result.warnings : result.diagnostics, maxFindings);
  return findings.shown.map((d) => formatDiagnostic(d, p)).join("") + omittedLine(findings);
}

export function validateJson(result: LoadResult, maxFindings?: number): string {
  const { shown, omitted } = shownFindings(result.ok ? result.warnings : result.diagnostics, maxFindings);
  return `${JSON.stringify(
    {
      format_version: VALIDATE_JSON_FORMAT_VERSION,
      valid: result.ok,
      ...(result.ok ? { files: result.desired.files, resources: result.desired.resources.map((r) => r.address), scope_declared: result.desired.scope?.declared ?? false } : {}),
      skipped: result.skipped,
      diagnostics: shown.map((d) => ({
        code: d.code,
        severity: d.severity,
        message: d.message,
        ...(d.hint === undefined ? {} : { hint: d.hint }),
        ...(d.source === undefined ? {} : { file: d.source.file, line: d.source.line, column: d.source.column, ...(d.source.path ? { path: d.source.path } : {}) }),
      })),
      ...(omitted.errors + omitted.warnings === 0 ? {} : { omitted }),
    },
    null,
    2,
  )}\n`;
}
