/**
 * How many findings a command prints. A hostile file can produce 100,000 of them; past the cap the
 * rest are counted, not printed, so the output stays readable and bounded.
 */
import type { Diagnostic } from "../core/errors.js";

/** Findings printed unless asked otherwise (`validate --max-findings`; 0 prints all). */
export const MAX_FINDINGS_SHOWN = 100;

export interface ShownFindings {
  readonly shown: readonly Diagnostic[];
  readonly omitted: { readonly errors: number; readonly warnings: number };
}

export function shownFindings(findings: readonly Diagnostic[], max: number = MAX_FINDINGS_SHOWN): ShownFindings {
  const shown = max === 0 ? findings : findings.slice(0, max);
  let errors = 0;
  for (let i = shown.length; i < findings.length; i++) if (findings[i]!.severity === "error") errors++;
  return { shown, omitted: { errors, warnings: findings.length - shown.length - errors } };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The line after the printed findings, or "" when all were printed; `seeAll` says how to print them all. */
export function omittedLine({ omitted }: ShownFindings, seeAll = "pass --max-findings 0 to see them all"): string {
  const total = omitted.errors + omitted.warnings;
  if (total === 0) return "";
  return `… ${plural(total, "more finding")} not shown (${plural(omitted.errors, "error")}, ${plural(omitted.warnings, "warning")}); fix these first, or ${seeAll}.\n`;
}
