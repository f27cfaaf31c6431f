/** `scanform status`: one poll as a table for people, or as versioned JSON. */
import type { StatusRow } from "../apply/status.js";
import type { JsonObject } from "../core/json.js";
import { PLAIN, type Palette } from "./color.js";
import { alignColumns, cell } from "./columns.js";
import { EVENTS_FORMAT_VERSION } from "./events-json.js";
import { verdictWord } from "./progress-lines.js";

// The vendor's words come last: the one column of any length pads no other.
const HEADER = ["ADDRESS", "RUN", "PHASE", "VERDICT", "FINDINGS (SEV 5..1)", "VENDOR STATE"] as const;

/**
 * PHASE is what the vendor says of the run; VERDICT what `scanform wait` judges of it (its
 * `failOn`), `-` while it is going. Vendor text is cut to a cell's width: the JSON has it whole.
 */
export function statusTable(rows: readonly StatusRow[], p: Palette): string {
  const cells = rows.map((r) => {
    const run = cell(r.target.runId ?? "(latest)");
    if ("error" in r) return [r.target.address, run, "unknown", "-", "-", cell(`error: ${r.error.message}`)];
    const f = r.status.findings;
    const verdict = r.verdict === undefined ? "-" : verdictWord(r.verdict, PLAIN);
    return [r.target.address, run, r.status.phase, verdict, f ? `${f["5"]} ${f["4"]} ${f["3"]} ${f["2"]} ${f["1"]}` : "-", cell(r.status.vendorState)];
  });
  const [header = "", ...lines] = alignColumns([HEADER, ...cells]);
  const body = lines.map((text, i) => {
    const row = rows[i];
    if (!row || "error" in row) return p.red(text);
    if (row.verdict === undefined) return row.status.phase === "failed" || row.status.phase === "cancelled" ? p.red(text) : text;
    return row.verdict === "succeeded" ? p.green(text) : row.verdict === "idle" ? p.dim(text) : p.red(text);
  });
  return `${[p.bold(header), ...body].join("\n")}\n`;
}

export function statusJson(rows: readonly StatusRow[]): string {
  const runs = rows.map(
    (r): JsonObject => ({
      address: r.target.address,
      ...(r.target.runId === undefined ? {} : { run_id: r.target.runId }),
      ...("error" in r
        ? { error: { code: r.error.code, message: r.error.message } }
        : {
            phase: r.status.phase,
            terminal: r.status.terminal,
            vendor_state: r.status.vendorState,
            ...(r.verdict === undefined ? {} : { verdict: r.verdict }),
            ...(r.status.findings ? { findings: { ...r.status.findings } } : {}),
          }),
    }),
  );
  return `${JSON.stringify({ format_version: EVENTS_FORMAT_VERSION, runs }, null, 2)}\n`;
}
