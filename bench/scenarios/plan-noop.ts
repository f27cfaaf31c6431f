/**
 * DESIGN.md: observe costs O(pages), not O(resources): a no-op plan of 2,000 Qualys web apps and
 * 2,000 schedules is a handful of search calls. And with emulated latency, the plan's wall time
 * stays within 1.25× of the lower bound its calls set.
 *
 * The world is seeded by the driver's own creates (seed.ts); each plan then starts as a fresh `scanform plan`
 * would: new sessions (no lookup cached), the state read from a `local` state file.
 */
import type { Desired } from "../../src/manifest/model.js";
import { BOUND_FORMULA, explainBound, lowerBoundMs, withinTarget, type Phase } from "../bound.js";
import { formatCalls, totalCalls, vendorExtraMs } from "../calls.js";
import { benchConnections } from "../connect.js";
import { writeManifests } from "../manifest.js";
import { actionsOf, loadManifests, planOnce, sessionsOf } from "../pipeline.js";
import type { ScenarioContext, Scenario } from "../scenario.js";
import { seedByCreates } from "../seed.js";
import { writeStateFile, type StateFile } from "../state-file.js";
import { ms, ratio, type Row } from "../table.js";

const NAME = "plan-noop";
const VENDOR = "qualys";
const WEB_APPS = 2000;
const SCHEDULES = 2000;
/** vendors/qualys.md: searches page 1,000 objects at a time. */
const PAGE_SIZE = 1000;
const TIMED_RUNS = 5;

export const planNoop: Scenario = {
  name: NAME,
  async run(ctx) {
    const manifests = await writeManifests({ qualysWebApps: WEB_APPS, qualysSchedules: SCHEDULES });
    let state: StateFile | undefined;
    try {
      const desired = await loadManifests(manifests.dir);
      const seeded = await seedByCreates(desired, VENDOR, ctx.emulators);
      ctx.print(`seeded without latency: ${seeded.creates} creates by the driver in ${ms(seeded.wallMs)}`);
      state = await writeStateFile(seeded.snapshot);
      const file = state;

      await ctx.emulators.setControls(VENDOR, {});
      const untimed = await plan(desired, file, ctx);
      const budget = callBudget(desired);
      ctx.print(`no-op plan: ${untimed.noop} of ${untimed.changes} changes are no-op; calls: ${formatCalls(untimed.counts)}`);
      ctx.print(`call budget: ⌊${WEB_APPS}/${PAGE_SIZE}⌋+1 web app pages + ⌊${SCHEDULES}/${PAGE_SIZE}⌋+1 schedule pages + ${budget.profiles} profile + ${budget.tags} tag lookups = ${budget.total}`);
      if (untimed.noop !== untimed.changes) throw new Error(`the seeded plan is not a no-op: ${untimed.changes - untimed.noop} changes`);
      const calls = totalCalls(untimed.counts);

      await ctx.emulators.setControls(VENDOR, { latencyMs: ctx.latencyMs });
      const runs: Timed[] = [];
      for (let i = 0; i < TIMED_RUNS; i++) runs.push(await plan(desired, file, ctx));
      const median = [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(runs.length / 2)]!;
      const phases: Phase[] = [{ name: "observe", calls: totalCalls(median.counts), cap: median.cap }];
      const bound = lowerBoundMs(phases, ctx.latencyMs);
      ctx.print(`plan with ${ctx.latencyMs} ms latency, ${TIMED_RUNS} runs: ${runs.map((r) => ms(r.wallMs)).join(", ")}; median ${ms(median.wallMs)} (CPU ${ms(median.cpuMs)})`);
      ctx.print(`${BOUND_FORMULA}: one phase (observe; the diff makes no calls): ${explainBound(phases, ctx.latencyMs)}`);
      ctx.print(`emulator time beyond the latency: mean ${ms(median.vendorExtra.meanMs)}, max ${ms(median.vendorExtra.maxMs)} per call`);

      return [
        { scenario: NAME, metric: `seed: ${seeded.creates} driver creates, no latency`, measured: ms(seeded.wallMs), target: "" },
        { scenario: NAME, metric: `calls: no-op plan of ${WEB_APPS}+${SCHEDULES}`, measured: String(calls), target: `≤ ${budget.total} (pages + lookups)`, pass: calls <= budget.total },
        {
          scenario: NAME,
          metric: `wall: no-op plan, ${ctx.latencyMs} ms latency`,
          measured: ms(median.wallMs),
          target: ms(bound),
          ratio: ratio(median.wallMs, bound),
          pass: withinTarget(median.wallMs, bound),
        },
      ] satisfies Row[];
    } finally {
      await state?.remove();
      await manifests.remove();
    }
  },
};

interface Timed {
  readonly counts: Readonly<Record<string, number>>;
  readonly changes: number;
  readonly noop: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly cap: number;
  readonly vendorExtra: { readonly meanMs: number; readonly maxMs: number };
}

async function plan(desired: Desired, state: StateFile, ctx: ScenarioContext): Promise<Timed> {
  const backend = state.reader();
  const connections = benchConnections(ctx.emulators.env);
  await ctx.emulators.clearLog(VENDOR);
  try {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const made = await planOnce(desired, backend, connections, sessionsOf(connections));
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const cap = connections.cap(VENDOR);
    if (cap === undefined) throw new Error(`the plan did not connect to ${VENDOR}`);
    return {
      counts: connections.counter.counts(),
      changes: made.plan.changes.length,
      noop: actionsOf(made)["no-op"],
      wallMs,
      cpuMs: (used.user + used.system) / 1000,
      cap,
      vendorExtra: vendorExtraMs(await ctx.emulators.log(VENDOR), ctx.latencyMs),
    };
  } finally {
    await connections.close();
  }
}

/** What O(pages) allows: every page of the two bulk searches (a last, empty page included) and one lookup per distinct name. */
function callBudget(desired: Desired): { readonly profiles: number; readonly tags: number; readonly total: number } {
  const qualys = desired.resources.filter((r) => r.vendor === VENDOR);
  const profiles = qualys.filter((r) => r.kind === "profile").length;
  const tags = new Set(qualys.filter((r) => r.kind === "webApp").flatMap((r) => (r.spec["tags"] as readonly string[] | undefined) ?? [])).size;
  const pages = (n: number): number => Math.floor(n / PAGE_SIZE) + 1;
  return { profiles, tags, total: pages(WEB_APPS) + pages(SCHEDULES) + profiles + tags };
}
