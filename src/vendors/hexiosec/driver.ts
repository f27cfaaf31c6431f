/**
 * The Hexiosec ASM driver: one kind, `hexiosec.scan`. Scans are read back in bulk and compared;
 * they are not launched (they run while enabled) but their latest iteration can be waited on.
 */
import { ScanformError } from "../../core/errors.js";
import { namesNoPathSegment } from "../../http/url.js";
import type { ConnectDeps, Driver, KindInfo, ResolvedSettings, VendorSession } from "../driver.js";
import { AUTH_HEADER, callsFor, DEFAULT_BASE_URL, DEFAULT_CONCURRENCY, notHexiosecApi, PATHS, SETTINGS_ENV, VENDOR } from "./api.js";
import { createHexiosecClient } from "./client.js";
import { rememberGroups } from "./groups.js";
import { inventoryScans } from "./inventory.js";
import { observeScans, SCAN_KIND } from "./observe.js";
import { prefetchLists, type PrefetchedLists } from "./prefetch.js";
import { readBack, scanStatus } from "./runs.js";
import { createScan, deleteScan, updateScan } from "./steps.js";

const scanKind: KindInfo = {
  mode: "managed",
  fields: {
    name: { update: "in-place" },
    // Sheet decisions: `type` and `scan_group_id` cannot change, so a change is a replace.
    group: { update: "replace" },
    type: { update: "replace" },
    seeds: { update: "in-place", set: true },
    enabled: { update: "in-place" },
    dnsNamelist: { update: "in-place" },
    ignoreIpNodes: { update: "in-place" },
  },
  readable: true,
  deletable: true,
  launchable: false,
  pollable: true,
  callsFor,
};

export const hexiosecDriver: Driver = {
  vendor: VENDOR,
  kinds: { [SCAN_KIND]: scanKind },
  settingsEnv: SETTINGS_ENV,
  secretSettings: ["apiKey"],
  concurrency: DEFAULT_CONCURRENCY,
  idsFromConsole(kind, id) {
    if (kind !== SCAN_KIND || id.trim() === "" || namesNoPathSegment(id)) {
      throw new ScanformError("VENDOR_ID_INVALID", `hexiosec: "${id}" is not a scan id`, {
        hint: "Copy the scan's id from the Hexiosec ASM app.",
        detail: { vendor: VENDOR, kind },
      });
    }
    return { id };
  },
  connect(settings: ResolvedSettings, deps: ConnectDeps): VendorSession {
    const apiKey = settings.apiKey ?? "";
    if (apiKey.trim() === "") {
      throw new ScanformError("VENDOR_SETTINGS", "hexiosec: no API key is set", {
        hint: `Export ${SETTINGS_ENV.apiKey} (or write \`vendors.hexiosec.apiKey: \${${SETTINGS_ENV.apiKey}}\`) with a key created in the Hexiosec ASM app.`,
      });
    }
    const http = deps.makeHttp({
      vendor: VENDOR,
      baseUrl: settings.url === undefined || settings.url === "" ? DEFAULT_BASE_URL : settings.url,
      concurrency: DEFAULT_CONCURRENCY,
      authenticate: () => ({ [AUTH_HEADER]: apiKey }),
      secrets: [apiKey],
      notThisApi: (request, response) => notHexiosecApi(request.path, response.status),
    });
    const client = rememberGroups(createHexiosecClient(http, [apiKey]));
    // The lists prefetch() started for the next observe.
    let prefetched: PrefetchedLists | undefined;
    return {
      checkCredentials: async (signal) => {
        await client.verifyKey(signal === undefined ? {} : { signal });
        return { call: `GET ${PATHS.auth()}`, notes: [] };
      },
      prefetch(desired, signal) {
        if (desired.some((r) => r.kind === SCAN_KIND)) prefetched = prefetchLists(client, signal);
      },
      observe: (request) => {
        const ahead = prefetched;
        prefetched = undefined;
        return observeScans(client, request, ahead);
      },
      inventory: async (kinds, signal) => (kinds.includes(SCAN_KIND) ? inventoryScans(client, signal) : []),
      create: (change, ctx) => createScan(client, change, ctx),
      update: (change, ctx) => updateScan(client, change, ctx),
      delete: (change, ctx) => deleteScan(client, change, ctx),
      launch: async (input) => {
        throw new ScanformError("VENDOR_UNSUPPORTED", `${input.address}: Hexiosec scans cannot be launched; they run while enabled`, {
          hint: "Set `enabled: true` to run the scan, and drop `launch:` from it.",
          detail: { vendor: VENDOR, address: input.address },
        });
      },
      readBack: (entry, signal, options) => readBack(client, entry, signal, options),
      confirmAbsent: async (object, signal) => {
        const id = object.ids.id;
        if (id === undefined || id === "") return "absent";
        return (await client.scanExists(id, { address: object.address, ...(signal === undefined ? {} : { signal }) })) ? "present" : "absent";
      },
      status: (run, signal) => scanStatus(client, run, signal),
    };
  },
};
