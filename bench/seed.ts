/**
 * Seeds a no-op world: the emulator holds the objects the real driver created for every change of
 * a plan, and a state snapshot records them as apply records them (the spec applied, its digest,
 * the ids), so the next plan has nothing to do; the scenario checks that it has not.
 *
 * Why not one applyPlan: the engine writes the whole state after every step and copies the map of
 * entries each time, so an apply of n resources costs O(n²); 4,000 creates take minutes, which the
 * bench's time budget cannot carry (docs/bench.md). The driver calls here are the same creates,
 * in dependency waves, without the journal and the per-step writes.
 */
import { randomUUID } from "node:crypto";
import type { Address } from "../src/core/address.js";
import type { Desired } from "../src/manifest/model.js";
import type { Change } from "../src/plan/change.js";
import type { StateEntry, StateSnapshot } from "../src/state/model.js";
import type { Ids, StepContext } from "../src/vendors/driver.js";
import { benchConnections } from "./connect.js";
import type { BenchEmulators } from "./emulators.js";
import { planOnce, sessionsOf } from "./pipeline.js";
import { STATE_FORMAT_VERSION, createMemoryBackend, digest } from "./scanform.js";

export interface Seeded {
  readonly snapshot: StateSnapshot;
  readonly creates: number;
  readonly wallMs: number;
}

/** `vendors`: the emulators emptied first; the plan creates whatever of `desired` they do not hold. */
export async function seedByCreates(desired: Desired, vendors: string | readonly string[], emulators: BenchEmulators): Promise<Seeded> {
  for (const vendor of typeof vendors === "string" ? [vendors] : vendors) {
    await emulators.reset(vendor);
    await emulators.setControls(vendor, {});
  }
  const connections = benchConnections(emulators.env);
  const started = performance.now();
  try {
    const sessions = sessionsOf(connections);
    const made = await planOnce(desired, createMemoryBackend(), connections, sessions);
    const ids = new Map<Address, Ids>();
    for (const o of made.observations.values()) for (const x of o.objects) ids.set(x.address, x.ids);
    const creates = made.plan.changes.filter((c): c is Change & { action: "create" } => c.action === "create");
    const resources: Record<Address, StateEntry> = {};
    const now = new Date().toISOString();
    for (const wave of waves(creates)) {
      await Promise.all(
        wave.map(async (change) => {
          const landed = await sessions(change.vendor).create(change, stepContext(change.address, ids));
          ids.set(change.address, { ...ids.get(change.address), ...landed });
          resources[change.address] = entry(change, ids.get(change.address) ?? landed, now);
        }),
      );
    }
    const snapshot: StateSnapshot = { version: STATE_FORMAT_VERSION, lineage: randomUUID(), serial: 1, resources, journal: [] };
    return { snapshot, creates: creates.length, wallMs: performance.now() - started };
  } finally {
    await connections.close();
  }
}

function stepContext(address: Address, ids: Map<Address, Ids>): StepContext {
  return {
    signal: new AbortController().signal,
    idsOf: (a) => ids.get(a),
    checkpoint: async (landed) => {
      ids.set(address, { ...ids.get(address), ...landed });
    },
  };
}

/** Changes in dependency order: each wave depends only on earlier waves (or on nothing in the plan). */
function waves<C extends Change>(changes: readonly C[]): C[][] {
  const pending = new Map(changes.map((c) => [c.address, c]));
  const out: C[][] = [];
  while (pending.size > 0) {
    const ready = [...pending.values()].filter((c) => c.dependsOn.every((d) => !pending.has(d)));
    if (ready.length === 0) throw new Error(`a dependency cycle among ${[...pending.keys()].slice(0, 3).join(", ")}`);
    for (const c of ready) pending.delete(c.address);
    out.push(ready);
  }
  return out;
}

/** The entry apply records after a create (src/apply/run-step.ts). */
const entry = (change: Change & { action: "create" }, ids: Ids, now: string): StateEntry => ({
  address: change.address,
  vendor: change.vendor,
  kind: change.kind,
  ids,
  spec: change.after,
  digest: digest(change.after),
  protect: change.protect?.after ?? false,
  origin: "created",
  updatedAt: now,
});
