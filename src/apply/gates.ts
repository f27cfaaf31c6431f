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
  /**
   * For people: why the judgement rests on less than a whole, exact list (a list cut short, counts
   * taken from the vendor's counts by level), so a verdict says what it was judged on.
   */
  readonly notes: readonly string[];
}

const SEVERITIES: readonly SeverityKey[] = ["1", "2", "3", "4", "5"];
type Counts = Record<SeverityKey, number>;

/** An acceptance holds through its `expires` day; `today` is YYYY-MM-DD (UTC). */
export const isLive = (a: Acceptance, today: string): boolean => a.expires >= today;

const matches = (a: Acceptance, f: Finding): boolean => a.rule === f.rule && a.target === f.target && (a.url === undefined || a.url === f.url);

/** A rule id a QID gate can read; a finding with any other was listed, but which QID it is cannot be told. */
const QID = /^\d+$/;

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
  const list = results === undefined ? undefined : { open, accepted: accepted.map((a) => a.finding), read: results.findings.length, truncated: results.truncated };
  const tally = openCounts(status.findings, list);
  const gates = failOn === undefined ? [] : gatesOf(failOn, tally, list);
  // How severities were counted matters only to a gate that counts them; a cut list, to every reader.
  const counting = failOn?.severity !== undefined || Object.keys(failOn?.limits ?? {}).length > 0;
  const notes = [...(counting ? (tally?.notes ?? []) : []), ...(list?.truncated ? [`the vendor's findings list was cut at ${list.read}`] : [])];
  return { gates, tripped: gates.some((g) => !g.passed), ...(results === undefined ? {} : { open }), accepted, notes };
}

interface List {
  readonly open: readonly Finding[];
  readonly accepted: readonly Finding[];
  /** How many findings the vendor gave (open and accepted). */
  readonly read: number;
  readonly truncated: boolean;
}

interface Tally {
  /** The findings that count, by severity. */
  readonly counts: Counts;
  /** Findings that count whose severity is unknown and that no level's count holds: each counts at every severity. */
  readonly anywhere: number;
  /** True when a level's count is the vendor's rather than the list's. */
  readonly byVendor: boolean;
  readonly notes: readonly string[];
}

