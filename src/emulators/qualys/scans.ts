/**
 * On-demand scans (vendors/qualys.md §10): launch (one web app, or several: one scan each), status,
 * search, count, get, cancel and the results download with the findings and their counts by level.
 * Counts are drawn from the seeded random source at launch, so a given seed always yields the same
 * findings (findings.ts).
 */
import type { EmuResponse } from "../core/types.js";
import { QpsError, success, type Envelope } from "./envelope.js";
import type { Tenant } from "./options.js";
import { boolAt, idRefAt, numberAt, required, textAt } from "./read.js";
import { isRunning, scanState, type ScanState } from "./scan-state.js";
import { readTarget } from "./schedules.js";
import { SCAN_TYPES } from "./schema.js";
import { countAnswer, findById, searchAnswer, type Fields } from "./search.js";
import { findingsOf, renderFindings } from "./findings.js";
import { qDate, type ScanRecord } from "./store.js";
import { child, type XNode } from "./xml-in.js";
import { bare, el, scanner, text, type Out } from "./xml-out.js";
import { ownEntry } from "../../core/own.js";
import { appendAll } from "../../core/arrays.js";

const STATUSES = ["SUBMITTED", "RUNNING", "FINISHED", "ERROR", "CANCELED", "PROCESSING", "CANCELING"];
const RESULTS_STATUSES = [
  "NOT_USED", "TO_BE_PROCESSED", "NO_HOST_ALIVE", "NO_WEB_SERVICE", "SERVICE_ERROR", "TIME_LIMIT_REACHED", "SCAN_INTERNAL_ERROR",
  "SCAN_RESULTS_INVALID", "SUCCESSFUL", "PROCESSING", "TIME_LIMIT_EXCEEDED", "SCAN_NOT_LAUNCHED", "SCANNER_NOT_AVAILABLE",
  "SUBMITTED", "RUNNING", "FINISHED", "CANCELED", "CANCELING", "ERROR", "DELETED", "CANCELED_WITH_RESULTS",
];
const AUTH_STATUSES = ["NONE", "NOT_USED", "SUCCESSFUL", "FAILED", "PARTIAL"];

function fields(tenant: Tenant): Fields<ScanRecord> {
  const now = tenant.clock.now();
  const tagsOf = (s: ScanRecord): number[] => tenant.store.webApps.find((w) => w.id === s.webApp.id)?.tagIds ?? [];
  return {
    id: { type: "long", read: (s) => [s.id] },
    name: { type: "text", read: (s) => [s.name] },
    "webApp.name": { type: "text", read: (s) => [s.webApp.name] },
    "webApp.id": { type: "long", read: (s) => [s.webApp.id] },
    "webApp.tags": { type: "collection", read: tagsOf },
    "webApp.tags.id": { type: "long", read: tagsOf },
    reference: { type: "text", read: (s) => [s.reference] },
    launchedDate: { type: "date", read: (s) => [qDate(s.launchedAt)] },
    type: { type: "keyword", values: SCAN_TYPES, read: (s) => [s.type] },
    mode: { type: "keyword", values: ["ONDEMAND", "SCHEDULED", "API"], read: () => ["API"] },
    status: { type: "keyword", values: STATUSES, read: (s) => [scanState(s, now).status] },
    authStatus: { type: "keyword", values: AUTH_STATUSES, read: (s) => summaryField(scanState(s, now), "authStatus") },
    resultsStatus: { type: "keyword", values: RESULTS_STATUSES, read: (s) => summaryField(scanState(s, now), "resultsStatus") },
  };
}

const summaryField = (state: ScanState, key: "authStatus" | "resultsStatus"): string[] => (state.summary === undefined ? [] : [state.summary[key]]);

const summaryOf = (state: ScanState): Out | undefined =>
  state.summary === undefined ? undefined : el("summary", bare("resultsStatus", state.summary.resultsStatus), bare("authStatus", state.summary.authStatus));

