/**
 * Web applications (vendors/qualys.md §7): search (summary, or full with verbose), count, get,
 * create, partial update with QList collections, delete by id or by filters. Qualys does not
 * de-duplicate by name or URL, so neither does the emulator.
 */
import type { EmuResponse } from "../core/types.js";
import { QpsError, success, type Envelope } from "./envelope.js";
import type { Tenant } from "./options.js";
import { applyIdList, idRefAt, readScanner, required, textAt } from "./read.js";
import { scanState } from "./scan-state.js";
import { countAnswer, filterObjects, findById, searchAnswer, type Fields } from "./search.js";
import { qDate, type WebAppRecord } from "./store.js";
import { indexStore, type StoreIndex } from "./store-index.js";
import { child, type XNode } from "./xml-in.js";
import { bare, el, qlist, scanner, text, type Out } from "./xml-out.js";

const LAST_SCAN_STATUSES = ["SUBMITTED", "RUNNING", "FINISHED", "TIME_LIMIT_EXCEEDED", "SCAN_NOT_LAUNCHED", "SCANNER_NOT_AVAILABLE", "ERROR", "CANCELED"];

function fields(tenant: Tenant): Fields<WebAppRecord> {
  const tagName = (id: number): string[] => tenant.store.tags.filter((t) => t.id === id).map((t) => t.name);
  const now = tenant.clock.now();
  const ix = indexStore(tenant.store);
  return {
    id: { type: "long", read: (w) => [w.id] },
    name: { type: "text", read: (w) => [w.name] },
    url: { type: "text", read: (w) => [w.url] },
    tags: { type: "collection", read: (w) => w.tagIds },
    "tags.name": { type: "text", read: (w) => w.tagIds.flatMap(tagName) },
    "tags.id": { type: "long", read: (w) => w.tagIds },
    createdDate: { type: "date", read: (w) => [w.createdDate] },
    updatedDate: { type: "date", read: (w) => [w.updatedDate] },
    isScheduled: { type: "boolean", read: (w) => [ix.isScheduled(w.id)] },
    isScanned: { type: "boolean", read: (w) => [tenant.store.scans.some((s) => s.webApp.id === w.id)] },
    "lastScan.status": {
      type: "keyword",
      values: LAST_SCAN_STATUSES,
      read: (w) => {
        const last = ix.lastScan(w.id);
        return last === undefined ? [] : [scanState(last, now).status];
      },
    },
    "lastScan.date": {
      type: "date",
      read: (w) => {
        const last = ix.lastScan(w.id);
        return last === undefined ? [] : [qDate(last.launchedAt)];
      },
    },
  };
}

function renderFull(tenant: Tenant, w: WebAppRecord, ix: StoreIndex = indexStore(tenant.store)): Out {
  const user = el("owner", bare("id", tenant.user.id), text("username", tenant.user.username));
  const profile = w.defaultProfileId === null ? undefined : ix.profile(w.defaultProfileId);
  const tags = w.tagIds.map((id) => el("Tag", bare("id", id), text("name", ix.tagName(id) ?? "")));
  const last = ix.lastScan(w.id);
  return el(
    "WebApp",
    bare("id", w.id),
    text("name", w.name),
    text("url", w.url),
    user,
    bare("scope", "ALL"),
    profile === undefined ? undefined : el("defaultProfile", bare("id", profile.id), text("name", profile.name)),
    w.defaultScanner === null ? undefined : scanner("defaultScanner", w.defaultScanner),
    qlist("tags", tags),
    bare("isScheduled", ix.isScheduled(w.id)),
    last === undefined ? undefined : el("lastScan", bare("id", last.id), text("name", last.name)),
    el("createdBy", bare("id", tenant.user.id), text("username", tenant.user.username)),
    bare("createdDate", w.createdDate),
    el("updatedBy", bare("id", tenant.user.id), text("username", tenant.user.username)),
    bare("updatedDate", w.updatedDate),
  );
}

/** What a search without verbose returns (§2.2, recorded). */
const renderSummary = (tenant: Tenant, w: WebAppRecord): Out =>
  el("WebApp", bare("id", w.id), text("name", w.name), text("url", w.url), el("owner", bare("id", tenant.user.id)), el("tags", bare("count", w.tagIds.length)), bare("createdDate", w.createdDate), bare("updatedDate", w.updatedDate));

