/**
 * DESIGN.md: with emulated latency, plan and apply wall time stay within 1.25× of the lower bound
 * set by the call count, the latency and the vendor's concurrency cap. `scanform apply` without a
 * saved plan, from an empty Qualys tenant and an empty memory state: plan (observe), then apply
 * (every web app, then the schedule that targets it, as the dependency graph allows).
 */
import { BOUND_FORMULA, explainBound, lowerBoundMs, withinTarget, type Phase } from "../bound.js";
import { formatCalls, totalCalls, vendorExtraMs } from "../calls.js";
import { benchConnections } from "../connect.js";
import { writeManifests } from "../manifest.js";
import { actionsOf, applyOnce, loadManifests, planOnce, sessionsOf } from "../pipeline.js";
import type { Scenario, ScenarioContext } from "../scenario.js";
import { ms, ratio, type Row } from "../table.js";
import { createMemoryBackend } from "../scanform.js";

const VENDOR = "qualys";

/** One scenario per size: the engine's per-step cost grows with the state, so size matters. */
export const applyCreate = (pairs: number): Scenario => ({
  name: `apply-${pairs}`,
  run: (ctx) => run(`apply-${pairs}`, pairs, ctx),
});

async function run(name: string, pairs: number, ctx: ScenarioContext): Promise<readonly Row[]> {
  const manifests = await writeManifests({ qualysWebApps: pairs, qualysSchedules: pairs });
  const connections = benchConnections(ctx.emulators.env);
  try {
    const desired = await loadManifests(manifests.dir);
    await ctx.emulators.reset(VENDOR);
    await ctx.emulators.setControls(VENDOR, { latencyMs: ctx.latencyMs });
    const backend = createMemoryBackend();
    const sessions = sessionsOf(connections);

    const planStarted = performance.now();
    const made = await planOnce(desired, backend, connections, sessions);
    const planMs = performance.now() - planStarted;
    const planCalls = connections.counter.counts();
    const planExtra = vendorExtraMs(await ctx.emulators.log(VENDOR), ctx.latencyMs);
    connections.counter.reset();
    await ctx.emulators.clearLog(VENDOR);
    const creates = actionsOf(made).create;
    if (creates !== pairs * 2) throw new Error(`expected ${pairs * 2} creates, the plan has ${creates}`);

    const cpu = process.cpuUsage();
    const applyStarted = performance.now();
    const result = await applyOnce(made, backend, sessions);
    const applyMs = performance.now() - applyStarted;
    const used = process.cpuUsage(cpu);
    const applyCalls = connections.counter.counts();
    const applyExtra = vendorExtraMs(await ctx.emulators.log(VENDOR), ctx.latencyMs);

    const cap = connections.cap(VENDOR);
    if (cap === undefined) throw new Error(`nothing connected to ${VENDOR}`);
    const plan: Phase = { name: "plan: observe", calls: totalCalls(planCalls), cap };
    const apply: Phase = { name: "apply: steps", calls: totalCalls(applyCalls), cap };
    const planBound = lowerBoundMs([plan], ctx.latencyMs);
    const applyBound = lowerBoundMs([apply], ctx.latencyMs);
    ctx.print(`plan: ${creates} creates; calls: ${formatCalls(planCalls)}; emulator beyond latency: mean ${ms(planExtra.meanMs)}`);
    ctx.print(`apply: ${result.counts.succeeded} steps succeeded; calls: ${formatCalls(applyCalls)}; emulator beyond latency: mean ${ms(applyExtra.meanMs)}`);
    ctx.print(`apply CPU ${ms((used.user + used.system) / 1000)} over ${ms(applyMs)} wall (the state is written after every step)`);
    ctx.print(`${BOUND_FORMULA}; plan and apply are one phase each: ${explainBound([plan, apply], ctx.latencyMs)}`);

    return [
      { scenario: name, metric: `wall: plan of ${pairs}+${pairs} creates, ${ctx.latencyMs} ms`, measured: ms(planMs), target: ms(planBound), ratio: ratio(planMs, planBound), pass: withinTarget(planMs, planBound) },
      { scenario: name, metric: `wall: apply of ${pairs}+${pairs} creates, ${ctx.latencyMs} ms`, measured: ms(applyMs), target: ms(applyBound), ratio: ratio(applyMs, applyBound), pass: withinTarget(applyMs, applyBound) },
    ];
  } finally {
    await connections.close();
    await manifests.remove();
  }
}
