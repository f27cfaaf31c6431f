/**
 * `--report sarif=FILE`: SARIF 2.1.0 for GitHub code scanning. Code scanning refuses results
 * without a file location, so every finding is located at the manifest line that declares the
 * scan that found it; the URL where it was seen goes in the message. Rules are the vendor's rule
 * ids (QIDs); accepted findings are kept, as suppressed results with the acceptance's reason.
 */
import { createHash } from "node:crypto";
import type { WaitResult } from "../../apply/wait.js";
import type { SourceLocation } from "../../core/errors.js";
import type { JsonObject } from "../../core/json.js";
import type { Finding, Severity } from "../../vendors/driver.js";
import { BROKE, reportRuns, SEVERITY_NAMES } from "./runs.js";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** GitHub reads `security-severity` (0.1–10) into low / medium / high / critical. */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { 5: "9.5", 4: "8.0", 3: "5.5", 2: "3.0", 1: "1.0" };
const LEVEL: Readonly<Record<Severity, "error" | "warning" | "note">> = { 5: "error", 4: "error", 3: "warning", 2: "note", 1: "note" };
/** A finding the vendor gave no severity could be urgent: an error, with no security-severity rather than a guessed one. */
const levelOf = (f: Finding): "error" | "warning" | "note" => (f.severity === undefined ? "error" : LEVEL[f.severity]);

const ruleId = (vendor: string, f: Finding): string => `${vendor}/${f.rule}`;

/** Stable across runs, so code scanning tracks one finding rather than opening a new alert each time. */
const fingerprint = (vendor: string, f: Finding): string =>
  createHash("sha256").update(`${vendor}\u0000${f.rule}\u0000${f.target ?? ""}\u0000${f.url ?? ""}`).digest("hex").slice(0, 32);

const location = (source: SourceLocation | undefined): JsonObject[] =>
  source === undefined
    ? []
    : [{ physicalLocation: { artifactLocation: { uri: uriOf(source.file) }, region: { startLine: source.line, startColumn: source.column } } }];

/** A manifest path as a URI reference: each segment percent-encoded, or `#` would start a fragment and a space break the reference. */
const uriOf = (file: string): string => file.replace(/\\/g, "/").split("/").map(encodeURIComponent).join("/");

export function sarifReport(result: WaitResult, toolVersion: string): string {
  const runs = reportRuns(result);
  const rules = new Map<string, JsonObject>();
  const results: JsonObject[] = [];
  for (const run of runs) {
    const { vendor, address, runId, source } = run.outcome;
    const found = [...(run.open ?? []).map((f) => ({ f, accepted: undefined })), ...run.accepted.map((a) => ({ f: a.finding, accepted: a.acceptance }))];
    for (const { f, accepted } of found) {
      const id = ruleId(vendor, f);
      if (!rules.has(id)) {
        rules.set(id, {
          id,
          name: `${vendor}-${f.rule}`,
          shortDescription: { text: f.title || `${vendor} rule ${f.rule}` },
          defaultConfiguration: { level: levelOf(f) },
          properties: { ...(f.severity === undefined ? {} : { "security-severity": SECURITY_SEVERITY[f.severity] }), tags: ["security", vendor], precision: "high" },
        });
      }
      const where = [f.url === undefined ? undefined : `at ${f.url}`, f.target === undefined ? undefined : `on ${f.target}`].filter((x) => x !== undefined).join(" ");
      results.push({
        ruleId: id,
        level: levelOf(f),
        message: { text: `${f.title || `rule ${f.rule}`} (${f.severity === undefined ? "severity unknown" : `severity ${f.severity}, ${SEVERITY_NAMES[f.severity]}`})${where === "" ? "" : ` ${where}`}, found by ${address}${runId === undefined ? "" : ` run ${runId}`}` },
        locations: location(source),
        partialFingerprints: { "scanformFinding/v1": fingerprint(vendor, f) },
        ...(accepted === undefined ? {} : { suppressions: [{ kind: "external", status: "accepted", justification: `${accepted.reason} (accepted until ${accepted.expires})` }] }),
      });
    }
  }
  const broke = runs.filter((r) => BROKE.has(r.outcome.verdict));
  const sarif: JsonObject = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "scanform", version: toolVersion, rules: [...rules.values()] } },
        invocations: [
          {
            executionSuccessful: broke.length === 0,
            toolExecutionNotifications: [
              ...broke.map((r) => ({ level: "error", message: { text: `${r.outcome.address}: ${r.outcome.message}` }, locations: location(r.outcome.source) })),
              // A list cut short, or counts taken from the vendor's: code scanning shows only what the results hold.
              ...runs
                .filter((r) => !BROKE.has(r.outcome.verdict) && (r.outcome.judgement?.notes.length ?? 0) > 0)
                .map((r) => ({ level: "warning", message: { text: `${r.outcome.address}: ${r.outcome.judgement!.notes.join("; ")}` }, locations: location(r.outcome.source) })),
            ],
          },
        ],
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
