/**
 * Fakes for apply and wait tests: a fake vendor that keeps its objects by name (so a read-back by
 * natural key is real), counts calls in flight, and can fail, lose answers or hold calls open; plan
 * builders; and a recording state wrapper over the in-memory backend.
 */
import type { Address } from "../../src/core/address.js";
import { parseAddress } from "../../src/core/address.js";
import { ScanformError } from "../../src/core/errors.js";
import { digest, type JsonObject } from "../../src/core/json.js";
import { applyPlan, type ApplyDeps, type ApplyResult } from "../../src/apply/engine.js";
import { currentSendWatch } from "../../src/http/send-gate.js";
import type { ApplyEvent } from "../../src/apply/events.js";
import type { Change } from "../../src/plan/change.js";
import { PLAN_FORMAT_VERSION, type Plan } from "../../src/plan/plan.js";
import { createMemoryBackend, type MemoryBackend } from "../../src/state/memory.js";
import { emptySnapshot, versionOf } from "../../src/state/snapshot.js";
import type { JournalEntry, StateEntry, StateSnapshot, StateVersion } from "../../src/state/model.js";
import type { Ids, Observation, ObservedObject, ObserveRequest, ReadBack, RunRead, RunRef, RunStatus, StepContext, VendorSession } from "../../src/vendors/driver.js";

export const T0 = new Date("2026-11-24T10:00:00.000Z");

/** A clock that moves only when told to. */
export function manualClock(start = T0) {
  let t = start.getTime();
  return { now: () => new Date(t), advance: (ms: number) => void (t += ms) };
}

export function counterIds(prefix = "id") {
  let n = 0;
  return () => `${prefix}-${++n}`;
}

type Op = "create" | "update" | "delete" | "launch" | "readBack" | "status" | "statuses";

export interface Call {
  readonly op: Op;
  readonly address: Address;
}

export interface Gate {
  /** Resolves once the call has arrived at the gate. */
  readonly reached: Promise<void>;
  release(): void;
}

interface OpenGate extends Gate {
  readonly opened: Promise<void>;
  arrive(): void;
}

/** Shared across the sessions of one test, so overall concurrency can be measured. */
export class FakeWorld {
  readonly calls: Call[] = [];
  inFlight = 0;
  maxInFlight = 0;
  readonly vendorInFlight = new Map<string, number>();
  readonly vendorMax = new Map<string, number>();
  private readonly sessions = new Map<string, FakeVendor>();

  session(vendor: string): FakeVendor {
    let s = this.sessions.get(vendor);
    if (!s) this.sessions.set(vendor, (s = new FakeVendor(vendor, this)));
    return s;
  }

  readonly sessionsFn = (vendor: string): VendorSession => this.session(vendor);

  order(op?: Op): Address[] {
    return this.calls.filter((c) => op === undefined || c.op === op).map((c) => c.address);
  }
}

export interface FakeObject {
  readonly ids: Ids;
  readonly spec: JsonObject;
}

export class FakeVendor implements VendorSession {
  /** Objects at the vendor by name. */
  readonly objects = new Map<string, FakeObject>();
  /** Runs by run key (the launch's journal natural key). */
  readonly runs = new Map<string, string>();
  /**
   * Calls that throw, by `op address`; `lost` lands the call first (its answer is lost); `unsent`
   * fails it the way a connection refused does, provably before anything reached the vendor.
   */
  readonly failures = new Map<string, { error: Error; lost?: boolean; unsent?: boolean }>();
  readonly unknowable = new Set<Address>();
  /** Calls that wait until released, by `op address`. */
  private readonly gates = new Map<string, OpenGate>();
  /** Scripted status answers by address; the last one repeats. */
  readonly statusScript = new Map<Address, (RunStatus | Error)[]>();
  /** Set by `batched()`: every run read in one call, answered from the same scripts as `status`. */
  statuses?: (runs: readonly RunRef[]) => Promise<readonly RunRead[]>;
  delayMs = 0;
  private n = 0;

  constructor(readonly vendor: string, private readonly world: FakeWorld) {}

  fail(op: Op, address: Address, error: Error = vendorError(`${op} ${address} refused`), lost = false): void {
    this.failures.set(`${op} ${address}`, { error, lost });
  }

  failUnsent(op: Op, address: Address, error: Error = vendorError(`${op} ${address}: connection refused`, "HTTP_NETWORK")): void {
    this.failures.set(`${op} ${address}`, { error, unsent: true });
  }

  /** The call waits at the gate until `release()`. */
  gate(op: Op, address: Address): Gate {
    let release!: () => void;
    let arrive!: () => void;
    const opened = new Promise<void>((r) => (release = r));
    const reached = new Promise<void>((r) => (arrive = r));
    const gate: OpenGate = { reached, opened, arrive, release: () => release() };
    this.gates.set(`${op} ${address}`, gate);
    return gate;
  }

