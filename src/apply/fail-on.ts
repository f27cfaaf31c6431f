/** The manifest's `failOn`: a finished run fails when it has at least `count` findings of `severity` or higher. */
import type { FailOn } from "../manifest/model.js";
import type { Findings } from "./wait-events.js";

export interface FailOnCheck {
  /** Findings at or above the threshold's severity. */
  readonly found: number;
  readonly crossed: boolean;
}

export function checkFailOn(findings: Findings, failOn: FailOn): FailOnCheck {
  let found = 0;
  for (let s = failOn.severity; s <= 5; s++) found += findings[String(s) as keyof Findings];
  return { found, crossed: found >= failOn.count };
}

export const describeFailOn = (f: FailOn): string => `${f.count === 1 ? "any finding" : `${f.count} or more findings`} of severity ${f.severity}${f.severity < 5 ? " or higher" : ""}`;
