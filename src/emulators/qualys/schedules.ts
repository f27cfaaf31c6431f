/**
 * Scan schedules (vendors/qualys.md §11): search, count, get, create, partial update, activate,
 * deactivate and delete, by id or by filters. The emulator reports when a schedule would launch
 * next but does not launch scheduled scans, so `launchedCount` stays 0 and `lastScan` empty.
 */
import type { EmuResponse } from "../core/types.js";
import { QpsError, success, type Envelope } from "./envelope.js";
import type { Tenant } from "./options.js";
import { applyIdList, applyTextList, boolAt, idRefAt, numberAt, readScanner, required, textAt } from "./read.js";
import { SCAN_TYPES } from "./schema.js";
import { countAnswer, filterObjects, findById, searchAnswer, type Fields } from "./search.js";
import { qDate, type ScanTarget, type ScheduleNotification, type ScheduleRecord, type Scheduling } from "./store.js";
import { formatOffset, isKnownZone, nextLaunch, offsetMinutes } from "./time.js";
import { indexStore, type StoreIndex } from "./store-index.js";
import { child, childrenNamed, type XNode } from "./xml-in.js";
import { bare, el, qlist, scanner, text, type Out } from "./xml-out.js";

function fields(tenant: Tenant): Fields<ScheduleRecord> {
  const apps = (s: ScheduleRecord) => tenant.store.webApps.filter((w) => s.target.webAppIds.includes(w.id));
  const ix = indexStore(tenant.store);
  return {
    id: { type: "long", read: (s) => [s.id] },
    name: { type: "text", read: (s) => [s.name] },
    "owner.id": { type: "long", read: () => [tenant.user.id] },
    createdDate: { type: "date", read: (s) => [s.createdDate] },
    updatedDate: { type: "date", read: (s) => [s.updatedDate] },
    active: { type: "boolean", read: (s) => [s.active] },
    type: { type: "keyword", values: SCAN_TYPES, read: (s) => [s.type] },
    "webApp.name": { type: "text", read: (s) => apps(s).map((w) => w.name) },
    "webApp.id": { type: "long", read: (s) => s.target.webAppIds },
    "webApp.tags": { type: "collection", read: (s) => apps(s).flatMap((w) => w.tagIds) },
    "webApp.tags.id": { type: "long", read: (s) => apps(s).flatMap((w) => w.tagIds) },
    invalid: { type: "boolean", read: (s) => [isInvalid(ix, s)] },
    // Scheduled scans are never launched by the emulator: these criteria are valid and see no scan.
    lastScan: { type: "collection", read: () => [] },
    "lastScan.launchedDate": { type: "date", read: () => [] },
    "lastScan.status": { type: "keyword", values: ["SUBMITTED", "RUNNING", "FINISHED", "ERROR", "CANCELED"], read: () => [] },
    multi: { type: "boolean", read: (s) => [s.target.multi] },
  };
}

/** §11: `invalid` marks a schedule whose web app was deleted. */
const isInvalid = (ix: StoreIndex, s: ScheduleRecord): boolean => s.target.webAppIds.some((id) => ix.webApp(id) === undefined);

function renderTarget(ix: StoreIndex, target: ScanTarget): Out {
  const app = (id: number): Out => {
    const w = ix.webApp(id);
    return el("WebApp", bare("id", id), w === undefined ? undefined : text("name", w.name), w === undefined ? undefined : text("url", w.url));
  };
  const apps = target.multi ? qlist("webApps", target.webAppIds.map(app)) : { ...app(target.webAppIds[0] ?? 0), el: "webApp" };
  return el(
    "target",
    apps,
    target.scannerAppliance === null ? undefined : scanner("scannerAppliance", target.scannerAppliance),
    target.cancelOption === null ? undefined : bare("cancelOption", target.cancelOption),
  );
}

function renderScheduling(s: Scheduling): Out {
  const occurrence =
    s.occurrenceType === "DAILY"
      ? el("occurrence", el("dailyOccurrence", bare("everyNDays", s.everyNDays ?? 1)))
      : s.occurrenceType === "WEEKLY"
        ? el("occurrence", el("weeklyOccurrence", bare("everyNWeeks", s.everyNWeeks ?? 1), el("onDays", ...(s.onDays ?? []).map((d) => bare("WeekDay", d)))))
        : undefined;
  return el(
    "scheduling",
    bare("startDate", s.startDate),
    el("timeZone", text("code", s.timeZone), bare("offset", formatOffset(offsetMinutes(s.timeZone, Date.parse(s.startDate))))),
    bare("occurrenceType", s.occurrenceType),
    occurrence,
  );
}

