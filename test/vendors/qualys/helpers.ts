/**
 * Contract-test setup: the Qualys emulator on 127.0.0.1 with a manual clock, the real HTTP client,
 * and a driver session whose clock is the emulator's. Objects are seeded over raw HTTP (undici),
 * never through the driver under test.
 */
import { request } from "undici";
import { afterEach } from "vitest";
import type { Address } from "../../../src/core/address.js";
import type { JsonObject } from "../../../src/core/json.js";
import { createManualClock, startEmulators, type ManualClock, type RunningEmulators } from "../../../src/emulators/index.js";
import type { VendorControls } from "../../../src/emulators/core/types.js";
import type { QualysEmulatorOptions } from "../../../src/emulators/qualys/index.js";
import { createHttpClient, type ScanformHttpClient } from "../../../src/http/client.js";
import { createRequestCounter, type RequestCounter } from "../../../src/http/counter.js";
import { sleep } from "../../../src/http/sleep.js";
import type { DesiredResource } from "../../../src/manifest/model.js";
import type { Change } from "../../../src/plan/change.js";
import { diffFields } from "../../../src/plan/field-diff.js";
import type { StateEntry } from "../../../src/state/model.js";
import type { Ids, StepContext, VendorSession } from "../../../src/vendors/driver.js";
import { createQualysDriver, type QualysDriverOptions } from "../../../src/vendors/qualys/driver.js";

export const PROFILE_ID = "1021";

export interface Setup {
  readonly clock: ManualClock;
  readonly running: RunningEmulators;
  readonly session: VendorSession;
  readonly counter: RequestCounter;
  /** Every debug trace line of the HTTP client, already redacted. */
  readonly trace: string[];
  readonly env: Readonly<Record<string, string>>;
  /** The HTTP client the driver made, to read the limits its answers lowered. */
  readonly http: ScanformHttpClient;
  /** Raw QPS call with the emulator's credentials; answers the body text. */
  raw(method: "GET" | "POST", path: string, body?: string): Promise<string>;
}

const running: RunningEmulators[] = [];
const clients: ScanformHttpClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(running.splice(0).map((r) => r.close()));
});

export interface SetupOptions {
  readonly emulator?: QualysEmulatorOptions;
  readonly controls?: VendorControls;
  readonly driver?: QualysDriverOptions;
  /** Settings to connect with instead of the emulator's. */
  readonly settings?: Readonly<Record<string, string>>;
  /** Requests in flight the client starts with, instead of the driver's default. */
  readonly concurrency?: number;
  /**
   * The emulator's clock and the client's run this many times faster than the wall clock, and the
   * client's waits are as much shorter: budgets stated per minutes (the emulator's `callBudget`)
   * play out in a fraction of a second, in the real order of events.
   */
  readonly timeScale?: number;
  /** The longest wait the client accepts from the vendor (HttpLimits.maxVendorWaitMs). */
  readonly maxVendorWaitMs?: number;
}

export async function setup(options: SetupOptions = {}): Promise<Setup> {
  const clock = options.timeScale === undefined ? createManualClock(Date.UTC(2026, 0, 1)) : scaledClock(options.timeScale);
  const r = await startEmulators({
    vendors: ["qualys"],
    clock,
    vendorOptions: { qualys: { ...options.emulator } },
    ...(options.controls === undefined ? {} : { controls: { qualys: options.controls } }),
  });
  running.push(r);
  const trace: string[] = [];
  const counter = createRequestCounter();
  const driver = createQualysDriver({ sleep: async () => {}, ...options.driver });
  let made: ScanformHttpClient | undefined;
  const session = driver.connect(options.settings ?? { url: r.urls.qualys!, username: r.env.QUALYS_USERNAME!, password: r.env.QUALYS_PASSWORD! }, {
    makeHttp: (o) => {
      // Waits are real but short: the emulator's throttling windows run on the wall clock.
      const c = createHttpClient({
        ...o,
        ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
        log: (line) => trace.push(line),
        counter,
        ...(options.maxVendorWaitMs === undefined ? {} : { limits: { maxVendorWaitMs: options.maxVendorWaitMs } }),
        ...(options.timeScale === undefined ? { sleep: (ms: number, signal?: AbortSignal) => sleep(Math.min(ms, 150), signal) } : { now: () => clock.now(), sleep: scaledSleep(clock, options.timeScale) }),
      });
      clients.push(c);
      made = c;
      return c;
    },
    now: () => new Date(clock.now()),
  });
  const auth = `Basic ${Buffer.from(`${r.env.QUALYS_USERNAME}:${r.env.QUALYS_PASSWORD}`).toString("base64")}`;
  const raw: Setup["raw"] = async (method, path, body) => {
    const res = await request(`${r.urls.qualys}${path}`, { method, headers: { authorization: auth, "content-type": "text/xml" }, ...(body === undefined ? {} : { body }) });
    return res.body.text();
  };
  // connect() makes its client at once; a driver that did not would leave nothing to inspect.
  if (made === undefined) throw new Error("the driver did not make its HTTP client on connect");
  const http = made;
  return { clock, running: r, session, counter, trace, env: r.env, http, raw };
}

/** Wall-clock time, `scale` times faster; `advance` and `set` move it as a manual clock's. */
function scaledClock(scale: number): ManualClock {
  const origin = performance.now();
  let offset = Date.UTC(2026, 0, 1);
  const elapsed = (): number => (performance.now() - origin) * scale;
  return {
    now: () => offset + elapsed(),
    advance(ms) {
      offset += ms;
    },
    set(epochMs) {
      offset = epochMs - elapsed();
    },
  };
}

