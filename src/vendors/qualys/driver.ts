/**
 * The Qualys WAS driver: kinds `profile` (looked up by name, never changed), `webApp`, `schedule`
 * and `scan` (an on-demand scan: a launch recipe kept in state, launched and polled at Qualys).
 */
import { ScanformError } from "../../core/errors.js";
import { VERSION } from "../../core/version.js";
import { createRedactor } from "../../http/redact.js";
import { sleep as realSleep, type Sleep } from "../../http/sleep.js";
import type { JournalEntry } from "../../state/model.js";
import type { Driver, Ids, KindInfo, ReadBack, ReadBackOptions, VendorSession } from "../driver.js";
import { callsFor, canonicalObjectId, DEFAULT_CONCURRENCY, MAX_ANSWER_BYTES, NO_PROFILE_REMOVAL, notQualysApi, OBJECT_ID_PATTERN, OBJECT_NOT_FOUND, PORTAL_VERSION, SCAN_CAP_RETRY, SCAN_READ_BACK_LIMIT, SECRET_SETTINGS, SETTINGS_ENV, VENDOR, nameEquals, type ObjectName } from "./api.js";
import { createQualysClient, type QualysClient } from "./client.js";
import { createLookups } from "./lookups.js";
import { inventory } from "./inventory.js";
import { observe } from "./observe.js";
import { prefetchSearches, type Prefetched } from "./prefetch.js";
import { readBackLaunch, launchName, launchScan, scanStatus, scanStatuses, type ScanDeps } from "./scans.js";
import { createSchedule, deleteSchedule, updateSchedule } from "./schedules.js";
import { readSettings } from "./settings.js";
import { throttleHint } from "./throttle.js";
import { createWebApp, deleteWebApp, updateWebApp } from "./webapps.js";
import { textOf } from "./xml.js";
import { readSearchPageOffThread, readXml, warmXmlThread } from "./xml-thread.js";
import { ownEntry } from "../../core/own.js";

const KINDS: Readonly<Record<string, KindInfo>> = {
  profile: { mode: "data", fields: {}, readable: true, deletable: false, launchable: false, pollable: false, callsFor },
  webApp: {
    mode: "managed",
    fields: { name: { update: "in-place" }, url: { update: "in-place" }, tags: { update: "in-place", set: true }, defaultProfile: { update: "in-place", cannotClear: NO_PROFILE_REMOVAL } },
    readable: true,
    deletable: true,
    launchable: false,
    pollable: false,
    callsFor,
  },
  schedule: {
    mode: "managed",
    fields: { webApps: { update: "in-place", set: true } },
    readable: true,
    deletable: true,
    launchable: false,
    pollable: false,
    callsFor,
  },
  // Nothing exists at Qualys until a launch: the plan compares with state, and a delete only forgets it.
  scan: {
    mode: "managed",
    fields: { webApps: { update: "in-place", set: true } },
    readable: false,
    readBackLimit: SCAN_READ_BACK_LIMIT,
    deletable: true,
    launchable: true,
    pollable: true,
    callsFor,
  },
};

export interface QualysDriverOptions {
  /** Waiting between launches refused by the running-scan cap; tests make it instant. */
  readonly sleep?: Sleep;
  readonly capRetry?: { readonly waitMs: number; readonly giveUpAfterMs: number };
}

const unsupported = (kind: string, what: string): ScanformError =>
  new ScanformError("VENDOR_UNSUPPORTED", `${VENDOR}: kind ${kind} has no ${what}`, { detail: { vendor: VENDOR, kind } });

