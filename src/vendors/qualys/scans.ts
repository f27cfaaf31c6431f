/**
 * On-demand scans (vendors/qualys.md §10). A launch names the run after the resource and its
 * runKey, so a read-back can find it; one web app is a single scan, several are a multi scan whose
 * answer holds one scan id each, kept together as the run id `id,id,…`. Status reads every scan of
 * the run and, once they have finished, their vulnerability counts by level; the status of many
 * runs is one search by scan ids (api.ts, STATUS_IDS_PER_SEARCH) rather than a call per scan.
 */
import { ScanformError } from "../../core/errors.js";
import type { QualysScanSpec } from "../../manifest/model.js";
import type { JournalEntry } from "../../state/model.js";
import type { Address } from "../../core/address.js";
import type { Finding, LaunchResult, ReadBack, RunPhase, RunRead, RunResults, RunStatus, Spec, StepContext } from "../driver.js";
import {
  CONCURRENT_SCANS_LIMIT,
  INVALID_REQUEST,
  SCAN_STATUS,
  STATUS_IDS_PER_SEARCH,
  SUCCESS,
  SUCCESSFUL_RESULTS,
  VENDOR,
  dataItems,
  decodeScanStatus,
  endpoint,
  decodeFindings,
  idIn,
  decodeVulnCounts,
  launchBody,
  nameContains,
  nameEquals,
  scanName,
  type WireScanStatus,
} from "./api.js";
import type { QualysClient } from "./client.js";
import { scanCapHeld } from "./errors.js";
import { quoteMasked, type Redactor } from "../../http/redact.js";
import { refId } from "./refs.js";
import { recordOf, textOf, type XmlRecord } from "./xml.js";

export interface ScanDeps {
  readonly client: QualysClient;
  readonly now: () => Date;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** When the running-scan cap refuses a launch: how long between tries, and when to give up. */
  readonly capRetry: { readonly waitMs: number; readonly giveUpAfterMs: number };
  /** The client's redactor: Qualys text quoted in a message or a run's status is masked with it after decoding (quoteMasked). */
  readonly redact: Redactor;
}

/**
 * The most characters of a run's state text kept (vendorState, detail): apply and wait print it on
 * every change, and it is built from Qualys' status words, which a vendor or proxy can make any length.
 */
const RUN_TEXT_MAX = 120;

export async function launchScan(input: { readonly address: Address; readonly spec: Spec; readonly runKey: string }, ctx: StepContext, deps: ScanDeps): Promise<LaunchResult> {
  const spec = input.spec as QualysScanSpec;
  const body = launchBody({
    name: launchName(input.spec, input.runKey),
    type: spec.type,
    webAppIds: spec.webApps.map((w) => refId(input.address, w, ctx)),
    ...(spec.profile === null ? {} : { profileId: refId(input.address, spec.profile, ctx) }),
  });
  const operation = endpoint("launch", "scan").operation;
  const started = deps.now().getTime();
  for (;;) {
    const answer = await deps.client.send("launch", "scan", { body, idempotent: false, address: input.address, signal: ctx.signal });
    const env = answer.envelope;
    if (answer.status === 200 && env?.responseCode === SUCCESS) {
      return { runId: dataItems(env, "scan").map((s) => textOf(s, "id") ?? "").filter((id) => id !== "").join(",") };
    }
    // §4/§5: the running-scan cap refuses the launch without carrying it out, so trying again is safe.
    const capped = answer.status === 200 && env?.responseCode === INVALID_REQUEST && CONCURRENT_SCANS_LIMIT.test(env.errorMessage ?? "");
    if (!capped) throw deps.client.failure(answer, { operation, idempotent: false, address: input.address });
    if (deps.now().getTime() - started >= deps.capRetry.giveUpAfterMs) {
      throw scanCapHeld({ operation, idempotent: false, address: input.address }, env, deps.capRetry.giveUpAfterMs, deps.redact);
    }
    await deps.sleep(deps.capRetry.waitMs, ctx.signal);
  }
}

/**
 * Logins worth a word in the run's state (§10 `authStatus`). Decision: a FAILED login fails the
 * scan although Qualys' own CI plugins look at resultsStatus alone: the scan then tested only what
 * is reachable without logging in, so "no findings" says little of the app, and a gate passing on
 * it would be a false pass. PARTIAL is shown, not failed: some of the app was tested logged in,
 * and the sheet does not say how much.
 */
