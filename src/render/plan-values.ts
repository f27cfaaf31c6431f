/** How spec values read in plan text: JSON literals, short lists inline, the rest one item a line. */
import type { JsonValue } from "../core/json.js";
import { widest } from "../core/arrays.js";

const INLINE_MAX = 72;

/** One line, whatever the value. */
export function inline(v: JsonValue | undefined): string {
  if (v === undefined) return "(absent)";
  if (Array.isArray(v)) return `[${v.map(inline).join(", ")}]`;
  if (v !== null && typeof v === "object") {
    const entries = Object.keys(v).sort().map((k) => `${k} = ${inline((v as Record<string, JsonValue>)[k])}`);
    return `{ ${entries.join(", ")} }`.replace("{  }", "{}");
  }
  return JSON.stringify(v);
}

/**
 * Lines of a value written after `name = `: the first line continues that line, the others are
 * indented by `indent` spaces and end with the closing bracket at `indent - 2`.
 */
export function block(v: JsonValue, indent: number): string[] {
  const one = inline(v);
  if (one.length <= INLINE_MAX || v === null || typeof v !== "object") return [one];
  const pad = " ".repeat(indent);
  const close = " ".repeat(Math.max(0, indent - 2));
  if (Array.isArray(v)) {
    return ["[", ...v.flatMap((x) => withSuffix(block(x, indent + 2), ",").map((l, i) => (i === 0 ? pad + l : l))), `${close}]`];
  }
  const obj = v as Record<string, JsonValue>;
  const keys = Object.keys(obj).sort();
  const width = widest(keys);
  const body = keys.flatMap((k) => {
    const lines = block(obj[k] as JsonValue, indent + 2);
    return lines.map((l, i) => (i === 0 ? `${pad}${k.padEnd(width)} = ${l}` : l));
  });
  return ["{", ...body, `${close}}`];
}

function withSuffix(lines: string[], suffix: string): string[] {
  const last = lines.length - 1;
  return lines.map((l, i) => (i === last ? l + suffix : l));
}