export function createQualysDriver(options: QualysDriverOptions = {}): Driver {
  return {
    vendor: VENDOR,
    kinds: KINDS,
    settingsEnv: SETTINGS_ENV,
    secretSettings: SECRET_SETTINGS,
    concurrency: DEFAULT_CONCURRENCY,
    idsFromConsole(kind, id) {
      if (!Object.hasOwn(KINDS, kind) || !OBJECT_ID_PATTERN.test(id)) {
        throw new ScanformError("VENDOR_ID_INVALID", `qualys: "${id}" is not a ${kind} id; Qualys gives each object a number`, {
          hint: "Copy the object's id (digits only) from the Qualys WAS console.",
          detail: { vendor: VENDOR, kind },
        });
      }
      return { id: canonicalObjectId(id) };
    },
    connect(settings, deps): VendorSession {
      const s = readSettings(settings);
      const token = Buffer.from(`${s.username}:${s.password}`, "utf8").toString("base64");
      const secrets = [s.password, token, ...(s.username.length >= 3 ? [s.username] : [])];
      const authorization = `Basic ${token}`;
      const http = deps.makeHttp({
        vendor: VENDOR,
        baseUrl: s.baseUrl,
        concurrency: DEFAULT_CONCURRENCY,
        maxBodyBytes: MAX_ANSWER_BYTES,
        ...(s.callLimit === undefined ? {} : { callLimit: s.callLimit }),
        authenticate: () => ({ authorization }),
        secrets,
        throttleHint,
        notThisApi: (request, response) => notQualysApi(request.path, response.status),
      });
      const redact = createRedactor(secrets);
      const client = createQualysClient(http, { version: VERSION, redact, readXml, readSearchPage: readSearchPageOffThread, ...(deps.maxPages === undefined ? {} : { maxPages: deps.maxPages }) });
      const lookups = createLookups(client);
      const now = (): Date => deps.now();
      const scanDeps: ScanDeps = { client, now, sleep: options.sleep ?? realSleep, capRetry: options.capRetry ?? SCAN_CAP_RETRY, redact };
      const writeDeps = { client, lookups, now };
      // Searches prefetch() started for the next observe.
      let prefetched: Prefetched | undefined;

      return {
        async checkCredentials(signal) {
          const version = await client.portalVersion(signal);
          return { call: `GET ${PORTAL_VERSION.path}`, notes: version === undefined ? [] : [`WAS version ${version}`] };
        },
        prefetch(desired, signal) {
          if (desired.length >= WARM_WORKER_AT) warmXmlThread();
          prefetched = prefetchSearches(client, desired, signal);
        },
        observe: (request) => {
          // Large pages are read on a worker (xml-thread.ts); starting it with the searches hides its
          // start-up behind their latency. A small configuration's pages are read in place.
          if (request.desired.length + request.state.length >= WARM_WORKER_AT) warmXmlThread();
          const ahead = prefetched;
          prefetched = undefined;
          return observe(request, { client, lookups, slots: DEFAULT_CONCURRENCY, ...(ahead === undefined ? {} : { prefetched: ahead }) });
        },
        inventory: (kinds, signal) => {
          warmXmlThread();
          return inventory(client, kinds, signal);
        },
        async create(change, ctx) {
          if (change.kind === "webApp") return createWebApp(change, ctx, writeDeps);
          if (change.kind === "schedule") return createSchedule(change, ctx, writeDeps);
          if (change.kind === "scan") return {};
          throw unsupported(change.kind, "create");
        },
        async update(change, ctx) {
          if (change.kind === "webApp") return updateWebApp(change, ctx, writeDeps);
          if (change.kind === "schedule") return updateSchedule(change, ctx, writeDeps);
          if (change.kind === "scan") return;
          throw unsupported(change.kind, "update");
        },
        async delete(change, ctx) {
          if (change.kind === "webApp") return deleteWebApp(change, ctx, writeDeps);
          if (change.kind === "schedule") return deleteSchedule(change, ctx, writeDeps);
          if (change.kind === "scan") return;
          throw unsupported(change.kind, "delete");
        },
        async launch(input, ctx) {
          if (input.kind !== "scan") throw unsupported(input.kind, "launch");
          return launchScan(input, ctx, scanDeps);
        },
        runName: ({ spec, runKey }) => launchName(spec, runKey),
        readBack: (entry, signal, options) => readBack(entry, client, signal, options),
        async confirmAbsent(object, signal) {
          const kind = ownEntry(CREATED_OBJECTS, object.kind);
          const id = object.ids["id"];
          if (kind === undefined || id === undefined) return "absent";
          const options = { id, idempotent: true, address: object.address, alsoDone: [OBJECT_NOT_FOUND], ...(signal === undefined ? {} : { signal }) };
          return (await client.call("get", kind, options)).responseCode === OBJECT_NOT_FOUND ? "absent" : "present";
        },
        async status(run, signal) {
          if (run.kind !== "scan") throw unsupported(run.kind, "status");
          return scanStatus(run, scanDeps, signal);
        },
        async statuses(runs, signal) {
          const scans = runs.filter((r) => r.kind === "scan");
          const read = await scanStatuses(scans, scanDeps, signal);
          const byRun = new Map(scans.map((r, i) => [r, read[i]!] as const));
          return runs.map((r) => byRun.get(r) ?? { error: unsupported(r.kind, "status") });
        },
      };
    },
  };
}

/** Objects observed from which the search pages are likely to reach xml-thread.ts's threshold (~180 verbose web apps). */
const WARM_WORKER_AT = 150;

const CREATED_OBJECTS: Readonly<Record<string, ObjectName>> = { webApp: "webApp", schedule: "schedule" };

/** Settles a journal entry: a create by the object's exact name (none state holds for another address), a launch by its runKey. */
async function readBack(entry: JournalEntry, client: QualysClient, signal?: AbortSignal, options: ReadBackOptions = {}): Promise<ReadBack> {
  if (entry.operation === "launch") return readBackLaunch(entry, client, signal);
  // A scan's create sends nothing to Qualys: it is complete once made, and has no ids. Saying
  // "absent" would claim it did not land.
  if (entry.kind === "scan") return { outcome: "landed", ids: {} };
  const object = ownEntry(CREATED_OBJECTS, entry.kind);
  if (object === undefined) return { outcome: "absent" };
  const found = await client.searchAll(object, [nameEquals(entry.naturalKey)], { address: entry.address, ...(signal === undefined ? {} : { signal }) });
  const ids = found
    .filter((x) => textOf(x, "name") === entry.naturalKey)
    .map((x) => textOf(x, "id") ?? "")
    .filter((id) => options.heldElsewhere?.({ id }) !== true);
  if (ids.length === 1) return { outcome: "landed", ids: { id: ids[0]! } satisfies Ids };
  if (ids.length === 0) return { outcome: "absent" };
  return { outcome: "unknowable", message: `${ids.length} objects at Qualys are named "${entry.naturalKey}" (ids ${ids.join(", ")}); keep the one scanform made and delete the others, or adopt one` };
}

export const qualysDriver: Driver = createQualysDriver();