function renderScan(tenant: Tenant, s: ScanRecord, extra: readonly (Out | undefined)[] = [], withSummary = true): Out {
  const state = scanState(s, tenant.clock.now());
  return el(
    "WasScan",
    bare("id", s.id),
    text("name", s.name),
    text("reference", s.reference),
    bare("type", s.type),
    bare("mode", "API"),
    bare("multi", s.multi),
    el(
      "target",
      el("webApp", bare("id", s.webApp.id), text("name", s.webApp.name), text("url", s.webApp.url)),
      scanner("scannerAppliance", s.scannerAppliance),
      s.cancelOption === null ? undefined : bare("cancelOption", s.cancelOption),
    ),
    el("profile", bare("id", s.profile.id), text("name", s.profile.name)),
    s.cancelAfterNHours === null ? undefined : bare("cancelAfterNHours", s.cancelAfterNHours),
    s.sendMail === null ? undefined : bare("sendMail", s.sendMail),
    bare("launchedDate", qDate(s.launchedAt)),
    el("launchedBy", bare("id", tenant.user.id), text("username", tenant.user.username)),
    bare("status", state.status),
    state.endedAt === undefined ? undefined : bare("endScanDate", qDate(state.endedAt)),
    state.endedAt === undefined ? undefined : bare("scanDuration", Math.round((state.endedAt - s.launchedAt) / 1000)),
    withSummary ? summaryOf(state) : undefined,
    ...extra,
  );
}

const find = (tenant: Tenant, id: number): ScanRecord => findById(tenant.store.scans, id, "WasScan");

function drawVulns(tenant: Tenant, type: ScanRecord["type"]): [number, number, number, number, number] {
  // Discovery scans do not test for vulnerabilities. Higher levels are rarer.
  if (type === "DISCOVERY") return [0, 0, 0, 0, 0];
  const draw = (max: number): number => Math.floor(tenant.random.next() * (max + 1));
  return [draw(8), draw(6), draw(4), draw(2), draw(1)];
}

export function launchScan(tenant: Tenant, env: Envelope, data: XNode): EmuResponse {
  const what = "WasScan";
  const { store, options } = tenant;
  const now = tenant.clock.now();
  const name = required(textAt(data, "name"), "name", what);
  const type = required(textAt(data, "type"), "type", what).trim() as ScanRecord["type"];
  const targetNode = required(child(data, "target"), "target", what);
  const target = readTarget(tenant, targetNode, []);
  const profileId = idRefAt(data, "profile");
  if (profileId !== undefined && !store.profiles.some((p) => p.id === profileId)) {
    throw new QpsError("INVALID_REQUEST", `OptionProfile with id ${profileId} does not exist.`, "Specify the id of an existing option profile.");
  }
  const apps = target.webAppIds.map((id) => store.webApps.find((w) => w.id === id)!);
  // §7: a web app created with name and url only has no default profile, so its scans must name one.
  const withoutProfile = apps.find((w) => profileId === undefined && w.defaultProfileId === null);
  if (withoutProfile !== undefined) {
    throw new QpsError("INVALID_REQUEST", `WebApp ${withoutProfile.id} has no default option profile.`, "Specify profile.id in the scan.");
  }
  // §4/§5: the concurrent-running-scans limit answers INVALID_REQUEST, and nothing is launched.
  const running = store.scans.filter((s) => isRunning(scanState(s, now))).length;
  if (running + apps.length > options.maxRunningScans) {
    throw new QpsError(
      "INVALID_REQUEST",
      `You have reached the maximum number of concurrent running scans (${options.maxRunningScans}) for your account`,
      "Please wait until your previous scans have completed",
    );
  }
  const scans = apps.map((w): ScanRecord => {
    const id = store.nextId.scan++;
    const pid = profileId ?? w.defaultProfileId!;
    const outcome = ownEntry(options.outcomes, w.name) ?? {};
    return {
      id,
      name,
      reference: `was/${now}.${id}`,
      type,
      multi: target.multi,
      webApp: { id: w.id, name: w.name, url: w.url },
      profile: { id: pid, name: store.profiles.find((p) => p.id === pid)?.name ?? "" },
      scannerAppliance: target.scannerAppliance ?? w.defaultScanner ?? { type: "EXTERNAL" },
      cancelOption: target.cancelOption,
      cancelAfterNHours: numberAt(data, "cancelAfterNHours") ?? null,
      sendMail: boolAt(data, "sendMail") ?? null,
      launchedAt: now,
      submittedMs: options.submittedMs,
      runDurationMs: options.runDurationMs,
      outcome: {
        status: outcome.status ?? "FINISHED",
        resultsStatus: outcome.resultsStatus ?? (outcome.status === "ERROR" ? "SCAN_INTERNAL_ERROR" : "SUCCESSFUL"),
        authStatus: "NONE",
      },
      vulns: outcome.vulns ?? drawVulns(tenant, type),
    };
  });
  appendAll(store.scans, scans);
  return success(env, { items: scans.map((s) => el("WasScan", bare("id", s.id))) });
}