  /** Finds state's objects by their ids and the manifests' by name, as a real driver's bulk read would. */
  async observe(request: ObserveRequest): Promise<Observation> {
    const objects: ObservedObject[] = [];
    const byIds = (ids: Ids) => [...this.objects.values()].find((o) => o.ids["id"] !== undefined && o.ids["id"] === ids["id"]);
    const seen = new Set<Address>();
    for (const e of request.state) {
      const o = byIds(e.ids);
      if (o) objects.push(observedAs(e.address, "state", o));
      seen.add(e.address);
    }
    for (const r of request.desired) {
      if (seen.has(r.address) || r.mode === "data") continue;
      const o = this.objects.get(String(r.spec["name"]));
      if (o) objects.push(observedAs(r.address, "name", o));
    }
    return { objects, diagnostics: [] };
  }

  async create(change: Change & { action: "create" | "replace" }, ctx: StepContext): Promise<Ids> {
    return this.call("create", change.address, ctx, () => {
      const ids = { id: `${this.vendor}-${++this.n}` };
      this.objects.set(nameOf(change), { ids, spec: change.after });
      return ids;
    });
  }

  async update(change: Change & { action: "update" | "import" }, ctx: StepContext): Promise<void> {
    return this.call("update", change.address, ctx, () => {
      this.objects.set(nameOf(change), { ids: change.ids, spec: change.after });
    });
  }

  async delete(change: Change & { action: "delete" | "replace" }, ctx: StepContext): Promise<void> {
    return this.call("delete", change.address, ctx, () => {
      this.objects.delete(String(change.before["name"]));
    });
  }

  async launch(input: { address: Address; runKey: string }, ctx: StepContext): Promise<{ runId: string }> {
    return this.call("launch", input.address, ctx, () => {
      const runId = `run-${++this.n}`;
      this.runs.set(input.runKey, runId);
      return { runId };
    });
  }

  async readBack(entry: JournalEntry): Promise<ReadBack> {
    this.world.calls.push({ op: "readBack", address: entry.address });
    if (this.unknowable.has(entry.address)) return { outcome: "unknowable", message: "the vendor cannot be searched by name" };
    if (entry.operation === "create") {
      const found = this.objects.get(entry.naturalKey);
      return found ? { outcome: "landed", ids: found.ids } : { outcome: "absent" };
    }
    const runId = this.runs.get(entry.naturalKey);
    return runId ? { outcome: "landed", ids: {}, runId } : { outcome: "absent" };
  }

  /** Reads runs the way a vendor with a search by run ids does: one `statuses` call per poll. */
  batched(): this {
    this.statuses = async (runs) => {
      this.world.calls.push({ op: "statuses", address: runs.map((r) => r.address).join(",") });
      return runs.map((run) => {
        try {
          return { status: this.scripted(run.address) };
        } catch (e) {
          return { error: e as Error };
        }
      });
    };
    return this;
  }

  async status(run: { address: Address }): Promise<RunStatus> {
    this.world.calls.push({ op: "status", address: run.address });
    return this.scripted(run.address);
  }

  private scripted(address: Address): RunStatus {
    const script = this.statusScript.get(address);
    const next = script && script.length > 1 ? script.shift() : script?.[0];
    if (next === undefined) throw new Error(`no status scripted for ${address}`);
    if (next instanceof Error) throw next;
    return next;
  }

  private async call<T>(op: Op, address: Address, _ctx: StepContext, land: () => T): Promise<T> {
    const w = this.world;
    w.calls.push({ op, address });
    w.inFlight += 1;
    w.maxInFlight = Math.max(w.maxInFlight, w.inFlight);
    const v = (w.vendorInFlight.get(this.vendor) ?? 0) + 1;
    w.vendorInFlight.set(this.vendor, v);
    w.vendorMax.set(this.vendor, Math.max(w.vendorMax.get(this.vendor) ?? 0, v));
    try {
      // Creates and launches leave as the HTTP client sends them: through the apply's send watch.
      const watch = op === "create" || op === "launch" ? currentSendWatch() : undefined;
      await watch?.beforeSend();
      const gate = this.gates.get(`${op} ${address}`);
      if (gate) {
        gate.arrive();
        await gate.opened;
      }
      await new Promise((r) => setTimeout(r, this.delayMs));
      const failure = this.failures.get(`${op} ${address}`);
      watch?.attempted(failure?.unsent !== true);
      if (failure) {
        if (failure.lost) land();
        throw failure.error;
      }
      return land();
    } finally {
      w.inFlight -= 1;
      w.vendorInFlight.set(this.vendor, (w.vendorInFlight.get(this.vendor) ?? 1) - 1);
    }
  }
}

export const vendorError = (message: string, code = "VENDOR_REFUSED"): ScanformError => new ScanformError(code, message);

const nameOf = (c: Change): string => String((c.after ?? c.before ?? {})["name"]);

const observedAs = (address: Address, match: "state" | "name", o: FakeObject): ObservedObject => ({ address, match, ids: o.ids, spec: o.spec, fingerprint: digest(o.spec), notes: [] });

// ---------------------------------------------------------------------------------------------
// Plans
// ---------------------------------------------------------------------------------------------

