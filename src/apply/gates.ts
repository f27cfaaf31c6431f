/**
 * The gates of a finished run (the manifest's `failOn`), judged on its findings less the accepted
 * ones. Pure: the caller gives the run's status, the live acceptances and today's date.
 */
import type { Acceptance, FailOn, SeverityKey } from "../manifest/model.js";
import type { Finding, RunStatus } from "../vendors/driver.js";

export interface GateResult {
  /** For people and JUnit case names, e.g. `severity 4 or higher`, `QID 150001`. */
  readonly name: string;
  readonly passed: boolean;
  readonly message: string;
}

export interface AcceptedFinding {
  readonly finding: Finding;
  readonly acceptance: Acceptance;
}

export interface Judgement {
  readonly gates: readonly GateResult[];
  readonly tripped: boolean;
  /** The findings that count (not accepted); undefined when the vendor gave counts only. */
  readonly open?: readonly Finding[];
  readonly accepted: readonly AcceptedFinding[];
}

const SEVERITIES: readonly SeverityKey[] = ["1", "2", "3", "4", "5"];
type Counts = Record<SeverityKey, number>;

/** An acceptance holds through its `expires` day; `today` is YYYY-MM-DD (UTC). */
export const isLive = (a: Acceptance, today: string): boolean => a.expires >= today;

const matches = (a: Acceptance, f: Finding): boolean => a.rule === f.rule && a.target === f.target && (a.url === undefined || a.url === f.url);

export function judgeGates(status: Pick<RunStatus, "findings" | "results">, failOn: FailOn | undefined, acceptances: readonly Acceptance[], today: string): Judgement {
  const live = acceptances.filter((a) => isLive(a, today));
  const results = status.results?.available ? status.results : undefined;
  const accepted: AcceptedFinding[] = [];
  const open: Finding[] = [];
  for (const finding of results?.findings ?? []) {
    const acceptance = live.find((a) => matches(a, finding));
    if (acceptance === undefined) open.push(finding);
    else accepted.push({ finding, acceptance });
  }
  const counts = openCounts(status.findings, results === undefined ? undefined : { open, accepted: accepted.map((a) => a.finding), truncated: results.truncated });
  const gates = failOn === undefined ? [] : gatesOf(failOn, counts, results === undefined ? undefined : open);
  return { gates, tripped: gates.some((g) => !g.passed), ...(results === undefined ? {} : { open }), accepted };
}

/**
 * Counts by severity of the findings that count: from the list when it is whole; from the
 * vendor's counts less the accepted ones when the list was cut short or is missing.
 */
function openCounts(stats: RunStatus["findings"], list: { open: readonly Finding[]; accepted: readonly Finding[]; truncated: boolean } | undefined): Counts | undefined {
  const zero = (): Counts => ({ "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 });
  if (list !== undefined && !list.truncated) {
    const counts = zero();
    for (const f of list.open) counts[String(f.severity) as SeverityKey] += 1;
    return counts;
  }
  if (stats === undefined) return undefined;
  const counts = { ...stats };
  for (const f of list?.accepted ?? []) counts[String(f.severity) as SeverityKey] = Math.max(0, counts[String(f.severity) as SeverityKey] - 1);
  return counts;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

function gatesOf(failOn: FailOn, counts: Counts | undefined, open: readonly Finding[] | undefined): GateResult[] {
  const gates: GateResult[] = [];
  const unknown = "the vendor gave no findings for this run, so this gate could not be judged";
  if (failOn.severity !== undefined) {
    const name = `severity ${failOn.severity}${failOn.severity < 5 ? " or higher" : ""}`;
    if (counts === undefined) gates.push({ name, passed: false, message: unknown });
    else {
      const found = SEVERITIES.filter((s) => Number(s) >= failOn.severity!).reduce((n, s) => n + counts[s], 0);
      const limit = failOn.count === 1 ? "any" : `${failOn.count} or more`;
      gates.push({ name, passed: found < failOn.count, message: `${plural(found, "finding")} at ${name}; fails on ${limit}` });
    }
  }
  for (const s of SEVERITIES) {
    const limit = failOn.limits?.[s];
    if (limit === undefined) continue;
    const name = `at most ${limit} of severity ${s}`;
    if (counts === undefined) gates.push({ name, passed: false, message: unknown });
    else gates.push({ name, passed: counts[s] <= limit, message: `${plural(counts[s], "finding")} of severity ${s}; the limit is ${limit}` });
  }
  for (const r of failOn.rules ?? []) {
    const name = r.from === r.to ? `QID ${r.from}` : `QIDs ${r.from}-${r.to}`;
    if (open === undefined) {
      gates.push({ name, passed: false, message: unknown });
      continue;
    }
    const hits = open.filter((f) => /^\d+$/.test(f.rule) && Number(f.rule) >= r.from && Number(f.rule) <= r.to);
    const where = [...new Set(hits.map((f) => `QID ${f.rule}${f.url === undefined ? "" : ` at ${f.url}`}`))].slice(0, 5).join(", ");
    gates.push({ name, passed: hits.length === 0, message: hits.length === 0 ? `not found` : `found ${plural(hits.length, "time")}: ${where}${hits.length > 5 ? ", …" : ""}` });
  }
  return gates;
}

/** One line for people: every gate's name, e.g. `severity 4 or higher, QID 150001`. */
export const describeGates = (gates: readonly GateResult[]): string => gates.map((g) => g.name).join(", ");
