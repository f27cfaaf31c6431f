/**
 * The words of an apply, shared by the text and CI renderers: Terraform's `ADDR: Creating...` /
 * `ADDR: Creation complete after 2s [id=...]` lines, and the closing list of every step's outcome.
 * The renderers keep only the per-step start times these lines need; they never read a clock.
 */
import { oneLine } from "../core/printable.js";
import type { ApplyEvent, StepAction, StepRef, StepResult } from "../apply/events.js";
import { formatDuration } from "../apply/duration.js";
import { applySummary } from "../apply/tally.js";
import { parseAddress } from "../core/address.js";
import type { Ids } from "../vendors/driver.js";
import type { Palette } from "./color.js";
import { widest } from "../core/arrays.js";

const STARTING: Readonly<Record<StepAction, string>> = {
  create: "Creating...",
  update: "Modifying...",
  replace: "Replacing...",
  delete: "Destroying...",
  import: "Importing...",
  forget: "Forgetting (state only)...",
  launch: "Launching...",
  "no-op": "Updating state...",
  move: "Moving in state...",
};

const DONE: Readonly<Record<StepAction, string>> = {
  create: "Creation complete",
  update: "Modifications complete",
  replace: "Replacement complete",
  delete: "Destruction complete",
  import: "Import complete",
  forget: "Forgotten",
  launch: "Launch complete",
  "no-op": "State updated",
  move: "Moved",
};

const FAILED: Readonly<Record<StepAction, string>> = {
  create: "Creation failed",
  update: "Modifications failed",
  replace: "Replacement failed",
  delete: "Destruction failed",
  import: "Import failed",
  forget: "Forget failed",
  launch: "Launch failed",
  "no-op": "State update failed",
  move: "Move failed",
};

/** Per-apply memory of what the lines need: when each step started, and every step's outcome. */
export class ApplyLines {
  private readonly started = new Map<string, number>();
  private readonly outcomes: (StepRef & StepResult)[] = [];
  private steps: readonly StepRef[] = [];

  constructor(private readonly p: Palette) {}

  /** The lines an event adds, without line ends; none for events that say nothing to people. */
  lines(e: ApplyEvent): string[] {
    const p = this.p;
    switch (e.type) {
      case "apply-started":
        this.steps = e.steps;
        return [];
      case "journal-settled": {
        const what = `an unrecorded ${e.operation} (journal entry ${oneLine(e.journalId)})`;
        if (e.outcome === "landed") return [`${e.address}: ${what} had reached ${vendorOf(e.address)}; recorded ${idList({ ...e.ids, ...(e.runId ? { run: e.runId } : {}) })}`];
        if (e.outcome === "absent") return [`${e.address}: ${what} had not reached ${vendorOf(e.address)}; nothing to record`];
        return errorLines(`${p.red(p.bold("Error:"))} `, e.error);
      }
      case "step-started":
        this.started.set(e.address, Date.parse(e.at));
        return [`${p.bold(`${e.address}:`)} ${STARTING[e.action]}`];
      case "step-progress":
        return [`${p.bold(`${e.address}:`)} Launching a run...`];
      case "run-launched":
        return [`${p.bold(`${e.address}:`)} Launched run ${oneLine(e.runId)}`];
      case "step-finished":
        return this.finished(e);
      case "apply-finished":
        return this.closing(e.interrupted);
    }
  }

  private finished(e: ApplyEvent & { type: "step-finished" }): string[] {
    const p = this.p;
    this.outcomes.push(e);
    const start = this.started.get(e.address);
    const after = start === undefined ? "" : ` after ${formatDuration(Date.parse(e.at) - start)}`;
    if (e.outcome === "succeeded") {
      const ids = { ...e.ids, ...(e.runId ? { run: e.runId } : {}) };
      const done = e.launches && e.action !== "launch" ? `${DONE[e.action]} and run launched` : DONE[e.action];
      return [`${p.bold(`${e.address}:`)} ${p.green(done)}${after}${Object.keys(ids).length > 0 ? ` ${idList(ids)}` : ""}`];
    }
    if (e.outcome === "skipped") return [`${p.bold(`${e.address}:`)} ${p.yellow("Skipped")}: ${oneLine(e.reason)}`];
    return errorLines(`${p.bold(`${e.address}:`)} ${p.red(FAILED[e.action])}${after}: `, e.error, true);
  }

  /** Every step's outcome, in plan order, and the summary line. */
  private closing(interrupted: boolean): string[] {
    const p = this.p;
    const counts = { succeeded: 0, failed: 0, skipped: 0 };
    for (const o of this.outcomes) counts[o.outcome] += 1;
    const note = interrupted ? [p.yellow("Apply interrupted: steps not yet started were skipped.")] : [];
    if (this.outcomes.length === 0) return ["", ...note, p.bold(applySummary(counts))];
    const byAddress = new Map(this.outcomes.map((o) => [`${o.action} ${o.address}`, o]));
    const ordered = this.steps.flatMap((s) => byAddress.get(`${s.action} ${s.address}`) ?? []);
    const width = widest(ordered.map((o) => o.address));
    const list = ordered.map((o) => {
      const word = o.outcome === "succeeded" ? p.green("succeeded") : o.outcome === "failed" ? p.red("failed   ") : p.yellow("skipped  ");
      const why = o.outcome === "failed" ? `  ${o.error.code}` : o.outcome === "skipped" ? `  ${o.reason}` : "";
      return `  ${o.address.padEnd(width)}  ${o.action.padEnd(7)}  ${word}${why}`.trimEnd();
    });
    const summary = applySummary(counts);
    return ["", p.bold("Outcome of every step:"), ...list, "", ...note, counts.failed > 0 ? p.red(p.bold(summary)) : p.bold(summary)];
  }
}

const vendorOf = (address: string): string => parseAddress(address)?.vendor ?? address;

/** `[id=abc, run=123]` */
export const idList = (ids: Ids): string => `[${Object.entries(ids).map(([k, v]) => `${oneLine(k)}=${oneLine(v)}`).join(", ")}]`;

/**
 * An error's line and its hint's. Its message may quote a vendor (errors quote vendor text inert,
 * and this holds for any that does not): one line each, with nothing that steers a terminal or
 * starts a CI runner's command.
 */
function errorLines(head: string, error: { readonly code: string; readonly message: string; readonly hint?: string }, withCode = false): string[] {
  const line = `${head}${oneLine(error.message)}${withCode ? ` [${oneLine(error.code)}]` : ""}`;
  return error.hint ? [line, `  ${oneLine(error.hint)}`] : [line];
}
