/** The rows every scenario produces, and the one table printer the run and each scenario share. */

export interface Row {
  readonly scenario: string;
  readonly metric: string;
  readonly measured: string;
  /** The target or bound the figure is judged against; "" for an informative row. */
  readonly target: string;
  readonly ratio?: string;
  /** undefined: informative only, never fails the run. */
  readonly pass?: boolean;
}

const HEADERS = ["scenario", "metric", "measured", "target / bound", "ratio", "result"] as const;

const verdict = (r: Row): string => (r.pass === undefined ? "" : r.pass ? "PASS" : "FAIL");

export function formatTable(rows: readonly Row[]): string {
  const cells = rows.map((r) => [r.scenario, r.metric, r.measured, r.target, r.ratio ?? "", verdict(r)]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? "").length)));
  const line = (c: readonly string[]): string => c.map((v, i) => v.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
  return [line(HEADERS), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}

export const failed = (rows: readonly Row[]): readonly Row[] => rows.filter((r) => r.pass === false);

export const ms = (value: number): string => `${Math.round(value)} ms`;
export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
export const ratio = (measured: number, bound: number): string => `${(measured / bound).toFixed(2)}×`;
