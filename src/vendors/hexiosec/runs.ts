/**
 * Reading back and run status. A create is found again by the scan's exact name (the journal's
 * natural key). Hexiosec scans are not launched (they run while enabled), so status is the state
 * of the scan's latest iteration (sheet decisions: GET /v1/scans/{id}?expand=iteration).
 */
import { ScanformError } from "../../core/errors.js";
import type { JournalEntry } from "../../state/model.js";
import type { ReadBack, ReadBackOptions, RunPhase, RunStatus } from "../driver.js";
import { RESULTS_UNAVAILABLE, type IterationState, type ScanWire } from "./api.js";
import type { HexiosecClient } from "./client.js";
import { quoteMasked } from "../../http/redact.js";

/**
 * The most characters of an iteration's state, and of each value quoted in its detail, kept: apply
 * and wait print them on every change, and the vendor (or a proxy) can make them any length.
 */
const RUN_TEXT_MAX = 120;

/** Clocks differ between scanform and the vendor; a scan created this long before the journal entry still counts. */
const CLOCK_SKEW_MS = 5 * 60_000;

export async function readBack(client: HexiosecClient, entry: JournalEntry, signal?: AbortSignal, options: ReadBackOptions = {}): Promise<ReadBack> {
  if (entry.operation !== "create") {
    return { outcome: "unknowable", message: "Hexiosec scans are not launched by scanform, so there is no launch to look for" };
  }
  const scans = await client.listScans({ address: entry.address, ...(signal === undefined ? {} : { signal }) });
  const named = scans.filter((s) => s.name === entry.naturalKey);
  // Even the only scan of the name is not the create's if it is older than the entry: a key renamed
  // without moved: deletes a scan of the same name in the same apply, and its id would be taken.
  const found = named.filter((s) => createdSince(s, entry.startedAt) && options.heldElsewhere?.({ id: s.id }) !== true);
  if (found.length === 0) return { outcome: "absent" };
  if (found.length === 1) return { outcome: "landed", ids: { id: found[0]!.id } };
  throw new ScanformError("VENDOR_AMBIGUOUS", `${entry.address}: ${found.length} Hexiosec scans named ${JSON.stringify(entry.naturalKey)} were created since ${entry.startedAt} (${found.map((s) => s.id).join(", ")})`, {
    hint: "Delete the extra scans in the Hexiosec app, then run scanform again.",
    detail: { vendor: "hexiosec", address: entry.address, ids: found.map((s) => s.id) },
  });
}

function createdSince(scan: ScanWire, startedAt: string): boolean {
  if (scan.created_at === undefined) return true;
  return Date.parse(scan.created_at) >= Date.parse(startedAt) - CLOCK_SKEW_MS;
}

const PHASES: Readonly<Record<IterationState, RunPhase>> = {
  pending: "pending",
  running: "running",
  completed: "succeeded",
  failed: "failed",
  cancelled: "cancelled",
};

export async function scanStatus(client: HexiosecClient, run: { readonly address: string; readonly ids: Readonly<Record<string, string>>; readonly runId?: string }, signal?: AbortSignal): Promise<RunStatus> {
  const id = run.ids.id;
  if (id === undefined) {
    throw new ScanformError("VENDOR_NOT_FOUND", `${run.address}: no Hexiosec scan id is known, so its status cannot be read`, {
      hint: "Apply the manifests first; status is read for scans scanform created or adopted.",
      detail: { vendor: "hexiosec", address: run.address },
    });
  }
  const scan = await client.getScan(id, { address: run.address, withIteration: true, ...(signal === undefined ? {} : { signal }) });
  const it = scan.iteration;
  if (it === undefined || it === null) {
    return scan.enabled
      ? { phase: "pending", terminal: false, vendorState: "no iteration yet", detail: "the scan is enabled and its first iteration has not started" }
      : { phase: "idle", terminal: true, vendorState: "never run", detail: "the scan is disabled and has never run; set enabled: true to run it" };
  }
  // Sheet decisions: any state not in the list is treated as still running.
  const phase = Object.hasOwn(PHASES, it.state) ? PHASES[it.state as IterationState] : "running";
  const terminal = phase === "succeeded" || phase === "failed" || phase === "cancelled";
  const since = it.finished_at ?? it.started_at;
  // Decoded from JSON after the HTTP layer masked the raw body: a key echoed escaped is whole only now.
  const quote = (text: string): string => quoteMasked(client.redact, text, RUN_TEXT_MAX);
  // Switching a scan off cancels its iteration: a scan the manifest (or a person) disabled has
  // nothing to wait for, as one that never ran, rather than a run that failed.
  if (!scan.enabled && phase === "cancelled") {
    return { phase: "idle", terminal: true, vendorState: "disabled", detail: `the scan is disabled; its latest iteration ${quote(it.id)} was cancelled${it.finished_at === null ? "" : ` ${quote(it.finished_at)}`}; set enabled: true to run it` };
  }
  return {
    phase,
    terminal,
    vendorState: quote(it.state),
    ...(terminal ? { results: { available: false, why: RESULTS_UNAVAILABLE } } : {}),
    detail: `iteration ${quote(it.id)}${since === null ? "" : `, ${it.finished_at === null ? "started" : "finished"} ${quote(since)}`}${run.runId !== undefined && run.runId !== it.id ? ` (the latest; run ${quote(run.runId)} was earlier)` : ""}`,
  };
}