/** A wait on a scaled clock that never ends early by that clock (timers may fire a millisecond early). */
const scaledSleep =
  (clock: ManualClock, scale: number) =>
  async (ms: number, signal?: AbortSignal): Promise<void> => {
    const until = clock.now() + ms;
    for (let left = ms; left > 0; left = until - clock.now()) await sleep(Math.max(1, left / scale), signal);
  };

const idFrom = (xml: string): string => /<id>(\d+)<\/id>/.exec(xml)?.[1] ?? "";

/** Seeds a web app over raw HTTP and returns its id. */
export async function seedWebApp(s: Setup, name: string, extra = ""): Promise<string> {
  const body = `<ServiceRequest><data><WebApp><name><![CDATA[${name}]]></name><url><![CDATA[https://${name}.example.com]]></url>${extra}</WebApp></data></ServiceRequest>`;
  return idFrom(await s.raw("POST", "/qps/rest/3.0/create/was/webapp", body));
}

/** Seeds a daily schedule of one web app starting on 2026-02-01 at 02:00 UTC. */
export async function seedSchedule(s: Setup, name: string, webAppId: string, profileId = PROFILE_ID): Promise<string> {
  const body = `<ServiceRequest><data><WasScanSchedule><name><![CDATA[${name}]]></name><active>true</active><type>VULNERABILITY</type>
    <target><webApp><id>${webAppId}</id></webApp></target><profile><id>${profileId}</id></profile>
    <scheduling><startDate>2026-02-01T02:00:00Z</startDate><timeZone><code>UTC</code></timeZone><occurrenceType>DAILY</occurrenceType>
    <occurrence><dailyOccurrence><everyNDays>1</everyNDays></dailyOccurrence></occurrence></scheduling></WasScanSchedule></data></ServiceRequest>`;
  return idFrom(await s.raw("POST", "/qps/rest/3.0/create/was/wasscanschedule", body));
}

const source = { file: "qualys.yaml", line: 1, column: 1 };

export function desired(kind: string, name: string, spec: JsonObject, dependsOn: readonly Address[] = []): DesiredResource {
  return {
    address: `qualys.${kind}.${name}`,
    vendor: "qualys",
    kind,
    name,
    mode: kind === "profile" ? "data" : "managed",
    spec,
    dependsOn,
    options: { protect: false, adopt: false, ignore: [] },
    source: { ...source, path: `qualys.${kind}s.${name}` },
  };
}

export const profile = (name = "default", profileName = "Initial WAS Options"): DesiredResource => desired("profile", name, { name: profileName });

export function webAppSpec(name: string, extra: Partial<{ url: string; tags: string[]; defaultProfile: string | null }> = {}): JsonObject {
  return { name, url: extra.url ?? `https://${name}.example.com`, tags: extra.tags ?? [], defaultProfile: extra.defaultProfile ?? null };
}

export function scheduleSpec(name: string, webApps: string[], extra: JsonObject = {}): JsonObject {
  return {
    name,
    type: "VULNERABILITY",
    webApps,
    profile: "qualys.profile.default",
    occurrence: { type: "WEEKLY", everyNWeeks: 1, days: ["sun"] },
    at: "02:00",
    timezone: "Europe/London",
    active: true,
    ...extra,
  };
}

type ChangeOf<A extends Change["action"]> = Change & { action: A };

const base = (kind: string, name: string, ids: Ids) => ({
  address: `qualys.${kind}.${name}`,
  vendor: "qualys",
  kind,
  reason: "test",
  dependsOn: [],
  ids,
  notes: [],
  launchAfter: false,
  diffs: [],
});

export const createChange = (kind: string, name: string, after: JsonObject): ChangeOf<"create"> => ({ ...base(kind, name, {}), action: "create", before: null, after });
/** An update as the plan makes it: its diffs worked out with the kind's field rules and the resource's `ignore`. */
export const updateChange = (kind: string, name: string, id: string, before: JsonObject, after: JsonObject, ignore: readonly string[] = []): ChangeOf<"update"> => ({
  ...base(kind, name, { id }),
  action: "update",
  before,
  after,
  diffs: diffFields(before, after, createQualysDriver().kinds[kind]!.fields, ignore),
});
export const deleteChange = (kind: string, name: string, id: string, before: JsonObject): ChangeOf<"delete"> => ({ ...base(kind, name, { id }), action: "delete", before, after: null });

export interface FakeStep extends StepContext {
  readonly checkpoints: Ids[];
}

/** A step context knowing the ids of other addresses; records checkpoints. */
export function step(known: Readonly<Record<Address, string>> = {}, signal: AbortSignal = new AbortController().signal): FakeStep {
  const checkpoints: Ids[] = [];
  return {
    signal,
    checkpoints,
    idsOf: (address) => (known[address] === undefined ? undefined : { id: known[address] }),
    checkpoint: async (ids) => {
      checkpoints.push(ids);
    },
  };
}

/** The thrown error, for assertions on code and text. */
export async function failure(p: Promise<unknown>): Promise<Error & { code?: string; hint?: string; detail?: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error("expected a failure");
}

/** Runs `fn` over 0..n-1 with `width` calls in flight, answers in index order. */
export async function inParallel<T>(n: number, width: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array<T>(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await fn(i);
      }
    }),
  );
  return out;
}

/** A state entry recording that scanform made `qualys.<kind>.<name>` with this id. */
export const stateEntry = (kind: string, name: string, id: string): StateEntry => ({
  address: `qualys.${kind}.${name}`,
  vendor: "qualys",
  kind,
  ids: { id },
  spec: {},
  digest: "sha256:x",
  protect: false,
  origin: "created",
  updatedAt: "2026-01-01T00:00:00Z",
});
