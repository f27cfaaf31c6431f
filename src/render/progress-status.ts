/** `scanform status`: one poll as a table for people, or as versioned JSON. */
import type { StatusRow } from "../apply/status.js";
import type { JsonObject } from "../core/json.js";
import type { Palette } from "./color.js";
import { alignColumns } from "./columns.js";
import { EVENTS_FORMAT_VERSION } from "./events-json.js";

const HEADER = ["ADDRESS", "RUN", "PHASE", "VENDOR STATE", "FINDINGS (SEV 5..1)"] as const;

export function statusTable(rows: readonly StatusRow[], p: Palette): string {
  const cells = rows.map((r) => {
    const run = r.target.runId ?? "(latest)";
    if ("error" in r) return [r.target.address, run, "unknown", `error: ${r.error.message}`, "-"];
    const f = r.status.findings;
    return [r.target.address, run, r.status.phase, r.status.vendorState, f ? `${f["5"]} ${f["4"]} ${f["3"]} ${f["2"]} ${f["1"]}` : "-"];
  });
  const [header = "", ...lines] = alignColumns([HEADER, ...cells]);
  const body = lines.map((text, i) => {
    const row = rows[i];
    if (!row || "error" in row) return p.red(text);
    return row.status.phase === "failed" || row.status.phase === "cancelled" ? p.red(text) : row.status.phase === "succeeded" ? p.green(text) : text;
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
            ...(r.status.findings ? { findings: { ...r.status.findings } } : {}),
          }),
    }),
  );
  return `${JSON.stringify({ format_version: EVENTS_FORMAT_VERSION, runs }, null, 2)}\n`;
}
