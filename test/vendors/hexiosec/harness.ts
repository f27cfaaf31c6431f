/**
 * The Hexiosec driver against its emulator over 127.0.0.1: the real HTTP client, a manual emulator
 * clock for iterations, and helpers that build the Desired resources and Changes the engines would.
 */
import { createHttpClient, type ScanformHttpClient } from "../../../src/http/client.js";
import type { BackoffPolicy } from "../../../src/http/retry.js";
import type { HttpRequest, HttpResponse } from "../../../src/http/types.js";
import type { DesiredResource, HexiosecScanSpec } from "../../../src/manifest/model.js";
import { createManualClock, startEmulators, type ManualClock, type RunningEmulator, type RunningEmulators } from "../../../src/emulators/index.js";
import type { HexiosecEmulatorOptions } from "../../../src/emulators/hexiosec/index.js";
import type { VendorControls } from "../../../src/emulators/core/types.js";
import type { JsonObject } from "../../../src/core/json.js";
import { diffFields } from "../../../src/plan/field-diff.js";
import type { Change } from "../../../src/plan/change.js";
import type { StateEntry } from "../../../src/state/model.js";
import type { ConnectDeps, Ids, ResolvedSettings, StepContext, VendorSession } from "../../../src/vendors/driver.js";
import { hexiosecDriver } from "../../../src/vendors/hexiosec/driver.js";

export const SECURITY = "00000001-0001-0001-0001-000000000001";
export const VENDORS = "00000002-0002-0002-0002-000000000002";

export interface Rig {
  readonly running: RunningEmulators;
  readonly emu: RunningEmulator;
  readonly clock: ManualClock;
  readonly url: string;
  readonly key: string;
  /** Connected with the emulator's key. */
  readonly session: VendorSession;
  connect(settings?: Partial<ResolvedSettings>): VendorSession;
  /** Raw call to the emulator (bypassing the driver) to arrange or inspect vendor state. */
  raw(method: string, path: string, body?: unknown): Promise<any>;
  /** Operations the driver asked for, in order of arrival (`raw` calls are not logged). */
  operations(): string[];
  close(): Promise<void>;
}

export interface RigOptions {
  readonly emulator?: HexiosecEmulatorOptions;
  readonly controls?: VendorControls;
  readonly backoff?: Partial<BackoffPolicy>;
  /**
   * Stands between the driver and the emulator, to answer as a vendor that differs from the
   * emulator would: `send` passes a request on; what is returned is the driver's answer.
   */
  readonly intercept?: (req: HttpRequest, send: (req: HttpRequest) => Promise<HttpResponse>) => Promise<HttpResponse>;
}

export async function startRig(options: RigOptions = {}): Promise<Rig> {
  const clock = createManualClock();
  const running = await startEmulators({
    vendors: ["hexiosec"],
    clock,
    vendorOptions: { hexiosec: { pendingMs: 10, runDurationMs: 50, ...options.emulator } },
    ...(options.controls === undefined ? {} : { controls: { hexiosec: options.controls } }),
  });
  const emu = running.emulators.hexiosec!;
  const url = running.urls.hexiosec!;
  const key = running.env.HEXIOSEC_API_KEY!;
  const clients: ScanformHttpClient[] = [];
  const deps: ConnectDeps = {
    makeHttp: (o) => {
      const c = createHttpClient({ ...o, backoff: { baseMs: 5, capMs: 200, ...options.backoff } });
      clients.push(c);
      const intercept = options.intercept;
      return intercept === undefined ? c : { request: (req) => intercept(req, (r) => c.request(r)) };
    },
    now: () => new Date(),
  };
  const connect = (settings: Partial<ResolvedSettings> = {}): VendorSession => hexiosecDriver.connect({ url, apiKey: key, ...settings } as ResolvedSettings, deps);
  // Arranging and inspecting goes straight to the emulator's handler: not logged, no controls or faults.
  const raw = async (method: string, path: string, body?: unknown): Promise<any> => {
    const [p, q] = path.split("?");
    const res = await emu.vendor.handle({
      method,
      path: `/api${p}`,
      query: new URLSearchParams(q ?? ""),
      headers: { "x-hexiosec-api-key": key },
      body: body === undefined ? "" : JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`raw ${method} ${path}: ${res.status} ${res.body ?? ""}`);
    return res.body === undefined || res.body === "" ? undefined : JSON.parse(res.body);
  };
  return {
    running,
    emu,
    clock,
    url,
    key,
    session: connect(),
    connect,
    raw,
    operations: () => emu.log.entries().map((e) => e.operation ?? "unknown"),
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await running.close();
    },
  };
}

export function scanSpec(overrides: Partial<HexiosecScanSpec> = {}): HexiosecScanSpec {
  return { name: "corp-perimeter", group: "Security", type: "continuous_own", seeds: [], enabled: false, dnsNamelist: false, ignoreIpNodes: false, ...overrides };
}

export function desired(name: string, spec: HexiosecScanSpec): DesiredResource {
  return {
    address: `hexiosec.scan.${name}`,
    vendor: "hexiosec",
    kind: "scan",
    name,
    mode: "managed",
    spec: spec as unknown as JsonObject,
    dependsOn: [],
    options: { protect: false, adopt: false, ignore: [] },
    source: { file: "scans/hexiosec.yaml", line: 3, column: 5, path: `hexiosec.scans.${name}` },
  };
}

export function stateEntry(name: string, id: string, spec: HexiosecScanSpec): StateEntry {
  return {
    address: `hexiosec.scan.${name}`,
    vendor: "hexiosec",
    kind: "scan",
    ids: { id },
    spec: spec as unknown as JsonObject,
    digest: "sha256:test",
    protect: false,
    origin: "created",
    updatedAt: "2026-01-01T00:00:00.000Z",
  };
}

const base = (name: string) => ({ address: `hexiosec.scan.${name}`, vendor: "hexiosec", kind: "scan", reason: "test", dependsOn: [], notes: [], launchAfter: false });
const fields = hexiosecDriver.kinds.scan!.fields;

export function createChange(name: string, spec: HexiosecScanSpec): Change & { action: "create" } {
  return { ...base(name), ids: {}, action: "create", before: null, after: spec as unknown as JsonObject, diffs: [] };
}

export function updateChange(name: string, id: string, before: HexiosecScanSpec, after: HexiosecScanSpec, action: "update" | "import" = "update"): Change & { action: "update" | "import" } {
  const b = before as unknown as JsonObject;
  const a = after as unknown as JsonObject;
  return { ...base(name), ids: { id }, action, before: b, after: a, diffs: diffFields(b, a, fields) };
}

export function deleteChange(name: string, id: string, before: HexiosecScanSpec): Change & { action: "delete" } {
  return { ...base(name), ids: { id }, action: "delete", before: before as unknown as JsonObject, after: null, diffs: [] };
}

export interface RecordingContext extends StepContext {
  readonly checkpoints: Ids[];
}

/** A StepContext that records checkpoints and, when asked, what the emulator had seen at each. */
export function stepContext(onCheckpoint?: (ids: Ids) => void | Promise<void>): RecordingContext {
  const checkpoints: Ids[] = [];
  return {
    signal: new AbortController().signal,
    idsOf: () => undefined,
    checkpoints,
    async checkpoint(ids) {
      checkpoints.push(ids);
      await onCheckpoint?.(ids);
    },
  };
}

/** Runs `fn` and returns what it threw (fails the test when it did not throw). */
export async function caught(fn: () => Promise<unknown>): Promise<any> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}
