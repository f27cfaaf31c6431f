/**
 * The route table: `<base>/qps/rest/<api>/<action>/<module>/<object>[/<id>]` (vendors/qualys.md
 * §1.2), each with its verb, whether it takes an id, the request elements it accepts and its handler.
 * GET serves get/status/download and count; everything else is POST (§1.2).
 */
import type { EmuResponse } from "../core/types.js";
import * as catalog from "./catalog.js";
import { QpsError, type Envelope } from "./envelope.js";
import type { Tenant } from "./options.js";
import * as scans from "./scans.js";
import * as schedules from "./schedules.js";
import { SCAN_CANCEL, SCAN_LAUNCH, SCHEDULE, WEB_APP, serviceRequest, type Particle } from "./schema.js";
import { child, type XNode } from "./xml-in.js";
import * as webapps from "./webapps.js";

export interface Route {
  /** `3.0/was/webapp`: the API version and object, which also names the response XSD. */
  readonly object: string;
  readonly action: string;
  readonly operation: string;
  readonly id: "none" | "required" | "optional";
  readonly methods: readonly ("GET" | "POST")[];
  /** The ServiceRequest root the body must match; absent: no body is read. */
  readonly request?: Particle;
  run(tenant: Tenant, env: Envelope, id: number | undefined, body: XNode | undefined): EmuResponse;
}

/** The object element inside `<data>`, required by create, update and launch. */
function dataOf(body: XNode | undefined, object: string): XNode {
  const data = body === undefined ? undefined : child(body, "data");
  const element = data === undefined ? undefined : child(data, object);
  if (element === undefined) throw new QpsError("INVALID_REQUEST", `The request has no data/${object} element.`, `Send <ServiceRequest><data><${object}>…</${object}></data></ServiceRequest>.`);
  return element;
}

const search = (verbose: boolean): Particle => serviceRequest({ preferences: { verbose }, filters: true });
const filtersOnly = serviceRequest({ filters: true });
const idOf = (id: number | undefined): number => id!;

const WEBAPP = "3.0/was/webapp";
const PROFILE = "3.0/was/optionprofile";
const TAG = "2.0/am/tag";
const SCHED = "3.0/was/wasscanschedule";
const SCAN = "3.0/was/wasscan";

