/**
 * Diagnostics as every command but `validate` prints them: `Error:`/`Warning:`, the message, where
 * in which manifest, and the hint to act on.
 */
import { formatLocation, type Diagnostic } from "../core/errors.js";
import type { Writable } from "../core/writable.js";

export function printDiagnostics(out: Writable, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) {
    const where = d.source ? `  at ${formatLocation(d.source)}${d.source.path ? ` (${d.source.path})` : ""}\n` : "";
    out.write(`${d.severity === "error" ? "Error" : "Warning"}: ${d.message}\n${where}${d.hint ? `  ${d.hint}\n` : ""}`);
  }
}