const LOGIN_FAILED = "FAILED";
const LOGIN_SHOWN: ReadonlySet<string> = new Set([LOGIN_FAILED, "PARTIAL"]);

function phaseOf(s: WireScanStatus): { readonly phase: RunPhase; readonly terminal: boolean } {
  const is = (list: readonly string[]): boolean => list.includes(s.status);
  if (is(SCAN_STATUS.pending)) return { phase: "pending", terminal: false };
  if (is(SCAN_STATUS.finished)) return { phase: SUCCESSFUL_RESULTS.has(s.resultsStatus ?? "") && s.authStatus !== LOGIN_FAILED ? "succeeded" : "failed", terminal: true };
  if (is(SCAN_STATUS.failed)) return { phase: "failed", terminal: true };
  if (is(SCAN_STATUS.cancelled)) return { phase: "cancelled", terminal: true };
  // RUNNING, PROCESSING, CANCELING, and any state Qualys adds later: still going.
  return { phase: "running", terminal: false };
}

const PRECEDENCE: readonly RunPhase[] = ["failed", "cancelled", "succeeded"];

type RunOf = { readonly address: Address; readonly runId?: string };

export async function scanStatus(run: RunOf, deps: ScanDeps, signal?: AbortSignal): Promise<RunStatus> {
  const scans = await Promise.all(scanIds(run).map((id) => readScanStatus(id, run.address, deps, signal)));
  return statusOfScans(run, scans, deps, signal);
}

/** `status/was/wasscan/<id>`: the one answer §10 documents `summary.resultsStatus` on. */
async function readScanStatus(id: string, address: Address, deps: ScanDeps, signal?: AbortSignal): Promise<WireScanStatus> {
  const answer = await deps.client.call("status", "scan", { id, idempotent: true, address, ...(signal === undefined ? {} : { signal }) });
  return decodeScanStatus(dataItems(answer, "scan")[0] ?? {});
}

/** A FINISHED scan is judged by its resultsStatus, so a search answer without it is not enough (api.ts, STATUS_IDS_PER_SEARCH). */
const lacksSummary = (s: WireScanStatus): boolean => (SCAN_STATUS.finished as readonly string[]).includes(s.status) && s.resultsStatus === undefined;

/**
 * Every run's status from one `id IN` search per STATUS_IDS_PER_SEARCH scan ids (all pages), each
 * answer as scanStatus would give it: a run whose scans the search lacks is VENDOR_NOT_FOUND, as a
 * status call for it would be, and a failed search fails only the runs whose scans it was to read.
 * A FINISHED scan the search gives without its summary is read once more with its status call.
 */
export async function scanStatuses(runs: readonly RunOf[], deps: ScanDeps, signal?: AbortSignal): Promise<readonly RunRead[]> {
  const wanted = runs.map((run): { readonly ids: readonly string[] } | { readonly error: Error } => {
    try {
      return { ids: scanIds(run) };
    } catch (e) {
      return { error: e as Error };
    }
  });
  // Each scan id once, with the first run that has it: a status call made for it names that run in its errors.
  const addressOf = new Map<string, Address>();
  wanted.forEach((w, i) => {
    if ("ids" in w) for (const id of w.ids) if (!addressOf.has(id)) addressOf.set(id, runs[i]!.address);
  });
  const all = [...addressOf.keys()];
  const found = new Map<string, WireScanStatus | Error>();
  const batches = Array.from({ length: Math.ceil(all.length / STATUS_IDS_PER_SEARCH) }, (_, i) => all.slice(i * STATUS_IDS_PER_SEARCH, (i + 1) * STATUS_IDS_PER_SEARCH));
  await Promise.all(
    batches.map(async (batch) => {
      try {
        const asked = new Set(batch);
        for (const record of await deps.client.searchAll("scan", [idIn(batch)], signal === undefined ? {} : { signal })) {
          const scan = decodeScanStatus(record);
          if (asked.has(scan.id)) found.set(scan.id, scan);
        }
      } catch (e) {
        for (const id of batch) found.set(id, e as Error);
      }
    }),
  );
  // Only a run whose every scan has ended is judged: a summary read for one still going with another would be read again at every poll.
  const ended = (ids: readonly string[]): boolean =>
    ids.every((id) => {
      const scan = found.get(id);
      return scan !== undefined && !(scan instanceof Error) && phaseOf(scan).terminal;
    });
  const unjudged = new Set<string>();
  for (const w of wanted) {
    if (!("ids" in w) || !ended(w.ids)) continue;
    for (const id of w.ids) {
      const scan = found.get(id);
      if (scan !== undefined && !(scan instanceof Error) && lacksSummary(scan)) unjudged.add(id);
    }
  }
  await Promise.all(
    [...unjudged].map(async (id) => {
      try {
        found.set(id, await readScanStatus(id, addressOf.get(id)!, deps, signal));
      } catch (e) {
        found.set(id, e as Error);
      }
    }),
  );
  return Promise.all(
    runs.map(async (run, i): Promise<RunRead> => {
      const w = wanted[i]!;
      if ("error" in w) return w;
      const scans: WireScanStatus[] = [];
      for (const id of w.ids) {
        const scan = found.get(id);
        if (scan instanceof Error) return { error: scan };
        if (scan === undefined) return { error: scanNotFound(run, id) };
        scans.push(scan);
      }
      try {
        return { status: await statusOfScans(run, scans, deps, signal) };
      } catch (e) {
        return { error: e as Error };
      }
    }),
  );
}