export function scanStatus(tenant: Tenant, env: Envelope, id: number): EmuResponse {
  const state = scanState(find(tenant, id), tenant.clock.now());
  return success(env, { items: [el("WasScan", bare("id", id), bare("status", state.status), summaryOf(state))] });
}

export const searchScans = (tenant: Tenant, env: Envelope, request: XNode | undefined): EmuResponse =>
  searchAnswer(env, request, tenant.store.scans, fields(tenant), (s) => renderScan(tenant, s, [], tenant.options.scanSearchSummary));

export const countScans = (tenant: Tenant, env: Envelope, request: XNode | undefined): EmuResponse => countAnswer(env, request, tenant.store.scans, fields(tenant));

export function getScan(tenant: Tenant, env: Envelope, id: number): EmuResponse {
  return success(env, { items: [renderScan(tenant, find(tenant, id))] });
}

export function cancelScan(tenant: Tenant, env: Envelope, id: number, request: XNode | undefined): EmuResponse {
  const scan = find(tenant, id);
  const now = tenant.clock.now();
  const state = scanState(scan, now);
  if (!isRunning(state)) {
    throw new QpsError("INVALID_REQUEST", `WasScan ${id} cannot be canceled: its status is ${state.status}.`, "Only SUBMITTED or RUNNING scans can be canceled.");
  }
  const data = request === undefined ? undefined : child(request, "data");
  const wasScan = data === undefined ? undefined : child(data, "WasScan");
  scan.canceledAt = now;
  scan.cancelWithResults = wasScan === undefined ? false : (boolAt(wasScan, "cancelWithResults") ?? false);
  return success(env, { items: [el("WasScan", bare("id", id))] });
}

/** Results: only for a finished scan, or one canceled with results (its counts are partial). */
export function downloadScan(tenant: Tenant, env: Envelope, id: number): EmuResponse {
  const scan = find(tenant, id);
  const state = scanState(scan, tenant.clock.now());
  const available = state.status === "FINISHED" || (state.status === "CANCELED" && scan.cancelWithResults === true);
  if (!available) {
    throw new QpsError("INVALID_REQUEST", `Results of WasScan ${id} are not available: its status is ${state.status}.`, "Download the results once the scan has finished.");
  }
  const levels = scan.vulns.map((n) => Math.floor(n * state.progress));
  const stats = el(
    "stats",
    el(
      "global",
      bare("nbVulnsTotal", levels.reduce((a, b) => a + b, 0)),
      ...levels.map((n, i) => bare(`nbVulnsLevel${i + 1}`, n)),
    ),
  );
  return success(env, { items: [renderScan(tenant, scan, [renderFindings(findingsOf(levels, scan.webApp.url)), stats])] });
}