export interface ChangeOptions {
  readonly dependsOn?: readonly Address[];
  readonly launchAfter?: boolean;
  readonly ids?: Ids;
  readonly spec?: JsonObject;
  readonly protect?: { before: boolean; after: boolean };
}

export function change(address: Address, action: Change["action"], o: ChangeOptions = {}): Change {
  const p = parseAddress(address)!;
  const spec = { name: p.name, ...o.spec };
  const common = {
    address,
    vendor: p.vendor,
    kind: p.kind,
    reason: "test",
    dependsOn: o.dependsOn ?? [],
    ids: o.ids ?? (action === "create" ? {} : { id: `old-${p.name}` }),
    notes: [],
    launchAfter: o.launchAfter ?? false,
    diffs: [],
    ...(o.protect ? { protect: o.protect } : {}),
  };
  switch (action) {
    case "create":
      return { ...common, action, before: null, after: spec };
    case "delete":
    case "forget":
      return { ...common, action, before: spec, after: null };
    case "update":
    case "replace":
    case "import":
      return { ...common, action, before: spec, after: spec };
    case "no-op":
    case "launch":
      return { ...common, action, before: spec, after: spec };
  }
}

export function plan(changes: readonly Change[], moves: Plan["moves"] = []): Plan {
  return { formatVersion: PLAN_FORMAT_VERSION, createdAt: T0.toISOString(), manifestDigest: "sha256:test", state: undefined, fingerprints: {}, changes, moves, drift: [], warnings: [] };
}

export function stateEntry(address: Address, o: Partial<StateEntry> = {}): StateEntry {
  const p = parseAddress(address)!;
  return {
    address,
    vendor: p.vendor,
    kind: p.kind,
    ids: { id: `old-${p.name}` },
    spec: { name: p.name },
    digest: "sha256:old",
    protect: false,
    origin: "created",
    updatedAt: "2026-11-01T00:00:00.000Z",
    ...o,
  };
}

export function snapshotOf(entries: readonly StateEntry[], journal: readonly JournalEntry[] = []): StateSnapshot {
  return { version: 1, lineage: "lineage-1", serial: 3, resources: Object.fromEntries(entries.map((e) => [e.address, e])), journal };
}

// ---------------------------------------------------------------------------------------------
// State that records what was written
// ---------------------------------------------------------------------------------------------

export interface RecordingState {
  readonly backend: MemoryBackend;
  /** Every snapshot written, in order (journal writes included). */
  readonly writes: StateSnapshot[];
  read(): Promise<StateSnapshot | undefined>;
  write(next: StateSnapshot, expected: StateVersion | undefined): Promise<StateVersion>;
  open(entry: JournalEntry): Promise<void>;
  close(id: string): Promise<void>;
  pending(): Promise<readonly JournalEntry[]>;
}

/**
 * The memory backend, with every write recorded. Journal calls go through the wrapper's own
 * read-modify-write so that they are recorded too.
 */
export function recordingState(initial?: StateSnapshot): RecordingState {
  const backend = createMemoryBackend(initial);
  const writes: StateSnapshot[] = [];
  const self: RecordingState = {
    backend,
    writes,
    read: () => backend.read(),
    write: async (next, expected) => {
      const v = await backend.write(next, expected);
      writes.push({ ...next, ...v });
      return v;
    },
    open: async (entry) => {
      const stored = await backend.read();
      const s = stored ?? emptySnapshot("lineage-new");
      await self.write({ ...s, journal: [...s.journal, entry] }, stored ? versionOf(stored) : undefined);
    },
    close: async (id) => {
      const s = await backend.read();
      if (!s || !s.journal.some((e) => e.id === id)) return;
      await self.write({ ...s, journal: s.journal.filter((e) => e.id !== id) }, versionOf(s));
    },
    pending: async () => (await backend.read())?.journal ?? [],
  };
  return self;
}

/** Events without the volatile stamps, for list assertions. */
export const bare = (events: readonly ApplyEvent[]): unknown[] => events.map(({ seq: _s, at: _a, ...rest }) => rest);

export function collect<E>(): { events: E[]; sink: (e: E) => void } {
  const events: E[] = [];
  return { events, sink: (e) => events.push(e) };
}

// ---------------------------------------------------------------------------------------------
// Running an apply
// ---------------------------------------------------------------------------------------------

export interface Harness {
  readonly world: FakeWorld;
  readonly state: RecordingState;
  readonly events: ApplyEvent[];
  readonly controller: AbortController;
  run(p: Plan, overrides?: Partial<ApplyDeps>): Promise<ApplyResult>;
}

export function harness(initial?: StateSnapshot): Harness {
  const world = new FakeWorld();
  const state = recordingState(initial);
  const { events, sink } = collect<ApplyEvent>();
  const controller = new AbortController();
  const clock = manualClock();
  return {
    world,
    state,
    events,
    controller,
    run: (p, overrides = {}) =>
      applyPlan(p, {
        sessions: world.sessionsFn,
        state,
        emit: sink,
        parallelism: 10,
        signal: controller.signal,
        now: clock.now,
        newId: counterIds("j"),
        ...overrides,
      }),
  };
}
