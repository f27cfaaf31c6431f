/**
 * Diagnostics as every command but `validate` prints them: `Error:`/`Warning:`, the message, where
 * in which manifest, and the hint to act on.
 */
import { formatLocation, type Diagnostic } from "../core/errors.js";
import type { Writable } from "../core/writable.js";
import { PLAIN, type Palette } from "./color.js";
import { omittedLine, shownFindings } from "./findings.js";

export function printDiagnostics(out: Writable, diagnostics: readonly Diagnostic[], p: Palette = PLAIN): void {
  const findings = shownFindings(diagnostics);
  for (const d of findings.shown) {
    const where = d.source ? `  at ${formatLocation(d.source)}${d.source.path ? ` (${d.source.path})` : ""}\n` : "";
    const label = d.severity === "error" ? p.red(p.bold("Error:")) : p.yellow(p.bold("Warning:"));
    out.write(`${label} ${d.message}\n${where}${d.hint ? `  ${d.hint}\n` : ""}`);
  }
  out.write(omittedLine(findings, "run `scanform validate --max-findings 0` to see them all"));
}
