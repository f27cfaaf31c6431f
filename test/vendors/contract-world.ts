/**
 * What the contract suite needs to drive a session the way the plan and apply engines do: Changes
 * and state entries built from DesiredResources, a World holding the ids of what a sample depends
 * on (created or looked up first, as apply orders them), and a guard that checks every error a
 * session throws is a classified ScanformError with no credential in it.
 */
import { expect } from "vitest";
import type { Address } from "../../src/core/address.js";
import { isScanformError } from "../../src/core/errors.js";
import { digest } from "../../src/core/json.js";
import type { DesiredResource } from "../../src/manifest/model.js";
import type { Change } from "../../src/plan/change.js";
import { diffFields } from "../../src/plan/field-diff.js";
import type { JournalEntry, StateEntry } from "../../src/state/model.js";
import type { Ids, KindInfo, ObservedObject, StepContext, VendorSession } from "../../src/vendors/driver.js";
import type { Rig, Sample } from "./contract-rig.js";

type ChangeOf<A extends Change["action"]> = Change & { action: A };

const base = (r: DesiredResource, ids: Ids) => ({
  address: r.address,
  vendor: r.vendor,
  kind: r.kind,
  reason: "driver contract",
  dependsOn: r.dependsOn,
  source: r.source,
  ids,
  notes: [],
  launchAfter: false,
});

export const createChange = (r: DesiredResource): ChangeOf<"create"> => ({ ...base(r, {}), action: "create", before: null, after: r.spec, diffs: [] });

export const updateChange = (from: DesiredResource, to: DesiredResource, ids: Ids, info: KindInfo): ChangeOf<"update"> => ({
  ...base(to, ids),
  action: "update",
  before: from.spec,
  after: to.spec,
  diffs: diffFields(from.spec, to.spec, info.fields, to.options.ignore),
});

export const deleteChange = (r: DesiredResource, ids: Ids): ChangeOf<"delete"> => ({ ...base(r, ids), dependsOn: [], action: "delete", before: r.spec, after: null, diffs: [] });

export const stateEntry = (r: DesiredResource, ids: Ids): StateEntry => ({
  address: r.address,
  vendor: r.vendor,
  kind: r.kind,
  ids,
  spec: r.spec,
  digest: digest(r.spec),
  protect: false,
  origin: "created",
  updatedAt: new Date().toISOString(),
});

/** The entry apply opens before a create: searched by the spec's name, which defaults to the manifest key. */
export const createEntry = (r: DesiredResource, startedAt: Date): JournalEntry => ({
  id: "contract-journal-1",
  address: r.address,
  vendor: r.vendor,
  kind: r.kind,
  operation: "create",
  naturalKey: typeof r.spec["name"] === "string" ? r.spec["name"] : r.name,
  specDigest: digest(r.spec),
  startedAt: startedAt.toISOString(),
});

export type RecordingContext = StepContext & { readonly checkpoints: Ids[] };

/** The ids and state apply would hold for a sample's dependencies once they are in place. */
export class World {
  readonly ids = new Map<Address, Ids>();
  readonly state: StateEntry[] = [];
  readonly desired: DesiredResource[] = [];

  context(): RecordingContext {
    const checkpoints: Ids[] = [];
    return {
      signal: new AbortController().signal,
      idsOf: (address) => this.ids.get(address),
      checkpoint: async (ids) => {
        checkpoints.push(ids);
      },
      checkpoints,
    };
  }

