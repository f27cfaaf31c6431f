/**
 * Builders and fakes for plan tests. The kind hints below mirror the vendor notes (Hexiosec scans
 * replace on type/group change and hold seeds as a set; Cortex scans cannot be read back nor
 * deleted; Qualys web apps, schedules and on-demand scans), but the engine only ever sees hints.
 */
import { type StateEdit, withEdits } from "../../src/state/edit.js";
import type { Address } from "../../src/core/address.js";
import { parseAddress } from "../../src/core/address.js";
import { ScanformError, type Diagnostic } from "../../src/core/errors.js";
import { digest, type JsonObject } from "../../src/core/json.js";
import type { Desired, DesiredResource, LaunchPolicy, Moved, ResourceOptions } from "../../src/manifest/model.js";
import { diff, type DiffInput, type DiffResult } from "../../src/plan/diff.js";
import type { LockInfo, StateBackend } from "../../src/state/capabilities.js";
import type { JournalEntry, StateEntry, StateSnapshot, StateVersion } from "../../src/state/model.js";
import type { Driver, KindInfo, Observation, ObservedObject, ObserveRequest, ReadBack, VendorSession } from "../../src/vendors/driver.js";
import type { OpenWorkspace } from "../../src/ops/workspace.js";
import { READ_BACK_LIMIT as CORTEX_READ_BACK_LIMIT } from "../../src/vendors/cortex/api.js";

const base: Omit<KindInfo, "fields"> = { mode: "managed", readable: true, deletable: true, launchable: false, pollable: false };

export const KINDS: ReadonlyMap<string, Readonly<Record<string, KindInfo>>> = new Map<string, Readonly<Record<string, KindInfo>>>([
  [
    "hexiosec",
    {
      scan: { ...base, pollable: true, fields: { type: { update: "replace" }, group: { update: "replace" }, seeds: { update: "in-place", set: true } } },
    },
  ],
  ["cortex", { scan: { ...base, readable: false, readBackLimit: CORTEX_READ_BACK_LIMIT, deletable: false, launchable: true, pollable: true, fields: { targets: { update: "in-place", set: true } } } }],
  [
    "qualys",
    {
      profile: { ...base, mode: "data", fields: {} },
      webApp: { ...base, fields: { tags: { update: "in-place", set: true } } },
      schedule: { ...base, fields: { webApps: { update: "in-place", set: true } } },
      scan: { ...base, launchable: true, pollable: true, fields: { webApps: { update: "in-place", set: true } } },
    },
  ],
]);

export const NOW = new Date("2026-11-24T10:00:00.000Z");

export interface ResourceOverrides {
  readonly mode?: DesiredResource["mode"];
  readonly dependsOn?: readonly Address[];
  readonly options?: Partial<ResourceOptions>;
  readonly launch?: LaunchPolicy;
  readonly line?: number;
}

export function resource(address: Address, spec: JsonObject, o: ResourceOverrides = {}): DesiredResource {
  const p = parseAddress(address)!;
  return {
    address,
    vendor: p.vendor,
    kind: p.kind,
    name: p.name,
    mode: o.mode ?? "managed",
    spec: { name: p.name, ...spec },
    dependsOn: o.dependsOn ?? [],
    options: { protect: false, adopt: false, ignore: [], ...o.options },
    ...(o.launch ? { launch: o.launch } : {}),
    source: { file: "scans/main.yaml", line: o.line ?? 1, column: 5, path: `${p.vendor}.${p.kind}s.${p.name}` },
  };
}

export function desired(resources: readonly DesiredResource[], moved: readonly Moved[] = []): Desired {
  return {
    files: ["scans/main.yaml"],
    digest: digest({ resources: resources.map((r) => r.spec) }),
    vendors: {},
    state: { backend: "local" },
    moved,
    resources: [...resources].sort((a, b) => (a.address < b.address ? -1 : 1)),
  };
}

export function entry(address: Address, spec: JsonObject, o: Partial<StateEntry> = {}): StateEntry {
  const p = parseAddress(address)!;
  const full = { name: p.name, ...spec };
  return {
    address,
    vendor: p.vendor,
    kind: p.kind,
    ids: { id: `id-${p.name}` },
    spec: full,
    digest: digest(full),
    protect: false,
    origin: "created",
    updatedAt: "2026-11-01T00:00:00.000Z",
    ...o,
  };
}

