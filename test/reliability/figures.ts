/**
 * What a case reports to RELIABILITY.md: what it tried and the figures it measured. Cases attach
 * it to their test's meta, so the reporter pairs it with the outcome vitest saw.
 */
import type { TestContext } from "vitest";
import type { ChildRun } from "./child.js";

export interface CaseFigures {
  /** The heading it is listed under. */
  readonly section: string;
  /** What was thrown at scanform, in a phrase. */
  readonly tried: string;
  readonly exitCode?: number | null;
  readonly peakRssMb?: number;
  readonly seconds?: number;
  /** Named counts: requests, kills, duplicates, open entries, ... */
  readonly counts?: Readonly<Record<string, number | string>>;
  /** The first line scanform printed on stderr, which is what a person reads. */
  readonly message?: string;
}

declare module "vitest" {
  interface TaskMeta {
    reliability?: CaseFigures;
  }
}

export function report(context: TestContext, figures: CaseFigures): void {
  context.task.meta.reliability = figures;
}

/** A hostile case's figures from the one child run it measured. */
export function fromRun(section: string, tried: string, run: ChildRun, counts?: CaseFigures["counts"]): CaseFigures {
  const message = firstErrorLine(run.stderr) ?? failedStep(run.stdout);
  return {
    section,
    tried,
    exitCode: run.code,
    peakRssMb: run.peakRssMb,
    seconds: run.ms / 1000,
    ...(counts ? { counts } : {}),
    ...(message ? { message } : {}),
    ...(run.killedBy ? { counts: { ...counts, "killed by the suite": run.killedBy } } : {}),
  };
}

const lines = (text: string): string[] =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");

/** What a person reads first: the error line when there is one, with its code where it names one. */
export const firstErrorLine = (stderr: string): string | undefined => {
  const all = lines(stderr);
  return cut(all.find((l) => /^Error: |: error [A-Z]/.test(l)) ?? all[0]);
};

/** An apply's failed step, which it reports on stdout (as text or as a JSON event). */
const failedStep = (stdout: string): string | undefined => cut(lines(stdout).find((l) => / failed after |"outcome":"failed"/.test(l)));

const cut = (line: string | undefined): string | undefined => (line === undefined ? undefined : line.length > 160 ? `${line.slice(0, 157)}...` : line);
