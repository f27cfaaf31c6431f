/**
 * Contract-test harness: the Cortex emulator on 127.0.0.1 and a driver session connected to it
 * through the real HTTP client, with short backoffs so retries finish in milliseconds.
 */
import { afterEach } from "vitest";
import type { JsonObject } from "../../../src/core/json.js";
import type { CortexEmulatorOptions } from "../../../src/emulators/cortex/index.js";
import type { VendorControls } from "../../../src/emulators/core/types.js";
import { createManualClock, startEmulators, type ManualClock, type RunningEmulators } from "../../../src/emulators/index.js";
import { createHttpClient, type ScanformHttpClient } from "../../../src/http/client.js";
import type { CortexScanSpec } from "../../../src/manifest/model.js";
import type { Change } from "../../../src/plan/change.js";
import type { JournalEntry } from "../../../src/state/model.js";
import type { CortexClient } from "../../../src/vendors/cortex/client.js";
import { connectCortexClient, cortexDriver } from "../../../src/vendors/cortex/driver.js";
import type { ConnectDeps, Ids, StepContext, VendorSession } from "../../../src/vendors/driver.js";

export const ADDRESS = "cortex.scan.dc-weekly";
export const CANARY_KEY = "CANARY-cortex-key-7f3a9b1c5d2e8f4a6b0c";

export interface Harness {
  readonly session: VendorSession;
  /** The typed client over the same settings, for pause, resume and abort. */
  readonly client: CortexClient;
  readonly emulators: RunningEmulators;
  readonly clock: ManualClock;
  /** Requests by operation as the emulator logged them. */
  counts(): Readonly<Record<string, number>>;
  statuses(operation: string): number[];
  dump(): any;
  connect(settings: Record<string, string>): VendorSession;
}

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

export interface HarnessOptions {
  readonly emulator?: CortexEmulatorOptions;
  readonly controls?: VendorControls;
  /** Settings overriding those the emulator prints. */
  readonly settings?: Record<string, string>;
  /** How far the driver's clock is ahead of the emulator's. */
  readonly driverClockSkewMs?: number;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const clock = createManualClock();
  const emulators = await startEmulators({
    vendors: ["cortex"],
    clock,
    vendorOptions: { cortex: { advancedKey: { id: "11", key: CANARY_KEY }, standardKey: { id: "12", key: `${CANARY_KEY}-std` }, ...options.emulator } },
    ...(options.controls === undefined ? {} : { controls: { cortex: options.controls } }),
  });
  open.push(emulators);
  const running = emulators.emulators.cortex!;
  const deps: ConnectDeps = {
    now: () => new Date(clock.now() + (options.driverClockSkewMs ?? 0)),
    makeHttp: (o) => {
      const http: ScanformHttpClient = createHttpClient({ ...o, backoff: { baseMs: 20, capMs: 200, maxAttempts: 6 } });
      open.push(http);
      return http;
    },
  };
  const connect = (settings: Record<string, string>): VendorSession => cortexDriver.connect(settings, deps);
  const settings = { url: emulators.urls.cortex!, keyId: "11", key: CANARY_KEY, keyType: "advanced", ...options.settings };
  return {
    session: connect(settings),
    client: connectCortexClient(settings, deps),
    emulators,
    clock,
    counts: () => running.log.counts(),
    statuses: (operation) => running.log.entries().filter((e) => e.operation === operation).map((e) => e.status ?? 0),
    dump: () => running.vendor.dump(),
    connect,
  };
}

export function scanSpec(overrides: Partial<CortexScanSpec> = {}): CortexScanSpec {
  return {
    name: "dc-weekly",
    description: "Weekly scan of the data centre",
    template: 12,
    scanners: ["0f8e6c2a-1b3d-4e5f-8a9b-0c1d2e3f4a5b"],
    network: 3,
    portList: 1,
    credentials: [],
    targetGroups: [],
    targets: ["10.0.0.0/16"],
    excludedTargets: [],
    overrideTargetExclusions: false,
    enableReport: true,
    schedule: { cadence: "WEEKLY", days: ["sun"], dates: [], at: "02:00", timezone: "UTC", start: "2026-12-01", quietHours: [] },
    settings: {},
    ...overrides,
  };
}

const base = { address: ADDRESS, vendor: "cortex", kind: "scan", reason: "test", dependsOn: [], notes: [], launchAfter: false, diffs: [] } as const;

export const createChange = (spec: CortexScanSpec = scanSpec()): Change & { action: "create" } => ({
  ...base,
  action: "create",
  before: null,
  after: spec as unknown as JsonObject,
  ids: {},
});

export const updateChange = (ids: Ids, spec: CortexScanSpec = scanSpec()): Change & { action: "update" } => ({
  ...base,
  action: "update",
  before: scanSpec() as unknown as JsonObject,
  after: spec as unknown as JsonObject,
  ids,
});

export function stepContext(): StepContext & { readonly checkpoints: Ids[] } {
  const checkpoints: Ids[] = [];
  return {
    signal: new AbortController().signal,
    idsOf: () => undefined,
    checkpoint: async (ids) => {
      checkpoints.push(ids);
    },
    checkpoints,
  };
}

export function journalEntry(operation: "create" | "launch", naturalKey = "dc-weekly"): JournalEntry {
  return { id: "j1", address: ADDRESS, vendor: "cortex", kind: "scan", operation, naturalKey, specDigest: "sha256:x", startedAt: "2026-01-01T00:00:00.000Z" };
}

/** Runs `fn` and returns what it threw (failing the test if it did not throw). */
export async function thrown(fn: () => Promise<unknown>): Promise<any> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}