  /** Observes with the manifests holding `desired` besides the dependencies, and state holding `entries` besides theirs. */
  async observe(session: VendorSession, desired: readonly DesiredResource[], entries: readonly StateEntry[]): Promise<readonly ObservedObject[]> {
    const observation = await session.observe({ desired: [...this.desired, ...desired], state: [...this.state, ...entries] });
    expect(observation.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    return observation.objects;
  }

  async observeAt(session: VendorSession, address: Address, desired: readonly DesiredResource[], entries: readonly StateEntry[]): Promise<ObservedObject | undefined> {
    return (await this.observe(session, desired, entries)).find((o) => o.address === address);
  }
}

/**
 * Puts in place everything `sample` (base and changed) refers to, dependencies first: data
 * resources are looked up by observe, managed ones created, exactly as apply would.
 */
export async function prepare(rig: Rig, session: VendorSession, sample: Sample): Promise<World> {
  const world = new World();
  const known = new Map([...rig.context, ...Object.values(rig.samples).map((s) => s.base)].map((r) => [r.address, r]));
  const visiting = new Set<Address>();
  const visit = async (address: Address): Promise<void> => {
    if (world.ids.has(address) || visiting.has(address)) return;
    visiting.add(address);
    const r = known.get(address);
    if (r === undefined) throw new Error(`${sample.base.address} refers to ${address}, which the rig's manifests do not declare`);
    for (const d of r.dependsOn) await visit(d);
    if (r.mode === "data") {
      const found = await world.observeAt(session, address, [r], []);
      if (found === undefined) throw new Error(`the data resource ${address} is not at the emulator`);
      world.ids.set(address, found.ids);
    } else {
      const ids = await session.create(createChange(r), world.context());
      world.ids.set(address, ids);
      world.state.push(stateEntry(r, ids));
    }
    world.desired.push(r);
  };
  for (const d of new Set([...sample.base.dependsOn, ...sample.changed.dependsOn])) await visit(d);
  return world;
}

/** The sample resource created with its dependencies in place: what every later case starts from. */
export async function created(rig: Rig, session: VendorSession, sample: Sample): Promise<{ readonly world: World; readonly ids: Ids; readonly entry: StateEntry }> {
  const world = await prepare(rig, session, sample);
  const ids = await session.create(createChange(sample.base), world.context());
  return { world, ids, entry: stateEntry(sample.base, ids) };
}

/** The secret settings' values: what no error may ever show. */
export const secretsOf = (rig: Pick<Rig, "driver">, settings: Readonly<Record<string, string>>): string[] =>
  rig.driver.secretSettings.map((s) => settings[s] ?? "").filter((v) => v !== "");

/** Every text an error carries to a person or a log: message, hint, detail, and the same down its causes. */
function texts(e: unknown): string[] {
  const out: string[] = [];
  for (let at: unknown = e, depth = 0; at instanceof Error && depth < 10; at = at.cause, depth++) {
    out.push(at.message);
    if (isScanformError(at)) out.push(at.hint ?? "", JSON.stringify(at.detail ?? {}));
  }
  return out;
}

/** Fails the test unless `e` is a ScanformError with a code and none of `secrets` anywhere in its text. */
export function expectCleanError(e: unknown, secrets: readonly string[]): asserts e is Error & { code: string } {
  expect(isScanformError(e), `expected a ScanformError, got ${String(e)}`).toBe(true);
  if (!isScanformError(e)) return;
  expect(e.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
  for (const t of texts(e)) for (const s of secrets) expect(t.includes(s), `a credential appears in the ${e.code} error`).toBe(false);
}

/** The session with every rejection checked by expectCleanError before it reaches the test. */
export function guarded(session: VendorSession, secrets: readonly string[]): VendorSession {
  const guard =
    <A extends unknown[], R>(f: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await f(...args);
      } catch (e) {
        expectCleanError(e, secrets);
        throw e;
      }
    };
  return {
    observe: guard(session.observe.bind(session)),
    create: guard(session.create.bind(session)),
    update: guard(session.update.bind(session)),
    delete: guard(session.delete.bind(session)),
    launch: guard(session.launch.bind(session)),
    readBack: guard(session.readBack.bind(session)),
    status: guard(session.status.bind(session)),
  };
}

/** What `fn` threw; fails the test when it did not throw. */
export async function rejection(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  throw new Error("expected a rejection");
}