/** The scan ids of a run (`id,id,…`), each the integer Qualys gave it. */
function scanIds(run: RunOf): readonly string[] {
  const ids = (run.runId ?? "").split(",").filter((id) => id !== "");
  if (ids.length === 0) {
    throw new ScanformError("VENDOR_NOT_FOUND", `qualys: ${run.address} has no launched run to read`, { hint: "Launch it first (`launch:` in the manifest).", detail: { vendor: VENDOR, address: run.address } });
  }
  // An id Qualys never issues would make the search refuse every run it shares a search with.
  const odd = ids.find((id) => !/^\d{1,19}$/.test(id));
  if (odd !== undefined) {
    throw new ScanformError("VENDOR_ID_INVALID", `qualys: ${run.address} has the run id "${odd.slice(0, 40)}" in state, and Qualys gives each scan a number`, {
      hint: "Launch the scan again, or correct the run id in state.",
      detail: { vendor: VENDOR, address: run.address },
    });
  }
  return ids;
}

const scanNotFound = (run: RunOf, id: string): ScanformError =>
  new ScanformError("VENDOR_NOT_FOUND", `qualys: scan ${id} of ${run.address} was not found: Qualys lists no such scan for this user`, {
    hint: "The scan was deleted or is outside the user's scope; launch it again with `scanform apply`.",
    detail: { vendor: VENDOR, address: run.address, id },
  });

/** A run's status from the wire status of each of its scans, with the results of those that finished. */
async function statusOfScans(run: RunOf, scans: readonly WireScanStatus[], deps: ScanDeps, signal?: AbortSignal): Promise<RunStatus> {
  const common = { idempotent: true, address: run.address, ...(signal === undefined ? {} : { signal }) };
  const phases = scans.map(phaseOf);
  const vendorState = quoteMasked(deps.redact, [...new Set(scans.map(stateOf))].join(", "), RUN_TEXT_MAX);
  if (!phases.every((p) => p.terminal)) {
    return { phase: phases.some((p) => p.phase === "running") ? "running" : "pending", terminal: false, vendorState };
  }
  const phase = PRECEDENCE.find((p) => phases.some((x) => x.phase === p)) ?? "succeeded";
  // Results exist for FINISHED scans (§10 "Results"), also those that finished without success.
  const finished = scans.filter((s) => (SCAN_STATUS.finished as readonly string[]).includes(s.status));
  const downloads = await Promise.all(finished.map(async (s) => ({ scan: s, result: dataItems(await deps.client.call("download", "scan", { id: s.id, ...common }), "scan")[0] ?? {} })));
  const results = resultsOf(downloads);
  // The counts of some scans only, summed, would read as the run's: a gate could pass on them.
  const known = downloads.map((d) => decodeVulnCounts(d.result));
  const findings =
    known.length === 0 || !results?.available || known.some((c) => c === undefined)
      ? undefined
      : { "1": sum(known, 0), "2": sum(known, 1), "3": sum(known, 2), "4": sum(known, 3), "5": sum(known, 4) };
  const failedDetail = scans.filter((_, i) => phases[i]!.phase === "failed").map(failureOf);
  return {
    phase,
    terminal: true,
    vendorState,
    ...(findings === undefined ? {} : { findings }),
    ...(results === undefined ? {} : { results }),
    ...(failedDetail.length === 0 ? {} : { detail: quoteMasked(deps.redact, failedDetail.join("; "), RUN_TEXT_MAX) }),
  };
}

