/**
 * Issue 14, network path: a no-op plan of all three vendors at once (2,000 Qualys web apps and
 * 2,000 schedules, 100 Hexiosec scans of 100 seeds each, 200 Cortex definitions) stays within
 * 1.25× of the bound its calls set, at 20 ms and at 100 ms of latency.
 *
 * The vendors are observed concurrently, each under its own cap, so the bound is the slowest
 * vendor's: per vendor, max(⌈calls / cap⌉, the longest run of calls that must follow one another)
 * × latency. Qualys pages a search by `id GREATER lastId`, so a search's pages follow one another;
 * Hexiosec's seed lists need only the scan ids state already holds, so nothing forces an order on
 * them; Cortex cannot list definitions and makes no call.
 */
import type { Desired } from "../../src/manifest/model.js";
import { TARGET_RATIO, withinTarget } from "../bound.js";
import { callTimeline, formatCalls, totalCalls, vendorExtraMs, type CallTimeline } from "../calls.js";
import { benchConnections } from "../connect.js";
import { writeManifests } from "../manifest.js";
import { actionsOf, loadManifests, planOnce, sessionsOf } from "../pipeline.js";
import type { Scenario, ScenarioContext } from "../scenario.js";
import { seedByCreates } from "../seed.js";
import { writeStateFile, type StateFile } from "../state-file.js";
import { describeFaults, pageFaultsSoFar } from "../machine.js";
import { mb, ms, ratio, type Row } from "../table.js";

const NAME = "plan-noop-mixed";
const SIZE = { qualysWebApps: 2000, qualysSchedules: 2000, hexiosecScans: 100, hexiosecSeeds: 100, cortexScans: 200 } as const;
const VENDORS = ["qualys", "hexiosec", "cortex"] as const;
/** The latencies issue 14 names: a vendor in the same region, and the quick end of SaaS APIs. */
const LATENCIES_MS = [20, 100] as const;
const TIMED_RUNS = 5;
/** vendors/qualys.md: searches page 1,000 objects at a time. */
const QUALYS_PAGE = 1000;
/** The Qualys searches whose pages follow one another (the rest are one-page name lookups). */
const PAGED_SEARCHES = ["qualys.search.WebApp", "qualys.search.WasScanSchedule"] as const;
const RSS_SAMPLE_MS = 10;

interface Timed {
  readonly counts: Readonly<Record<string, number>>;
  readonly changes: number;
  readonly noop: number;
  readonly wallMs: number;
  /** The whole process (the Qualys parse worker included). */
  readonly cpuMs: number;
  /** Time the main thread's event loop was busy: what holds the other vendors' calls back. */
  readonly mainBusyMs: number;
  readonly peakRss: number;
  /** Minor page faults of the whole process during the plan: fresh memory written (bench/machine.ts). */
  readonly faults: number;
  readonly caps: Readonly<Record<string, number>>;
  readonly vendorExtra: Readonly<Record<string, { readonly meanMs: number; readonly maxMs: number }>>;
  readonly timelines: Readonly<Record<string, CallTimeline>>;
}

interface VendorBound {
  readonly vendor: string;
  readonly calls: number;
  readonly cap: number;
  /** Calls that must follow one another. */
  readonly chain: number;
  readonly ms: number;
}

export const planNoopMixed: Scenario = {
  name: NAME,
  async run(ctx) {
    const manifests = await writeManifests(SIZE);
    let state: StateFile | undefined;
    try {
      const desired = await loadManifests(manifests.dir);
      const seeded = await seedByCreates(desired, VENDORS, ctx.emulators);
      state = await writeStateFile(seeded.snapshot);
      const file = state;
      ctx.print(`seeded without latency: ${seeded.creates} creates by the drivers (Hexiosec seeds one call each) in ${ms(seeded.wallMs)}`);

      const untimed = await plan(desired, file, ctx, 0);
      if (untimed.noop !== untimed.changes) throw new Error(`the seeded plan is not a no-op: ${untimed.changes - untimed.noop} changes`);
      const budget = callBudget(desired);
      const calls = totalCalls(untimed.counts);
      ctx.print(`no-op plan: ${untimed.noop} of ${untimed.changes} changes are no-op; ${calls} calls: ${formatCalls(untimed.counts)}`);
      ctx.print(`call budget: ${budget.explain} = ${budget.total}`);
      const rows: Row[] = [
        { scenario: NAME, metric: `seed: ${seeded.creates} driver creates, no latency`, measured: ms(seeded.wallMs), target: "" },
        { scenario: NAME, metric: "calls: no-op plan of the mixed set", measured: String(calls), target: `≤ ${budget.total} (pages + lookups + seed lists)`, pass: calls <= budget.total },
      ];

      for (const latencyMs of LATENCIES_MS) {
        const runs: Timed[] = [];
        for (let i = 0; i < TIMED_RUNS; i++) runs.push(await plan(desired, file, ctx, latencyMs));
        const median = [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(runs.length / 2)]!;
        const bounds = vendorBounds(median, latencyMs);
        const bound = Math.max(...bounds.map((b) => b.ms));
        ctx.print(`${latencyMs} ms latency, ${TIMED_RUNS} runs: ${runs.map((r) => ms(r.wallMs)).join(", ")}; median ${ms(median.wallMs)}, CPU ${ms(median.cpuMs)} (main thread busy ${ms(median.mainBusyMs)}), peak RSS ${mb(median.peakRss)} (sampled), ${describeFaults(median.faults, ctx.freshMemory)}`);
        ctx.print(`   bound per vendor = max(⌈calls/cap⌉, calls that must follow one another) × latency; vendors run concurrently, so the plan's bound is the largest:`);
        for (const b of bounds) ctx.print(`   ${b.vendor}: max(⌈${b.calls}/${b.cap}⌉, ${b.chain}) × ${latencyMs} = ${b.ms} ms`);
        ctx.print(`   bound = ${bound} ms; emulator time beyond the latency: ${Object.entries(median.vendorExtra).map(([v, e]) => `${v} mean ${ms(e.meanMs)} max ${ms(e.maxMs)}`).join(", ")}`);
        for (const [vendor, t] of Object.entries(median.timelines)) {
          ctx.print(`   ${vendor}'s calls: the first arrived ${ms(t.firstMs)} into the plan; ${t.rounds} rounds of ${median.caps[vendor] ?? 1}, each ${ms(t.roundMedianMs)} (median; slowest ${ms(t.roundMaxMs)}) to the next; last answer at ${ms(t.lastAnswerMs)}, ${ms(median.wallMs - t.lastAnswerMs)} before the plan ended`);
        }
        rows.push(
          { scenario: NAME, metric: `wall: no-op plan, ${latencyMs} ms latency`, measured: ms(median.wallMs), target: ms(bound), ratio: ratio(median.wallMs, bound), pass: withinTarget(median.wallMs, bound) },
          { scenario: NAME, metric: `CPU: no-op plan, ${latencyMs} ms latency`, measured: ms(median.cpuMs), target: "" },
          { scenario: NAME, metric: `main thread busy, ${latencyMs} ms latency`, measured: ms(median.mainBusyMs), target: "" },
          { scenario: NAME, metric: `peak RSS during the plan, ${latencyMs} ms`, measured: mb(median.peakRss), target: "" },
          { scenario: NAME, metric: `page faults during the plan, ${latencyMs} ms`, measured: median.faults.toLocaleString("en-US"), target: "" },
        );
      }
      ctx.print(`a timed row passes when measured / bound ≤ ${TARGET_RATIO}`);
      return rows;
    } finally {
      await state?.remove();
      await manifests.remove();
    }
  },
};

