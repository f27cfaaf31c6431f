/**
 * Validate + diff of a large configuration in a process of its own, so its CPU time and peak memory
 * are those of this work alone and not of the benchmark around it. Module loading happens before
 * the measurement (a CLI pays it too, but it does not grow with the manifests); the ajv compile on
 * first use is inside it, as it is in `scanform validate`.
 *
 * The diff's other inputs, a state and observations matching the manifests with every hundredth
 * observed object changed, are built between the two measurements: they stand for what reading the
 * state and observing would hold in memory, so they count towards memory but not towards CPU.
 *
 * It imports src/ itself, never ../scanform.js: this file is already built the way scanform ships,
 * and that module builds scanform when it is imported. It sets V8's compiler as the CLI's process
 * does (src/core/jit.ts), before any of the work.
 */
import { setInterval } from "node:timers";
import { tuneJitForShortRuns } from "../../src/core/jit.js";
import { digest, type JsonObject } from "../../src/core/json.js";
import type { Desired } from "../../src/manifest/model.js";
import { countActions } from "../../src/plan/action.js";
import { diff } from "../../src/plan/diff.js";
import { kindsOf } from "../../src/plan/make-plan.js";
import { STATE_FORMAT_VERSION, type StateEntry, type StateSnapshot } from "../../src/state/model.js";
import { drivers } from "../../src/vendors/index.js";
import type { Observation, ObservedObject } from "../../src/vendors/driver.js";
import { loadDesired } from "../../src/manifest/index.js";
import { pageFaultsSoFar } from "../machine.js";
import { validDesired } from "../manifest.js";
import { CHANGE_EVERY, type ValidateDiffResult } from "./validate-diff-result.js";


const cpuMs = (since: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};

async function measure(dir: string): Promise<ValidateDiffResult> {
  let peakHeap = 0;
  const sample = (): void => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  };
  const sampler = setInterval(sample, 2);
  const rssBefore = process.memoryUsage().rss;

  const f0 = pageFaultsSoFar();
  const c0 = process.cpuUsage();
  const desired = validDesired(await loadDesired([dir], { cwd: dir }));
  const validateCpuMs = cpuMs(c0);
  const validateFaults = pageFaultsSoFar() - f0;
  sample();

  const { state, observations, changed } = matchingWorld(desired);
  sample();

  const f1 = pageFaultsSoFar();
  const c1 = process.cpuUsage();
  const { plan, diagnostics } = diff({ desired, state, observations, kinds: kindsOf(drivers), now: new Date() });
  const diffCpuMs = cpuMs(c1);
  const diffFaults = pageFaultsSoFar() - f1;
  sample();
  clearInterval(sampler);
  if (diagnostics.length > 0) throw new Error(`the diff reported errors: ${diagnostics.slice(0, 3).map((d) => d.message).join("; ")}`);
  const acted = plan.changes.filter((c) => c.action !== "no-op").length;
  if (acted !== changed) throw new Error(`the diff changes ${acted} resources where ${changed} were changed at the vendor`);

  return {
    resources: desired.resources.length,
    validateCpuMs,
    diffCpuMs,
    validateFaults,
    diffFaults,
    changed,
    actions: countActions(plan.changes.map((c) => c.action)),
    rssBeforeBytes: rssBefore,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    peakHeapBytes: peakHeap,
  };
}

/** State as an apply of these manifests would leave it, and vendors that agree but for a few objects. */
function matchingWorld(desired: Desired): { state: StateSnapshot; observations: Map<string, Observation>; changed: number } {
  const kinds = kindsOf(drivers);
  const resources: Record<string, StateEntry> = {};
  const objects = new Map<string, ObservedObject[]>();
  let changed = 0;
  desired.resources.forEach((r, i) => {
    const ids = { id: `bench-${i}` };
    if (r.mode === "managed") {
      // Copies, as reading the state and decoding the wire make them: memory is counted honestly.
      resources[r.address] = { address: r.address, vendor: r.vendor, kind: r.kind, ids, spec: copy(r.spec), digest: digest(r.spec), protect: false, origin: "created", updatedAt: "2026-01-01T00:00:00.000Z" };
    }
    if (kinds.get(r.vendor)?.[r.kind]?.readable !== true) return;
    // Every hundredth managed object was renamed at the vendor.
    const drifted = r.mode === "managed" && i % CHANGE_EVERY === 0;
    const spec = copy(r.spec);
    const observed = drifted ? { ...spec, name: `${String(spec["name"])} (renamed)` } : spec;
    if (drifted) changed++;
    const list = objects.get(r.vendor) ?? [];
    list.push({ address: r.address, match: r.mode === "managed" ? "state" : "name", ids, spec: observed, fingerprint: digest({ ids, spec: observed }), notes: [] });
    objects.set(r.vendor, list);
  });
  const state: StateSnapshot = { version: STATE_FORMAT_VERSION, lineage: "bench", serial: 1, resources, journal: [] };
  const vendors = new Set(desired.resources.map((r) => r.vendor));
  const observations = new Map([...vendors].filter((v) => objects.has(v)).map((v) => [v, { objects: objects.get(v) ?? [], diagnostics: [] } satisfies Observation]));
  return { state, observations, changed };
}

const copy = (spec: JsonObject): JsonObject => JSON.parse(JSON.stringify(spec)) as JsonObject;

tuneJitForShortRuns();
const dir = process.argv[2];
if (dir === undefined) throw new Error("usage: validate-diff-child.ts MANIFEST_DIR");
process.send?.(await measure(dir));
process.disconnect?.();