function renderNotification(n: ScheduleNotification): Out {
  return el(
    "notification",
    bare("active", n.active),
    n.reschedule === null ? undefined : bare("reschedule", n.reschedule),
    n.delay === null ? undefined : el("delay", bare("nb", n.delay.nb), bare("scale", n.delay.scale)),
    qlist("recipients", n.recipients.map((r) => text("EmailAddress", r))),
    n.message === null ? undefined : text("message", n.message),
  );
}

/** Partial within the notification too: elements not sent keep their value (§11 update sample). */
function readNotification(node: XNode, current: ScheduleNotification | null): ScheduleNotification {
  const base: ScheduleNotification = current ?? { active: false, reschedule: null, delay: null, recipients: [], message: null };
  const delay = child(node, "delay");
  const recipients = child(node, "recipients");
  const nb = delay === undefined ? undefined : numberAt(delay, "nb");
  const scale = delay === undefined ? undefined : textAt(delay, "scale")?.trim();
  if (delay !== undefined && (nb === undefined || nb < 0 || scale === undefined)) {
    throw new QpsError("INVALID_REQUEST", "A notification delay needs nb (0 or more) and scale.", "Specify delay.nb and delay.scale.");
  }
  return {
    active: boolAt(node, "active") ?? base.active,
    reschedule: boolAt(node, "reschedule") ?? base.reschedule,
    delay: nb === undefined || scale === undefined ? base.delay : { nb, scale },
    recipients: recipients === undefined ? base.recipients : applyTextList(base.recipients, recipients, "EmailAddress"),
    message: textAt(node, "message") ?? base.message,
  };
}

function renderFull(tenant: Tenant, s: ScheduleRecord, ix: StoreIndex = indexStore(tenant.store)): Out {
  const profile = ix.profile(s.profileId);
  const next = nextLaunch(s.scheduling, tenant.clock.now());
  return el(
    "WasScanSchedule",
    bare("id", s.id),
    text("name", s.name),
    el("owner", bare("id", tenant.user.id), text("username", tenant.user.username)),
    bare("active", s.active),
    bare("type", s.type),
    renderTarget(ix, s.target),
    el("profile", bare("id", s.profileId), profile === undefined ? undefined : text("name", profile.name)),
    renderScheduling(s.scheduling),
    s.notification === null ? undefined : renderNotification(s.notification),
    s.sendMail === null ? undefined : bare("sendMail", s.sendMail),
    bare("launchedCount", 0),
    s.active && next !== undefined ? bare("nextLaunchDate", qDate(next)) : undefined,
    bare("invalid", isInvalid(ix, s)),
    bare("multi", s.target.multi),
    bare("createdDate", s.createdDate),
    bare("updatedDate", s.updatedDate),
  );
}

const renderSummary = (tenant: Tenant, ix: StoreIndex, s: ScheduleRecord): Out =>
  el(
    "WasScanSchedule",
    bare("id", s.id),
    text("name", s.name),
    el("owner", bare("id", tenant.user.id)),
    bare("active", s.active),
    bare("type", s.type),
    bare("invalid", isInvalid(ix, s)),
    bare("multi", s.target.multi),
    bare("createdDate", s.createdDate),
    bare("updatedDate", s.updatedDate),
  );

export function searchSchedules(tenant: Tenant, env: Envelope, request: XNode | undefined): EmuResponse {
  const ix = indexStore(tenant.store);
  return searchAnswer(env, request, tenant.store.schedules, fields(tenant), (s, verbose) => (verbose ? renderFull(tenant, s, ix) : renderSummary(tenant, ix, s)));
}

export const countSchedules = (tenant: Tenant, env: Envelope, request: XNode | undefined): EmuResponse => countAnswer(env, request, tenant.store.schedules, fields(tenant));

const find = (tenant: Tenant, id: number): ScheduleRecord => findById(tenant.store.schedules, id, "WasScanSchedule");

export function getSchedule(tenant: Tenant, env: Envelope, id: number): EmuResponse {
  return success(env, { items: [renderFull(tenant, find(tenant, id))] });
}

