/**
 * The Cortex XSIAM netscan driver (vendors/cortex.md). Definitions cannot be read back, deleted or
 * listed, so the plan compares the manifests with state; launches and run status are supported.
 */
import type { ThrottleHint } from "../../http/types.js";
import type { ConnectDeps, Driver, KindInfo, ResolvedSettings } from "../driver.js";
import { isScanformError, ScanformError } from "../../core/errors.js";
import { ASSUMED_MAX_SKEW_MS, CALL_LIMIT, callsFor, canonicalDefinitionId, canonicalRunId, CONCURRENCY, isDefinitionId, IDS, NOT_CARRIED_OUT_STATUSES, notCortexApi, PATHS, RATE_PER_SECOND, READ_BACK_LIMIT, RUN_ID_TEXT_PATTERN, SCAN_KIND, SENDS_WHOLE, SECRET_SETTINGS, SETTINGS_ENV, VENDOR } from "./api.js";
import { createAuthenticator } from "./auth.js";
import { createCortexClient, type CortexClient } from "./client.js";
import { createCortexSession } from "./session.js";
import { pastOneOff } from "./schedule.js";
import { readSettings } from "./settings.js";

const inPlace = { update: "in-place" } as const;
const inPlaceSet = { update: "in-place", set: true } as const;

/** Every field updates in place: an update sends the whole definition again with its id. */
const scanKind: KindInfo = {
  mode: "managed",
  fields: {
    name: inPlace,
    description: inPlace,
    template: inPlace,
    scanners: inPlaceSet,
    network: inPlace,
    portList: inPlace,
    credentials: inPlaceSet,
    targetGroups: inPlaceSet,
    targets: inPlaceSet,
    excludedTargets: inPlaceSet,
    overrideTargetExclusions: inPlace,
    enableReport: inPlace,
    schedule: inPlace,
    settings: inPlace,
  },
  readable: false,
  readBackLimit: READ_BACK_LIMIT,
  deletable: false,
  launchable: true,
  pollable: true,
  review: pastOneOff,
  callsFor,
  adoptById: { ids: (id) => ({ [IDS.definition]: canonicalDefinitionId(id) }), why: "Cortex cannot read a definition back, so the plan cannot show what it holds today" },
  sendsWhole: SENDS_WHOLE,
};

export const cortexDriver: Driver = {
  vendor: VENDOR,
  kinds: { [SCAN_KIND]: scanKind },
  settingsEnv: SETTINGS_ENV,
  secretSettings: SECRET_SETTINGS,
  concurrency: CONCURRENCY,
  idsFromConsole(kind, id) {
    if (kind !== SCAN_KIND || !isDefinitionId(id)) {
      throw new ScanformError("VENDOR_ID_INVALID", `cortex: "${id}" is not a scan definition id; Cortex gives each definition a number`, {
        hint: "Copy the definition's id (digits only) from the Cortex console.",
        detail: { vendor: VENDOR, kind },
      });
    }
    return { [IDS.definition]: canonicalDefinitionId(id) };
  },
  runIdFromConsole(_kind, runId) {
    // Status sends it as a path segment, and Cortex answers 422 to anything but an integer.
    if (!RUN_ID_TEXT_PATTERN.test(runId)) {
      throw new ScanformError("VENDOR_ID_INVALID", `cortex: "${runId.slice(0, 40)}" is not a run id; Cortex gives each run a number`, {
        hint: "Give the run's number alone, as in \"run ID: 7000\" → --run 7000.",
        detail: { vendor: VENDOR },
      });
    }
    return canonicalRunId(runId);
  },
  connect: (settings, deps) => {
    const client = connectCortexClient(settings, deps);
    const advanced = readSettings(settings).keyType === "advanced";
    return {
      ...createCortexSession(client),
      async checkCredentials(signal) {
        const call = `GET ${PATHS.validateKey}`;
        // An advanced key signs the time, so a clock off by more than Cortex accepts fails every call.
        const skewAt = (date: unknown) => {
          const vendorTime = typeof date === "string" ? Date.parse(date) : Number.NaN;
          return advanced && !Number.isNaN(vendorTime) ? { clockSkewMs: vendorTime - deps.now().getTime(), maxClockSkewMs: ASSUMED_MAX_SKEW_MS } : {};
        };
        try {
          return { call, ...skewAt(await client.validateKey(signal === undefined ? {} : { signal })), notes: [] };
        } catch (e) {
          const date = isScanformError(e) && e.code === "VENDOR_AUTH" ? e.detail?.["vendorDate"] : undefined;
          if (date === undefined) throw e;
          return { call, ...skewAt(date), notes: [], refused: e as Error };
        }
      },
    };
  },
};

/** The typed client a session uses, for calls the Driver interface does not carry (pause, resume, abort). */
export function connectCortexClient(settings: ResolvedSettings, deps: ConnectDeps): CortexClient {
  const resolved = readSettings(settings);
  const http = deps.makeHttp({
    vendor: VENDOR,
    baseUrl: resolved.baseUrl,
    concurrency: CONCURRENCY,
    ratePerSecond: RATE_PER_SECOND,
    callLimit: CALL_LIMIT,
    authenticate: createAuthenticator(resolved, deps.now),
    secrets: [resolved.key],
    throttleHint: (status): ThrottleHint | undefined => (NOT_CARRIED_OUT_STATUSES.includes(status) ? { notCarriedOut: true } : undefined),
    notThisApi: (_request, response) => notCortexApi(response),
  });
  return createCortexClient(http, [resolved.key]);
}