/** One plan as a fresh `scanform plan` makes it: new sessions, the state read from its file. */
async function plan(desired: Desired, state: StateFile, ctx: ScenarioContext, latencyMs: number): Promise<Timed> {
  for (const vendor of VENDORS) {
    await ctx.emulators.setControls(vendor, latencyMs === 0 ? {} : { latencyMs });
    await ctx.emulators.clearLog(vendor);
  }
  const backend = state.reader();
  const connections = benchConnections(ctx.emulators.env);
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, RSS_SAMPLE_MS);
  try {
    const faults = pageFaultsSoFar();
    const cpu = process.cpuUsage();
    const loop = performance.eventLoopUtilization();
    const started = performance.now();
    const startedAt = Date.now();
    const made = await planOnce(desired, backend, connections, sessionsOf(connections));
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const faulted = pageFaultsSoFar() - faults;
    const mainBusyMs = performance.eventLoopUtilization(loop).active;
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    const caps: Record<string, number> = {};
    const vendorExtra: Record<string, { meanMs: number; maxMs: number }> = {};
    const timelines: Record<string, CallTimeline> = {};
    for (const vendor of VENDORS) {
      const cap = connections.cap(vendor);
      if (cap !== undefined) caps[vendor] = cap;
      const log = await ctx.emulators.log(vendor);
      vendorExtra[vendor] = vendorExtraMs(log, latencyMs);
      const timeline = callTimeline(log, startedAt, cap ?? 1);
      if (timeline !== undefined) timelines[vendor] = timeline;
    }
    return { counts: connections.counter.counts(), changes: made.plan.changes.length, noop: actionsOf(made)["no-op"], wallMs, cpuMs: (used.user + used.system) / 1000, mainBusyMs, peakRss, faults: faulted, caps, vendorExtra, timelines };
  } finally {
    clearInterval(sampler);
    await connections.close();
  }
}

function vendorBounds(t: Timed, latencyMs: number): VendorBound[] {
  return VENDORS.map((vendor) => {
    const ops = Object.entries(t.counts).filter(([op]) => op.startsWith(`${vendor}.`));
    const calls = ops.reduce((sum, [, n]) => sum + n, 0);
    const cap = t.caps[vendor] ?? 1;
    const chain = calls === 0 ? 0 : Math.max(1, ...ops.filter(([op]) => (PAGED_SEARCHES as readonly string[]).includes(op)).map(([, n]) => n));
    return { vendor, calls, cap, chain, ms: Math.max(Math.ceil(calls / cap), chain) * latencyMs };
  });
}

/** O(pages): every page of the Qualys bulk searches, one lookup per distinct name, the two Hexiosec lists and one seed list per scan (its documented floor). */
function callBudget(desired: Desired): { readonly total: number; readonly explain: string } {
  const of = (vendor: string, kind: string) => desired.resources.filter((r) => r.vendor === vendor && r.kind === kind);
  const webApps = of("qualys", "webApp");
  const schedules = of("qualys", "schedule").length;
  const profiles = of("qualys", "profile").length;
  const tags = new Set(webApps.flatMap((r) => (r.spec["tags"] as readonly string[] | undefined) ?? [])).size;
  const scans = of("hexiosec", "scan").length;
  const pages = (n: number): number => Math.floor(n / QUALYS_PAGE) + 1;
  const total = pages(webApps.length) + pages(schedules) + profiles + tags + 2 + scans;
  const explain = `Qualys ⌊${webApps.length}/${QUALYS_PAGE}⌋+1 web app pages + ⌊${schedules}/${QUALYS_PAGE}⌋+1 schedule pages + ${profiles} profile + ${tags} tag lookups; Hexiosec 2 lists + ${scans} seed lists (one per scan); Cortex 0 (it cannot list)`;
  return { total, explain };
}