const zero = (): Counts => ({ "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 });

function bySeverity(findings: readonly Finding[]): { readonly counts: Counts; readonly unknown: number } {
  const counts = zero();
  let unknown = 0;
  for (const f of findings) {
    if (f.severity === undefined) unknown += 1;
    else counts[String(f.severity) as SeverityKey] += 1;
  }
  return { counts, unknown };
}

/**
 * Counts by severity of the findings that count. Decision: per level, the larger of the list's
 * count of open findings and the vendor's count less the accepted findings of that level, so a
 * level never counts fewer than either says. Falling back to the vendor's counts wholesale
 * whenever the two disagree was the other choice; it would throw away a list that says more than
 * counts that lag. Accepted findings come off the vendor's counts only where their severity is
 * known; one of unknown severity cannot be, so it keeps counting (never pass on doubt), and the
 * notes say so. An open finding of unknown severity is held by the vendor's counts when they have
 * room for it (a level where they exceed the list); one that does not fit counts at every
 * severity. A list cut short with no counts by level cannot be judged at all (undefined).
 */
function openCounts(stats: RunStatus["findings"], list: List | undefined): Tally | undefined {
  // Counts with no list to set against them: nothing disagrees, so nothing needs saying.
  if (list === undefined) return stats === undefined ? undefined : { counts: { ...stats }, anywhere: 0, byVendor: false, notes: [] };
  if (list.truncated && stats === undefined) return undefined;
  const open = bySeverity(list.open);
  const accepted = bySeverity(list.accepted);
  const counts = zero();
  let room = 0;
  let byVendor = false;
  for (const s of SEVERITIES) {
    const vendor = stats?.[s] ?? 0;
    counts[s] = Math.max(open.counts[s], vendor - accepted.counts[s]);
    byVendor ||= counts[s] > open.counts[s];
    room += Math.max(0, vendor - open.counts[s] - accepted.counts[s]);
  }
  const anywhere = Math.max(0, open.unknown - room);
  const notes: string[] = [];
  if (byVendor) {
    const unknown = open.unknown + accepted.unknown;
    const why = list.truncated ? "was cut" : `says less${unknown > 0 ? ` (${plural(unknown, "finding")} without a severity)` : ""}`;
    notes.push(`counted by the vendor's counts by level, as its list ${why}`);
  }
  if (accepted.unknown > 0 && stats !== undefined) {
    notes.push(`${accepted.unknown === 1 ? "1 accepted finding has" : `${accepted.unknown} accepted findings have`} no severity, so ${accepted.unknown === 1 ? "it" : "they"} could not be taken off the vendor's counts`);
  }
  if (anywhere > 0) notes.push(`${plural(anywhere, "finding")} without a severity, and no counts by level to place ${anywhere === 1 ? "it" : "them"}, counted at every severity`);
  return { counts, anywhere, byVendor, notes };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

function gatesOf(failOn: FailOn, tally: Tally | undefined, list: List | undefined): GateResult[] {
  const gates: GateResult[] = [];
  const unknown = list?.truncated
    ? `the vendor's findings list was cut at ${list.read} and it gave no counts by level, so this gate could not be judged`
    : "the vendor gave no findings for this run, so this gate could not be judged";
  // Said in each message, so a failed gate in a report explains itself without the verdict line.
  const basis = (tally: Tally): string => [tally.byVendor ? ", by the vendor's counts by level" : "", tally.anywhere > 0 ? ` (${tally.anywhere} of unknown severity)` : ""].join("");
  if (failOn.severity !== undefined) {
    const name = `severity ${failOn.severity}${failOn.severity < 5 ? " or higher" : ""}`;
    if (tally === undefined) gates.push({ name, passed: false, message: unknown });
    else {
      const found = SEVERITIES.filter((s) => Number(s) >= failOn.severity!).reduce((n, s) => n + tally.counts[s], tally.anywhere);
      const limit = failOn.count === 1 ? "any" : `${failOn.count} or more`;
      gates.push({ name, passed: found < failOn.count, message: `${plural(found, "finding")} at ${name}${basis(tally)}; fails on ${limit}` });
    }
  }
  for (const s of SEVERITIES) {
    const limit = failOn.limits?.[s];
    if (limit === undefined) continue;
    const name = `at most ${limit} of severity ${s}`;
    if (tally === undefined) gates.push({ name, passed: false, message: unknown });
    else {
      const found = tally.counts[s] + tally.anywhere;
      gates.push({ name, passed: found <= limit, message: `${plural(found, "finding")} of severity ${s}${basis(tally)}; the limit is ${limit}` });
    }
  }
  for (const r of failOn.rules ?? []) {
    const name = r.from === r.to ? `QID ${r.from}` : `QIDs ${r.from}-${r.to}`;
    if (list === undefined) {
      gates.push({ name, passed: false, message: "the vendor gave no findings for this run, so this gate could not be judged" });
      continue;
    }
    const hits = list.open.filter((f) => QID.test(f.rule) && Number(f.rule) >= r.from && Number(f.rule) <= r.to);
    if (hits.length > 0) {
      const where = [...new Set(hits.map((f) => `QID ${f.rule}${f.url === undefined ? "" : ` at ${f.url}`}`))].slice(0, 5).join(", ");
      gates.push({ name, passed: false, message: `found ${plural(hits.length, "time")}: ${where}${hits.length > 5 ? ", …" : ""}` });
      continue;
    }
    // "Not found" holds only for a whole list whose every QID could be read.
    const unread = list.open.filter((f) => !QID.test(f.rule)).length;
    if (list.truncated) {
      gates.push({ name, passed: false, message: `not found in the ${plural(list.read, "finding")} read, but the vendor's list was cut at ${list.read}, so this gate could not be judged` });
    } else if (unread > 0) {
      gates.push({ name, passed: false, message: `not found, but ${unread === 1 ? "1 finding has" : `${unread} findings have`} a QID that could not be read, so this gate could not be judged` });
    } else gates.push({ name, passed: true, message: "not found" });
  }
  return gates;
}

/** One line for people: every gate's name, e.g. `severity 4 or higher, QID 150001`. */
export const describeGates = (gates: readonly GateResult[]): string => gates.map((g) => g.name).join(", ");
