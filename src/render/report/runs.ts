/**
 * What every results report reads of a wait: each run's verdict, its gates, and its findings split
 * into those that count and those accepted. Pure; the reports only format it.
 */
import type { AcceptedFinding, GateResult } from "../../apply/gates.js";
import type { RunOutcome, WaitResult } from "../../apply/wait.js";
import type { Verdict } from "../../apply/wait-events.js";
import type { Finding, Severity } from "../../vendors/driver.js";

export interface ReportRun {
  readonly outcome: RunOutcome;
  readonly gates: readonly GateResult[];
  /** Most severe first; undefined when the vendor gives counts only or nothing. */
  readonly open?: readonly Finding[];
  readonly accepted: readonly AcceptedFinding[];
  /** Why the vendor gives no findings, when it says. */
  readonly unavailable?: string;
}

/** A run the scanner could not finish: failed, cancelled, timed out or unreadable. */
export const BROKE: ReadonlySet<Verdict> = new Set(["failed", "timeout", "error"]);

/** A finding of unknown severity could be of any, so it sorts with the most severe, ahead of them. */
const rank = (f: Finding): number => f.severity ?? 6;
const bySeverity = (a: Finding, b: Finding): number => rank(b) - rank(a) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);

export function reportRuns(result: WaitResult): ReportRun[] {
  return result.runs.map((outcome) => {
    const j = outcome.judgement;
    const results = outcome.status?.results;
    return {
      outcome,
      gates: j?.gates ?? [],
      ...(j?.open === undefined ? {} : { open: [...j.open].sort(bySeverity) }),
      accepted: j?.accepted ?? [],
      ...(results !== undefined && !results.available ? { unavailable: results.why } : {}),
    };
  });
}

export const SEVERITY_NAMES: Readonly<Record<Severity, string>> = { 5: "urgent", 4: "critical", 3: "serious", 2: "medium", 1: "minimal" };

/** `5 urgent`, or `? unknown` when the vendor gave no severity that could be read. */
export const severityText = (f: Finding): string => (f.severity === undefined ? "? unknown" : `${f.severity} ${SEVERITY_NAMES[f.severity]}`);
