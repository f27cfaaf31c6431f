/**
 * Diagnostics as every command but `validate` prints them: `Error:`/`Warning:`, the message, where
 * in which manifest, and the hint to act on.
 */
import { inertLines } from "../core/printable.js";
import { formatLocation, type Diagnostic } from "../core/errors.js";
import type { Writable } from "../core/writable.js";
import { PLAIN, type Palette } from "./color.js";
import { omittedLine, shownFindings } from "./findings.js";

export function printDiagnostics(out: Writable, diagnostics: readonly Diagnostic[], p: Palette = PLAIN): void {
  const findings = shownFindings(diagnostics);
  for (const d of findings.shown) {
    const where = d.source ? `  at ${formatLocation(d.source)}${d.source.path ? ` (${d.source.path})` : ""}\n` : "";
    const label = d.severity === "error" ? p.red(p.bold("Error:")) : p.yellow(p.bold("Warning:"));
    // Messages quote manifests and vendors: their own line breaks are kept, nothing that steers a terminal.
    out.write(`${label} ${inertLines(d.message)}\n${where}${d.hint ? `  ${inertLines(d.hint)}\n` : ""}`);
  }
  out.write(omittedLine(findings, "run `scanform validate --max-findings 0` to see them all"));
}