export function snapshot(entries: readonly StateEntry[], serial = 7): StateSnapshot {
  return { version: 1, lineage: "lineage-1", serial, resources: Object.fromEntries(entries.map((e) => [e.address, e])), journal: [] };
}

export function observed(address: Address, spec: JsonObject, o: Partial<ObservedObject> = {}): ObservedObject {
  const p = parseAddress(address)!;
  const full = { name: p.name, ...spec };
  return { address, match: "state", ids: { id: `id-${p.name}` }, spec: full, fingerprint: digest(full), notes: [], ...o };
}

/** Observations by vendor; every vendor in `read` counts as read, even with nothing found. */
export function observations(objects: readonly ObservedObject[], read: readonly string[] = ["hexiosec", "qualys"], diagnostics: readonly Diagnostic[] = []): Map<string, Observation> {
  const m = new Map<string, Observation>(read.map((v) => [v, { objects: [], diagnostics: [] }]));
  for (const o of objects) {
    const vendor = parseAddress(o.address)!.vendor;
    const prev = m.get(vendor) ?? { objects: [], diagnostics: [] };
    m.set(vendor, { ...prev, objects: [...prev.objects, o] });
  }
  if (diagnostics.length > 0) {
    const first = read[0] ?? "hexiosec";
    const prev = m.get(first) ?? { objects: [], diagnostics: [] };
    m.set(first, { ...prev, diagnostics });
  }
  return m;
}

export function runDiff(input: Partial<DiffInput> & { resources?: readonly DesiredResource[]; moved?: readonly Moved[] }): DiffResult {
  return diff({
    desired: input.desired ?? desired(input.resources ?? [], input.moved ?? []),
    state: input.state,
    observations: input.observations ?? observations([]),
    kinds: input.kinds ?? KINDS,
    now: input.now ?? NOW,
    ...(input.targets ? { targets: input.targets } : {}),
    ...(input.refresh === undefined ? {} : { refresh: input.refresh }),
    ...(input.allowMassRecreate === undefined ? {} : { allowMassRecreate: input.allowMassRecreate }),
    ...(input.emulated === undefined ? {} : { emulated: input.emulated }),
  });
}