export function searchWebApps(tenant: Tenant, env: Envelope, request: XNode | undefined): EmuResponse {
  const ix = indexStore(tenant.store);
  return searchAnswer(env, request, tenant.store.webApps, fields(tenant), (w, verbose) => (verbose ? renderFull(tenant, w, ix) : renderSummary(tenant, w)));
}

export const countWebApps = (tenant: Tenant, env: Envelope, request: XNode | undefined): EmuResponse => countAnswer(env, request, tenant.store.webApps, fields(tenant));

const find = (tenant: Tenant, id: number): WebAppRecord => findById(tenant.store.webApps, id, "WebApp");

export function getWebApp(tenant: Tenant, env: Envelope, id: number): EmuResponse {
  return success(env, { items: [renderFull(tenant, find(tenant, id))] });
}

function checkUrl(url: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url.trim());
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
    throw new QpsError("INVALID_REQUEST", `Invalid url: ${url}`, "Specify an absolute http:// or https:// URL.");
  }
  return url.trim();
}

/** Applies the elements present in `data` to `w` (create starts from an empty record). */
function applyWrite(tenant: Tenant, w: WebAppRecord, data: XNode): void {
  const name = textAt(data, "name");
  if (name !== undefined) w.name = required(name, "name", "WebApp");
  const url = textAt(data, "url");
  if (url !== undefined) w.url = checkUrl(url);
  const profileId = idRefAt(data, "defaultProfile");
  if (profileId !== undefined) {
    if (!tenant.store.profiles.some((p) => p.id === profileId)) {
      throw new QpsError("INVALID_REQUEST", `OptionProfile with id ${profileId} does not exist.`, "Specify the id of an existing option profile.");
    }
    w.defaultProfileId = profileId;
  }
  const defaultScanner = readScanner(child(data, "defaultScanner"));
  if (defaultScanner !== undefined) w.defaultScanner = defaultScanner;
  const tags = child(data, "tags");
  if (tags !== undefined) w.tagIds = applyIdList(w.tagIds, tags, "Tag", (id) => tenant.store.tags.some((t) => t.id === id));
}

export function createWebApp(tenant: Tenant, env: Envelope, data: XNode): EmuResponse {
  const now = qDate(tenant.clock.now());
  const w: WebAppRecord = { id: 0, name: "", url: "", defaultProfileId: null, defaultScanner: null, tagIds: [], createdDate: now, updatedDate: now };
  required(textAt(data, "name"), "name", "WebApp");
  required(textAt(data, "url"), "url", "WebApp");
  applyWrite(tenant, w, data);
  w.id = tenant.store.nextId.webApp++;
  tenant.store.webApps.push(w);
  return success(env, { items: [renderFull(tenant, w)] });
}

export function updateWebApp(tenant: Tenant, env: Envelope, id: number, data: XNode): EmuResponse {
  const current = find(tenant, id);
  // Validate everything on a copy first, so a refused update changes nothing.
  const next: WebAppRecord = { ...current, tagIds: [...current.tagIds] };
  applyWrite(tenant, next, data);
  Object.assign(current, next, { updatedDate: qDate(tenant.clock.now()) });
  return success(env, { items: [el("WebApp", bare("id", id))] });
}

export function deleteWebApps(tenant: Tenant, env: Envelope, id: number | undefined, request: XNode | undefined): EmuResponse {
  if (id === undefined && (request === undefined || child(request, "filters") === undefined)) {
    throw new QpsError("INVALID_REQUEST", "Delete without an id needs filters.", "Specify the web app id in the path, or Criteria in filters.");
  }
  const targets = id === undefined ? filterObjects(request, tenant.store.webApps, fields(tenant)) : [find(tenant, id)];
  const gone = new Set(targets.map((w) => w.id));
  tenant.store.webApps = tenant.store.webApps.filter((w) => !gone.has(w.id));
  return success(env, { items: targets.map((w) => el("WebApp", bare("id", w.id))) });
}
