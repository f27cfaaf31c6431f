/**
 * `--markdown`: the plan as a pull-request comment or GitHub job summary. The summary line comes
 * first, destroys are called out above everything else, and details are folded. GitHub refuses
 * comments over 65,536 characters, so the output is kept under `maxBytes` by cutting whole lines
 * of the lowest sections first and saying so.
 */
import { isDestructive } from "../plan/action.js";
import type { Change } from "../plan/change.js";
import { isReadBackLimit, type Plan } from "../plan/plan.js";
import { isPending, summaryLine } from "../plan/summary.js";
import { PLAIN } from "./color.js";
import { actionLines, driftLines, SYMBOLS } from "./plan-text.js";
import { callLines } from "./plan-calls.js";

export interface MarkdownOptions {
  /** Upper bound of the output in UTF-8 bytes. */
  readonly maxBytes?: number;
}

export const MARKDOWN_MAX_BYTES = 64_000;

/** A section: `open` and `close` always go together; `lines` may be cut. */
interface Section {
  readonly open: readonly string[];
  readonly lines: readonly string[];
  readonly close: readonly string[];
}

const TRUNCATED =
  "> [!NOTE]\n> This plan is too long for a comment and was cut short. The CI log holds all of it; so does `scanform show FILE` on a plan saved with `--out FILE`.";

export function renderPlanMarkdown(plan: Plan, options: MarkdownOptions = {}): string {
  const sections = [
    { open: [`**${summaryLine(plan)}**`, ""], lines: [], close: [] },
    callSection(plan),
    destroySection(plan),
    tableSection(plan),
    warningSection(plan),
    limitSection(plan),
    folded(`Drift: ${plan.drift.length} ${plan.drift.length === 1 ? "object" : "objects"} changed outside scanform`, driftLines(plan, PLAIN)),
    folded("Details of the changes", actionLines(plan, PLAIN)),
  ].filter((s): s is Section => s !== undefined);
  return fit(sections, options.maxBytes ?? MARKDOWN_MAX_BYTES);
}

/** Any Markdown kept under `maxBytes` the same way: whole lines cut from the end, and `note` (by default the plan's) saying so. */
export function fitMarkdown(markdown: string, maxBytes: number, note: string = TRUNCATED): string {
  return fit([{ open: [], lines: markdown.trimEnd().split("\n"), close: [] }], maxBytes, note);
}

function callSection(plan: Plan): Section | undefined {
  const lines = callLines(plan);
  return lines.length === 0 ? undefined : { open: lines.map((l) => `- ${escape(l)}`), lines: [], close: [""] };
}

function destroySection(plan: Plan): Section | undefined {
  const destructive = plan.changes.filter((c) => isDestructive(c.action));
  if (destructive.length === 0) return undefined;
  const n = destructive.length;
  return {
    open: ["> [!CAUTION]", `> **${n} ${n === 1 ? "object" : "objects"} will be destroyed:**`],
    lines: destructive.map((c) => `> - \`${c.address}\` ${c.action === "replace" ? "will be replaced" : "will be deleted"}: ${escape(c.reason)}`),
    close: [""],
  };
}

function tableSection(plan: Plan): Section | undefined {
  const pending = plan.changes.filter(isPending);
  if (pending.length === 0) return undefined;
  return { open: ["| | Address | Action | Reason |", "|:-:|---|---|---|"], lines: pending.map(row), close: [""] };
}

const row = (c: Change): string => {
  const action = c.action === "no-op" ? "state only" : c.launchAfter ? `${c.action}, then launch` : c.action;
  return `| \`${SYMBOLS[c.action]}\` | \`${c.address}\` | ${action} | ${escape(c.reason)} |`;
};

function warningSection(plan: Plan): Section | undefined {
  const warnings = plan.warnings.filter((w) => !isReadBackLimit(w));
  if (warnings.length === 0) return undefined;
  return {
    open: ["> [!WARNING]"],
    lines: warnings.map((w) => `> - ${escape(w.message)}${w.hint ? ` ${escape(w.hint)}` : ""}`),
    close: [""],
  };
}

/** What a vendor cannot read back is context for the changes above, said plainly, not an alert box. */
function limitSection(plan: Plan): Section | undefined {
  const limits = plan.warnings.filter(isReadBackLimit);
  if (limits.length === 0) return undefined;
  return { open: [], lines: limits.map((w) => `Note: ${escape(w.message)}`), close: [""] };
}

function folded(title: string, lines: readonly string[]): Section | undefined {
  const body = lines.join("\n").trimEnd();
  if (body === "") return undefined;
  const fence = fenceFor(body);
  return { open: [`<details><summary>${title}</summary>`, "", `${fence}diff`], lines: body.split("\n").map(diffMarker), close: [fence, "", "</details>", ""] };
}

/**
 * A code fence longer than any run of backticks in `body`: the plan shows values from manifests
 * and vendors, and a ``` among them would close the block, letting the text after it pose as
 * the comment's own (a summary saying nothing is destroyed) and fold the real changes away.
 */
export function fenceFor(body: string): string {
  let longest = 0;
  for (const run of body.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return "`".repeat(Math.max(3, longest + 1));
}

/** GitHub colours a `diff` block by the first column: bring the change symbol there, `~` as `!`. */
const diffMarker = (line: string): string => {
  const m = /^(\s*)(-\/\+|[+\-~])( .*)$/.exec(line);
  if (!m) return line;
  const symbol = m[2] === "~" ? "!" : m[2]!;
  return `${symbol}${m[1]}${" ".repeat(Math.max(0, m[2]!.length - symbol.length))}${m[3]}`;
};

const escape = (s: string): string => s.replace(/\|/g, "\\|").replace(/</g, "&lt;");

function fit(sections: readonly Section[], maxBytes: number, note: string = TRUNCATED): string {
  const whole = sections.map((s) => [...s.open, ...s.lines, ...s.close].join("\n")).join("\n");
  if (bytes(whole) <= maxBytes) return `${whole.trimEnd()}\n`;
  const budget = maxBytes - bytes(note) - 3;
  const out: string[] = [];
  let used = 0;
  const add = (line: string): void => {
    out.push(line);
    used += bytes(line) + 1;
  };
  for (const s of sections) {
    const cost = (lines: readonly string[]): number => lines.reduce((n, l) => n + bytes(l) + 1, 0);
    const fixed = cost(s.open) + cost(s.close);
    if (used + fixed > budget) break;
    s.open.forEach(add);
    let cut = false;
    for (const line of s.lines) {
      if (used + bytes(line) + 1 + cost(s.close) > budget) {
        cut = true;
        break;
      }
      add(line);
    }
    s.close.forEach(add);
    if (cut) break;
  }
  return `${out.join("\n").trimEnd()}\n\n${note}\n`;
}

const bytes = (s: string): number => Buffer.byteLength(s, "utf8");