/** A scan's state in Qualys' words: `FINISHED (SUCCESSFUL)`, with a login that FAILED or was PARTIAL. */
function stateOf(s: WireScanStatus): string {
  const words = [s.resultsStatus, s.authStatus !== undefined && LOGIN_SHOWN.has(s.authStatus) ? `authStatus ${s.authStatus}` : undefined].filter((w) => w !== undefined);
  return words.length === 0 ? s.status : `${s.status} (${words.join(", ")})`;
}

function failureOf(s: WireScanStatus): string {
  const state = `scan ${s.id}: ${s.status}${s.resultsStatus === undefined ? "" : ` / ${s.resultsStatus}`}`;
  const resultsFine = SUCCESSFUL_RESULTS.has(s.resultsStatus ?? "");
  return resultsFine && s.authStatus === LOGIN_FAILED ? `${state}, but it could not log in (authStatus FAILED), so it tested only what is reachable without logging in` : state;
}

/**
 * The findings of every downloaded scan, each named by the web app it scanned; undefined when no
 * scan finished. Not available while any download holds no results (an answer without `vulns`
 * or `stats`): the run is judged on all its scans or not yet, never on "0 findings" it was not given.
 */
function resultsOf(downloads: readonly { readonly scan: WireScanStatus; readonly result: XmlRecord }[]): RunResults | undefined {
  if (downloads.length === 0) return undefined;
  const all: Finding[] = [];
  let truncated = false;
  for (const { scan, result } of downloads) {
    const decoded = decodeFindings(result);
    if (decoded === undefined) return { available: false, why: `Qualys' results download of scan ${scan.id} holds neither vulns nor stats yet` };
    const target = textOf(recordOf(recordOf(result, "target"), "webApp"), "name");
    truncated ||= decoded.truncated;
    for (const f of decoded.findings) {
      all.push({
        rule: f.qid,
        title: f.title,
        ...(f.severity === undefined ? {} : { severity: f.severity }),
        ...(target === undefined ? {} : { target }),
        ...(f.uri === undefined ? {} : { url: f.uri }),
      });
    }
  }
  return { available: true, findings: all, truncated };
}

const sum = (rows: readonly (readonly number[] | undefined)[], level: number): number => rows.reduce((a, r) => a + (r?.[level] ?? 0), 0);

/** The name a launch gives its scan: the journal records it, and a read-back searches for it. */
export const launchName = (spec: Spec, runKey: string): string => scanName((spec as QualysScanSpec).name, runKey);

/**
 * A launch entry: the scans named exactly as the launch named them (`name EQUALS`). An entry
 * written before the journal recorded the name holds only the runKey; those are found by the
 * name's `(scanform <runKey>)` ending, the one part of the name the runKey gives.
 */
export async function readBackLaunch(entry: JournalEntry, client: QualysClient, signal?: AbortSignal): Promise<ReadBack> {
  const exact = RUN_NAME.test(entry.naturalKey);
  const ending = scanName("", entry.naturalKey);
  const criterion = exact ? nameEquals(entry.naturalKey) : nameContains(ending.trim());
  const found = await client.searchAll("scan", [criterion], { address: entry.address, ...(signal === undefined ? {} : { signal }) });
  const named = (name: string): boolean => (exact ? name === entry.naturalKey : name.endsWith(ending));
  const ids = found.filter((s) => named(textOf(s, "name") ?? "")).map((s) => textOf(s, "id") ?? "").filter((id) => id !== "");
  return ids.length === 0 ? { outcome: "absent" } : { outcome: "landed", ids: {}, runId: ids.join(",") };
}

/** A full launch name, as scanName makes it, rather than a bare runKey. */
const RUN_NAME = /\(scanform [^()]+\)$/;