/** A target, single (`webApp`) or multi (`webApps` QList), shared in shape with scan launch (§10, §11). */
export function readTarget(tenant: Tenant, node: XNode, current: readonly number[]): ScanTarget {
  const single = idRefAt(node, "webApp");
  const list = child(node, "webApps");
  if ((single === undefined) === (list === undefined)) {
    throw new QpsError("INVALID_REQUEST", "A target needs exactly one of webApp or webApps.", "Specify target.webApp.id, or target.webApps.set.WebApp.id.");
  }
  const exists = (id: number): boolean => tenant.store.webApps.some((w) => w.id === id);
  const webAppIds = single !== undefined ? [single] : applyIdList(current, list!, "WebApp", exists);
  if (single !== undefined && !exists(single)) {
    throw new QpsError("INVALID_REQUEST", `WebApp with id ${single} does not exist.`, "Specify the id of an existing web application.");
  }
  if (webAppIds.length === 0) throw new QpsError("INVALID_REQUEST", "The target has no web application.", "Specify at least one web application.");
  refuseAuthRecord(child(node, "webAppAuthRecord"), webAppIds);
  const cancelOption = textAt(node, "cancelOption")?.trim() as ScanTarget["cancelOption"] | undefined;
  return {
    webAppIds,
    multi: list !== undefined,
    scannerAppliance: readScanner(child(node, "scannerAppliance")) ?? null,
    cancelOption: cancelOption ?? null,
  };
}

/** The emulator ships no authentication records, so any reference to one names nothing. */
function refuseAuthRecord(node: XNode | undefined, webAppIds: readonly number[]): void {
  if (node === undefined) return;
  const id = numberAt(node, "id");
  if (id !== undefined) throw new QpsError("INVALID_REQUEST", `WebAppAuthRecord with id ${id} does not exist.`, "Specify the id of an existing authentication record.");
  if (boolAt(node, "isDefault") === true) {
    throw new QpsError("INVALID_REQUEST", `WebApp ${webAppIds[0] ?? ""} has no default authentication record.`, "Remove webAppAuthRecord, or give the web app an authentication record.");
  }
}

function readScheduling(tenant: Tenant, node: XNode): Scheduling {
  const startDate = required(textAt(node, "startDate"), "scheduling.startDate", "WasScanSchedule").trim();
  const zoneNode = child(node, "timeZone");
  const timeZone = required(zoneNode === undefined ? undefined : textAt(zoneNode, "code"), "scheduling.timeZone.code", "WasScanSchedule").trim();
  const occurrenceType = required(textAt(node, "occurrenceType"), "scheduling.occurrenceType", "WasScanSchedule").trim();
  // easm (§11): a start in the past is refused with exactly this message.
  if (Date.parse(startDate) < tenant.clock.now()) throw new QpsError("INVALID_REQUEST", "Start Time cannot be before current time", "Specify a startDate in the future.");
  if (!isKnownZone(timeZone)) throw new QpsError("INVALID_REQUEST", `Unknown time zone code: ${timeZone}`, "Specify a time zone code such as UTC or Europe/London.");
  const occurrence = child(node, "occurrence");
  const daily = occurrence === undefined ? undefined : child(occurrence, "dailyOccurrence");
  const weekly = occurrence === undefined ? undefined : child(occurrence, "weeklyOccurrence");
  const start = qDateOf(startDate);
  switch (occurrenceType) {
    case "ONCE":
      if (occurrence !== undefined) throw new QpsError("INVALID_REQUEST", "A ONCE schedule takes no occurrence.", "Remove scheduling.occurrence.");
      return { startDate: start, timeZone, occurrenceType };
    case "DAILY": {
      const everyNDays = daily === undefined ? undefined : numberAt(daily, "everyNDays");
      if (weekly !== undefined || everyNDays === undefined || everyNDays < 1) {
        throw new QpsError("INVALID_REQUEST", "A DAILY schedule needs occurrence.dailyOccurrence.everyNDays of 1 or more.", "Specify dailyOccurrence.everyNDays.");
      }
      return { startDate: start, timeZone, occurrenceType, everyNDays };
    }
    case "WEEKLY": {
      const everyNWeeks = weekly === undefined ? undefined : numberAt(weekly, "everyNWeeks");
      const onDaysNode = weekly === undefined ? undefined : child(weekly, "onDays");
      if (daily !== undefined || everyNWeeks === undefined || everyNWeeks < 1 || onDaysNode === undefined) {
        throw new QpsError("INVALID_REQUEST", "A WEEKLY schedule needs occurrence.weeklyOccurrence with everyNWeeks of 1 or more and onDays.", "Specify weeklyOccurrence.everyNWeeks and onDays.");
      }
      const onDays = [...new Set(childrenNamed(onDaysNode, "WeekDay").map((d) => d.text.trim()))];
      return { startDate: start, timeZone, occurrenceType, everyNWeeks, onDays };
    }
    default:
      // §11: the MONTHLY occurrence shape is unsettled, so the emulator does not guess one.
      throw new QpsError("INVALID_REQUEST", `Occurrence type ${occurrenceType} is not supported by the emulator.`, "Use ONCE, DAILY or WEEKLY.");
  }
}

