/** Rows as lines of columns two spaces apart, each column as wide as its widest cell; the last is not padded. */
import { oneLine } from "../core/printable.js";
export function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  "));
}

/** The widest a cell of vendor text may be: a longer one would wrap every row of the table. */
export const MAX_CELL = 80;

/** Vendor text as one table cell: on one line, and cut to `max` characters with `…`. */
export function cell(text: string, max = MAX_CELL): string {
  const line = oneLine(text.replace(/\s+/g, " ").trim());
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