export const ROUTES: readonly Route[] = [
  { object: WEBAPP, action: "search", operation: "searchWebApps", id: "none", methods: ["POST"], request: search(true), run: (t, e, _, b) => webapps.searchWebApps(t, e, b) },
  { object: WEBAPP, action: "count", operation: "countWebApps", id: "none", methods: ["GET", "POST"], request: filtersOnly, run: (t, e, _, b) => webapps.countWebApps(t, e, b) },
  { object: WEBAPP, action: "get", operation: "getWebApp", id: "required", methods: ["GET"], run: (t, e, id) => webapps.getWebApp(t, e, idOf(id)) },
  { object: WEBAPP, action: "create", operation: "createWebApp", id: "none", methods: ["POST"], request: serviceRequest({ data: WEB_APP }), run: (t, e, _, b) => webapps.createWebApp(t, e, dataOf(b, "WebApp")) },
  { object: WEBAPP, action: "update", operation: "updateWebApp", id: "required", methods: ["POST"], request: serviceRequest({ data: WEB_APP }), run: (t, e, id, b) => webapps.updateWebApp(t, e, idOf(id), dataOf(b, "WebApp")) },
  { object: WEBAPP, action: "delete", operation: "deleteWebApp", id: "optional", methods: ["POST"], request: filtersOnly, run: (t, e, id, b) => webapps.deleteWebApps(t, e, id, b) },

  { object: PROFILE, action: "search", operation: "searchOptionProfiles", id: "none", methods: ["POST"], request: search(false), run: (t, e, _, b) => catalog.searchProfiles(t, e, b) },
  { object: PROFILE, action: "count", operation: "countOptionProfiles", id: "none", methods: ["GET", "POST"], request: filtersOnly, run: (t, e, _, b) => catalog.countProfiles(t, e, b) },
  { object: PROFILE, action: "get", operation: "getOptionProfile", id: "required", methods: ["GET"], run: (t, e, id) => catalog.getProfile(t, e, idOf(id)) },

  { object: TAG, action: "search", operation: "searchTags", id: "none", methods: ["POST"], request: search(false), run: (t, e, _, b) => catalog.searchTags(t, e, b) },

  { object: SCHED, action: "search", operation: "searchSchedules", id: "none", methods: ["POST"], request: search(true), run: (t, e, _, b) => schedules.searchSchedules(t, e, b) },
  { object: SCHED, action: "count", operation: "countSchedules", id: "none", methods: ["GET", "POST"], request: filtersOnly, run: (t, e, _, b) => schedules.countSchedules(t, e, b) },
  { object: SCHED, action: "get", operation: "getSchedule", id: "required", methods: ["GET"], run: (t, e, id) => schedules.getSchedule(t, e, idOf(id)) },
  { object: SCHED, action: "create", operation: "createSchedule", id: "none", methods: ["POST"], request: serviceRequest({ data: SCHEDULE }), run: (t, e, _, b) => schedules.createSchedule(t, e, dataOf(b, "WasScanSchedule")) },
  { object: SCHED, action: "update", operation: "updateSchedule", id: "required", methods: ["POST"], request: serviceRequest({ data: SCHEDULE }), run: (t, e, id, b) => schedules.updateSchedule(t, e, idOf(id), dataOf(b, "WasScanSchedule")) },
  { object: SCHED, action: "activate", operation: "activateSchedule", id: "optional", methods: ["POST"], request: filtersOnly, run: (t, e, id, b) => schedules.setScheduleActive(t, e, true, id, b) },
  { object: SCHED, action: "deactivate", operation: "deactivateSchedule", id: "optional", methods: ["POST"], request: filtersOnly, run: (t, e, id, b) => schedules.setScheduleActive(t, e, false, id, b) },
  { object: SCHED, action: "delete", operation: "deleteSchedule", id: "optional", methods: ["POST"], request: filtersOnly, run: (t, e, id, b) => schedules.deleteSchedules(t, e, id, b) },

  { object: SCAN, action: "launch", operation: "launchScan", id: "none", methods: ["POST"], request: serviceRequest({ data: SCAN_LAUNCH }), run: (t, e, _, b) => scans.launchScan(t, e, dataOf(b, "WasScan")) },
  { object: SCAN, action: "status", operation: "scanStatus", id: "required", methods: ["GET"], run: (t, e, id) => scans.scanStatus(t, e, idOf(id)) },
  // §3.2: verbose is not accepted on wasscan searches (a client saw INVALID_XML there).
  { object: SCAN, action: "search", operation: "searchScans", id: "none", methods: ["POST"], request: search(false), run: (t, e, _, b) => scans.searchScans(t, e, b) },
  { object: SCAN, action: "count", operation: "countScans", id: "none", methods: ["GET", "POST"], request: filtersOnly, run: (t, e, _, b) => scans.countScans(t, e, b) },
  { object: SCAN, action: "get", operation: "getScan", id: "required", methods: ["GET"], run: (t, e, id) => scans.getScan(t, e, idOf(id)) },
  { object: SCAN, action: "cancel", operation: "cancelScan", id: "required", methods: ["POST"], request: serviceRequest({ data: SCAN_CANCEL }), run: (t, e, id, b) => scans.cancelScan(t, e, idOf(id), b) },
  { object: SCAN, action: "download", operation: "downloadScan", id: "required", methods: ["GET"], run: (t, e, id) => scans.downloadScan(t, e, idOf(id)) },
];

const PATH = /^\/qps\/rest\/(\d\.\d)\/([a-z]+)\/([a-z]+)\/([a-z]+)(?:\/([^/]+))?\/?$/;

export interface Matched {
  readonly route: Route;
  readonly id: string | undefined;
}

/** The route a path names (any verb), or undefined. An id where none belongs does not match. */
export function matchRoute(path: string): Matched | undefined {
  const m = PATH.exec(path);
  if (m === null) return undefined;
  const [, api, action, module, object, id] = m;
  const route = ROUTES.find((r) => r.object === `${api}/${module}/${object}` && r.action === action);
  if (route === undefined) return undefined;
  if ((id === undefined && route.id === "required") || (id !== undefined && route.id === "none")) return undefined;
  return { route, id };
}

export const PORTAL_VERSION_PATH = /^\/qps\/rest\/portal\/version\/?$/;
