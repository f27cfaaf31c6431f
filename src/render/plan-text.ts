/**
 * The plan as a person reads it in a terminal or a CI log, in Terraform's shape: drift first, then
 * one block per change with its symbol (`+ ~ - -/+ > <= .`), only the fields that change, notes,
 * warnings, and the summary line last. Pure: the caller decides about colour.
 */
import { inertLines, oneLine } from "../core/printable.js";
import type { JsonValue } from "../core/json.js";
import type { Action } from "../plan/action.js";
import type { Change, Drift, FieldDiff } from "../plan/change.js";
import { isReadBackLimit, type Plan } from "../plan/plan.js";
import { changedFields } from "../plan/field-diff.js";
import { hasChanges, isPending, isStateOnly, summaryLine } from "../plan/summary.js";
import { palette, type Palette } from "./color.js";
import { asWritten, type AsWritten } from "./plan-references.js";
import { block, inline } from "./plan-values.js";
import { callLines } from "./plan-calls.js";
import { appendAll, widest } from "../core/arrays.js";

export interface TextOptions {
  readonly color: boolean;
}

export const SYMBOLS: Readonly<Record<Action, string>> = {
  create: "+",
  update: "~",
  replace: "-/+",
  delete: "-",
  launch: ">",
  import: "<=",
  forget: ".",
  "no-op": "~",
};

const VERB: Readonly<Record<Action, string>> = {
  create: "will be created",
  update: "will be updated in place",
  replace: "must be replaced",
  delete: "will be destroyed",
  launch: "will be launched",
  import: "will be imported",
  forget: "will be forgotten by scanform",
  "no-op": "will be updated in state only",
};

const FIELD_INDENT = 6;

export function renderPlanText(plan: Plan, options: TextOptions = { color: false }): string {
  const p = palette(options.color);
  const out: string[] = [];
  if (plan.drift.length > 0) appendAll(out, [p.bold("Objects changed outside scanform since the last apply:"), ""], driftLines(plan, p));
  const actions = actionLines(plan, p);
  if (actions.length > 0) appendAll(out, [p.bold("scanform will perform the following actions:"), ""], actions);
  for (const w of plan.warnings) {
    out.push(`${isReadBackLimit(w) ? p.bold("Note:") : p.yellow(p.bold("Warning:"))} ${inertLines(w.message)}`);
    if (w.hint) out.push(`  ${inertLines(w.hint)}`);
    out.push("");
  }
  const calls = callLines(plan);
  if (calls.length > 0) appendAll(out, calls, [""]);
  const summary = summaryLine(plan);
  out.push(hasChanges(plan) ? p.bold(summary) : p.green(summary));
  return `${out.join("\n")}\n`;
}

/** A block per pending change and per move, each followed by a blank line. */
export function actionLines(plan: Plan, p: Palette): string[] {
  const w = asWritten(plan);
  return [
    ...plan.changes.filter(isPending).flatMap((c) => [...changeBlock(c, p, w), ""]),
    ...plan.moves.flatMap((m) => [`  ${p.dim("#")} ${p.bold(m.from)} has moved to ${p.bold(m.to)}`, ""]),
  ];
}

export function driftLines(plan: Plan, p: Palette): string[] {
  const w = asWritten(plan);
  return plan.drift.flatMap((d) => [...driftBlock(d, p, w), ""]);
}

function changeBlock(c: Change, p: Palette, w: AsWritten): string[] {
  const symbol = SYMBOLS[c.action];
  const then = c.launchAfter ? ", then launched" : "";
  const lines = [`  ${p.dim("#")} ${p.bold(c.address)} ${VERB[c.action]}${then} ${p.dim(`(${oneLine(c.reason)})`)}`, `${colorSymbol(c.action, symbol.padStart(3), p)} ${c.address}`];
  appendAll(lines, fieldLines(c, p, w));
  for (const n of c.notes) lines.push(`${" ".repeat(FIELD_INDENT + 2)}${p.dim(`# note: ${oneLine(n)}`)}`);
  return lines;
}

function fieldLines(c: Change, p: Palette, w: AsWritten): string[] {
  switch (c.action) {
    case "create":
      return specLines(c.after, "+", p, w);
    case "delete":
      return specLines(c.before, "-", p, w);
    case "update":
    case "replace":
    case "import": {
      const hidden = Object.keys(c.after).length - new Set(changedFields(c.diffs)).size;
      const hiddenNote = hidden > 0 ? [`${" ".repeat(FIELD_INDENT + 2)}${p.dim(`# (${hidden} unchanged ${hidden === 1 ? "field" : "fields"} hidden)`)}`] : [];
      return [...diffLines(c.diffs, p, w), ...hiddenNote];
    }
    case "no-op":
      return isStateOnly(c) && c.protect ? [`${" ".repeat(FIELD_INDENT)}${p.yellow("~")} protect = ${c.protect.before} -> ${c.protect.after}`] : [];
    default:
      return [];
  }
}

/** A field left unset (null) is not shown, as Terraform leaves out null attributes: the vendor's default applies. */
function specLines(spec: Readonly<Record<string, JsonValue>>, sign: "+" | "-", p: Palette, w: AsWritten): string[] {
  const keys = Object.keys(spec).filter((k) => spec[k] !== null).sort();
  const width = widest(keys);
  const color = sign === "+" ? p.green : p.red;
  return keys.flatMap((k) =>
    block(w(spec[k] as JsonValue), FIELD_INDENT + 4).map((l, i) => (i === 0 ? `${" ".repeat(FIELD_INDENT)}${color(sign)} ${k.padEnd(width)} = ${l}` : l)),
  );
}

function diffLines(diffs: readonly FieldDiff[], p: Palette, w: AsWritten, indent = FIELD_INDENT): string[] {
  const shown = (v: JsonValue | undefined): string => inline(v === undefined ? v : w(v));
  const width = widest(diffs.map((d) => d.field));
  const pad = " ".repeat(indent);
  return diffs.flatMap((d) => {
    const name = d.field.padEnd(width);
    const forces = d.forcesReplace ? ` ${p.red("# forces replacement")}` : "";
    if (d.kind === "set") {
      const members = [...d.added.map((v) => `${pad}    ${p.green("+")} ${shown(v)},`), ...d.removed.map((v) => `${pad}    ${p.red("-")} ${shown(v)},`)];
      return [`${pad}${p.yellow("~")} ${name} = [${forces}`, ...members, `${pad}  ]`];
    }
    if (d.before === undefined) return [`${pad}${p.green("+")} ${name} = ${shown(d.after)}${forces}`];
    if (d.after === undefined) return [`${pad}${p.red("-")} ${name} = ${shown(d.before)}${forces}`];
    return [`${pad}${p.yellow("~")} ${name} = ${shown(d.before)} -> ${shown(d.after)}${forces}`];
  });
}

function driftBlock(d: Drift, p: Palette, w: AsWritten): string[] {
  if (d.diffs.length === 0) return [`  ${p.dim("#")} ${p.bold(d.address)} was ${d.description}`];
  return [`  ${p.dim("#")} ${p.bold(d.address)} ${d.description}`, `  ${p.yellow("~")} ${d.address}`, ...diffLines(d.diffs, p, w)];
}

function colorSymbol(action: Action, s: string, p: Palette): string {
  switch (action) {
    case "create":
      return p.green(s);
    case "delete":
      return p.red(s);
    case "replace":
      return s.replace("-", p.red("-")).replace("+", p.green("+"));
    case "launch":
    case "import":
      return p.cyan(s);
    case "forget":
      return p.dim(s);
    default:
      return p.yellow(s);
  }
}