export const only = (r: DiffResult) => {
  if (r.diagnostics.length > 0) throw new Error(`unexpected diagnostics: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  return r.plan;
};

// ---------------------------------------------------------------------------------------------
// Fake drivers and sessions: observe answers from a list; everything else is not a plan's business.
// ---------------------------------------------------------------------------------------------

export interface FakeSession extends VendorSession {
  readonly requests: ObserveRequest[];
}

/** `readBack` answers the journal's read-back (a plan settles the journal without writing). */
export function fakeSession(answer: (req: ObserveRequest) => Observation | Promise<Observation>, readBack?: (entry: JournalEntry) => ReadBack): FakeSession {
  const requests: ObserveRequest[] = [];
  const notInPlan = (): never => {
    throw new Error("a plan never calls this");
  };
  return {
    requests,
    async observe(req) {
      requests.push(req);
      return answer(req);
    },
    create: notInPlan,
    update: notInPlan,
    delete: notInPlan,
    launch: notInPlan,
    readBack: async (entry) => (readBack ?? notInPlan)(entry),
    status: notInPlan,
  };
}

export function fakeDriver(vendor: string, kinds = KINDS.get(vendor)!): Driver {
  return {
    vendor,
    kinds,
    settingsEnv: {},
    secretSettings: [],
    concurrency: 10,
    idsFromConsole: (_kind, id) => ({ id }),
    connect: () => {
      throw new Error("fake drivers are connected by the fake workspace");
    },
  };
}

export const fakeDrivers = (): Map<string, Driver> => new Map([...KINDS.keys()].map((v) => [v, fakeDriver(v)]));

/**
 * A read-mostly StateBackend for plan tests (a plan only reads state). Writes keep the serial rule
 * so a test can move state under a saved plan, and are counted so a test can see there were none.
 * The journal lives in the snapshot, as with the real backends.
 */
export function memoryBackend(initial?: StateSnapshot): StateBackend & { readonly writes: () => number } {
  let current = initial;
  let writes = 0;
  let lock: LockInfo | undefined;
  const backend = {
    describe: "memory",
    writes: () => writes,
    read: async () => (current === undefined ? undefined : structuredClone(current)),
    async write(next: StateSnapshot, expected: StateVersion | undefined): Promise<StateVersion> {
      if (current && (expected?.lineage !== current.lineage || expected.serial !== current.serial)) throw new ScanformError("STATE_STALE", "state moved");
      writes += 1;
      current = { ...structuredClone(next), serial: (expected?.serial ?? 0) + 1 };
      return { lineage: current.lineage, serial: current.serial };
    },
    async append(edits: readonly StateEdit[], expected: StateVersion): Promise<StateVersion> {
      if (!current) throw new ScanformError("STATE_STALE", "no state to append to");
      return backend.write(withEdits(current, edits), expected);
    },
    async lock(info: Omit<LockInfo, "id" | "created">) {
      if (lock) throw new ScanformError("STATE_LOCKED", "locked", { detail: { holder: lock } });
      const held: LockInfo = { ...info, id: "lock-1", created: NOW.toISOString() };
      lock = held;
      return { info: held, release: async () => void (lock = undefined) };
    },
    lockInfo: async () => lock,
    async forceUnlock(id: string) {
      if (lock?.id !== id) throw new ScanformError("STATE_LOCK_ID_MISMATCH", "not the holder");
      lock = undefined;
    },
    async open(e: JournalEntry) {
      const s = current ?? snapshot([], 0);
      await backend.write({ ...s, journal: [...s.journal, e] }, current);
    },
    async close(id: string) {
      if (current) await backend.write({ ...current, journal: current.journal.filter((e) => e.id !== id) }, current);
    },
    async dispose() {},
    pending: async () => current?.journal ?? [],
  };
  return backend;
}

// ---------------------------------------------------------------------------------------------
// A fake workspace for the plan command: Desired as given, state in memory, one fake session per
// vendor answering from `objects`, credentials resolved from the command's environment on connect.
// ---------------------------------------------------------------------------------------------

export interface FakeWorkspaceSetup {
  readonly resources: readonly DesiredResource[];
  readonly moved?: readonly Moved[];
  readonly state?: StateSnapshot;
  readonly objects?: readonly ObservedObject[];
  /** Vendor → the error its observe throws. */
  readonly fail?: Readonly<Record<string, Error>>;
  readonly vendors?: Desired["vendors"];
  /** What opening the workspace throws (invalid manifests, ...). */
  readonly openError?: Error;
  /** How the vendor answers the read-back of an open journal entry. */
  readonly readBack?: (entry: JournalEntry) => ReadBack;
}

export interface FakeWorkspace {
  readonly open: OpenWorkspace;
  readonly opened: { readonly paths: readonly string[]; readonly debug: boolean }[];
  readonly connected: string[];
  readonly sessions: Map<string, FakeSession>;
  /** The state backend each open made, in order. */
  readonly backends: ReturnType<typeof memoryBackend>[];
  closed: number;
}

export function fakeWorkspace(setup: FakeWorkspaceSetup): FakeWorkspace {
  const fw: FakeWorkspace = {
    opened: [],
    connected: [],
    sessions: new Map(),
    backends: [],
    closed: 0,
    open: async (paths, io, options) => {
      fw.opened.push({ paths, debug: options?.debug === true });
      if (setup.openError) throw setup.openError;
      const drivers = fakeDrivers();
      const d = { ...desired(setup.resources, setup.moved ?? []), vendors: setup.vendors ?? {} };
      const backend = memoryBackend(setup.state);
      fw.backends.push(backend);
      return {
        desired: d,
        backend,
        drivers,
        connect(vendor: string) {
          fw.connected.push(vendor);
          // As a real connect does: resolve `${VAR}` templates from the environment, hold them in memory.
          const settings = Object.fromEntries(Object.entries(d.vendors[vendor] ?? {}).map(([k, t]) => [k, t.replace(/\$\{(\w+)\}/g, (_, v: string) => io.env[v] ?? "")]));
          const session = fakeSession((req) => {
            const failure = setup.fail?.[vendor];
            if (failure) throw failure;
            if (Object.values(settings).some((s) => s === "")) throw new ScanformError("VENDOR_CREDENTIALS", `${vendor}: a credential is not set`);
            // As a driver does: an object is matched by the ids state holds for it, else by its name.
            const match = (o: ObservedObject) => (req.state.some((e) => e.address === o.address) ? "state" : "name");
            return { objects: (setup.objects ?? []).filter((o) => o.address.startsWith(`${vendor}.`)).map((o) => ({ ...o, match: match(o) })), diagnostics: [] };
          }, setup.readBack);
          fw.sessions.set(vendor, session);
          return { driver: drivers.get(vendor)!, session };
        },
        close: async () => {
          fw.closed += 1;
        },
      };
    },
  };
  return fw;
}