const qDateOf = (v: string): string => qDate(Date.parse(v));

function checkProfile(tenant: Tenant, id: number): number {
  if (!tenant.store.profiles.some((p) => p.id === id)) {
    throw new QpsError("INVALID_REQUEST", `OptionProfile with id ${id} does not exist.`, "Specify the id of an existing option profile.");
  }
  return id;
}

export function createSchedule(tenant: Tenant, env: Envelope, data: XNode): EmuResponse {
  const what = "WasScanSchedule";
  const now = qDate(tenant.clock.now());
  const name = required(textAt(data, "name"), "name", what);
  const type = required(textAt(data, "type"), "type", what).trim() as ScheduleRecord["type"];
  const target = readTarget(tenant, required(child(data, "target"), "target", what), []);
  const profileId = checkProfile(tenant, required(idRefAt(data, "profile"), "profile.id", what));
  const scheduling = readScheduling(tenant, required(child(data, "scheduling"), "scheduling", what));
  const notificationNode = child(data, "notification");
  const s: ScheduleRecord = {
    id: tenant.store.nextId.schedule++,
    name,
    active: boolAt(data, "active") ?? true,
    type,
    target,
    profileId,
    scheduling,
    notification: notificationNode === undefined ? null : readNotification(notificationNode, null),
    sendMail: boolAt(data, "sendMail") ?? null,
    createdDate: now,
    updatedDate: now,
  };
  tenant.store.schedules.push(s);
  return success(env, { items: [el("WasScanSchedule", bare("id", s.id))] });
}

/** Partial update (§11): only the elements sent change; `target` and `scheduling` are replaced whole. */
export function updateSchedule(tenant: Tenant, env: Envelope, id: number, data: XNode): EmuResponse {
  const s = find(tenant, id);
  const name = textAt(data, "name");
  const target = child(data, "target");
  const profileId = idRefAt(data, "profile");
  const scheduling = child(data, "scheduling");
  const notification = child(data, "notification");
  const next: ScheduleRecord = {
    ...s,
    name: name === undefined ? s.name : required(name, "name", "WasScanSchedule"),
    active: boolAt(data, "active") ?? s.active,
    type: (textAt(data, "type")?.trim() as ScheduleRecord["type"] | undefined) ?? s.type,
    target: target === undefined ? s.target : readTarget(tenant, target, s.target.webAppIds),
    profileId: profileId === undefined ? s.profileId : checkProfile(tenant, profileId),
    scheduling: scheduling === undefined ? s.scheduling : readScheduling(tenant, scheduling),
    notification: notification === undefined ? s.notification : readNotification(notification, s.notification),
    sendMail: boolAt(data, "sendMail") ?? s.sendMail,
    updatedDate: qDate(tenant.clock.now()),
  };
  Object.assign(s, next);
  return success(env, { items: [el("WasScanSchedule", bare("id", id))] });
}

function selected(tenant: Tenant, id: number | undefined, request: XNode | undefined): ScheduleRecord[] {
  if (id !== undefined) return [find(tenant, id)];
  if (request === undefined || child(request, "filters") === undefined) {
    throw new QpsError("INVALID_REQUEST", "This action without an id needs filters.", "Specify the schedule id in the path, or Criteria in filters.");
  }
  return filterObjects(request, tenant.store.schedules, fields(tenant));
}

export function setScheduleActive(tenant: Tenant, env: Envelope, active: boolean, id: number | undefined, request: XNode | undefined): EmuResponse {
  const targets = selected(tenant, id, request);
  const now = qDate(tenant.clock.now());
  for (const s of targets) {
    if (s.active !== active) Object.assign(s, { active, updatedDate: now });
  }
  return success(env, { items: targets.map((s) => el("WasScanSchedule", bare("id", s.id))) });
}

export function deleteSchedules(tenant: Tenant, env: Envelope, id: number | undefined, request: XNode | undefined): EmuResponse {
  const targets = selected(tenant, id, request);
  const gone = new Set(targets.map((s) => s.id));
  tenant.store.schedules = tenant.store.schedules.filter((s) => !gone.has(s.id));
  return success(env, { items: targets.map((s) => el("WasScanSchedule", bare("id", s.id))) });
}
