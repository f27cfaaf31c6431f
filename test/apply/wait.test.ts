import { describe, expect, it } from "vitest";
import { waitForRuns, type WaitTarget } from "../../src/apply/wait.js";
import type { WaitEvent } from "../../src/apply/wait-events.js";
import type { RunStatus } from "../../src/vendors/driver.js";
import { collect, FakeWorld, manualClock } from "./fakes.js";

const running: RunStatus = { phase: "running", terminal: false, vendorState: "RUNNING" };
const findings = (sev4: number, sev5 = 0) => ({ "1": 3, "2": 0, "3": 1, "4": sev4, "5": sev5 });
const done = (f?: ReturnType<typeof findings>): RunStatus => ({ phase: "succeeded", terminal: true, vendorState: "FINISHED", ...(f ? { findings: f } : {}) });

const target = (address: string, o: Partial<WaitTarget> = {}): WaitTarget => ({
  address,
  vendor: "qualys",
  kind: "scan",
  ids: { id: "s-1" },
  runId: `run-${address.split(".")[2]}`,
  timeoutMs: 60_000,
  ...o,
});

function setup(scripts: Record<string, (RunStatus | Error)[]>) {
  const world = new FakeWorld();
  for (const [address, script] of Object.entries(scripts)) world.session("qualys").statuses.set(address, [...script]);
  const clock = manualClock();
  const { events, sink } = collect<WaitEvent>();
  const controller = new AbortController();
  const sleeps: number[] = [];
  const wait = (targets: readonly WaitTarget[]) =>
    waitForRuns(targets, {
      sessions: world.sessionsFn,
      emit: sink,
      now: clock.now,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock.advance(ms);
      },
      pollIntervalMs: 10_000,
      signal: controller.signal,
    });
  return { world, events, controller, sleeps, wait };
}

const verdicts = (r: { runs: readonly { address: string; verdict: string }[] }) => r.runs.map((x) => [x.address, x.verdict]);

describe("waitForRuns", () => {
  it("polls each run until it reaches a terminal phase", async () => {
    const t = setup({ "qualys.scan.a": [running, running, done()] });
    const result = await t.wait([target("qualys.scan.a")]);
    expect(verdicts(result)).toEqual([["qualys.scan.a", "succeeded"]]);
    expect(t.sleeps).toEqual([10_000, 10_000]);
  });

  it("reports a run that ends in a failed phase as failed", async () => {
    const t = setup({ "qualys.scan.a": [{ phase: "failed", terminal: true, vendorState: "ERROR", detail: "scanner not available" }] });
    const result = await t.wait([target("qualys.scan.a")]);
    expect(result.runs[0]).toMatchObject({ verdict: "failed", message: "failed (ERROR): scanner not available" });
  });

  it("reports an object with nothing to run (a disabled scan) as idle, which fails nothing", async () => {
    const t = setup({ "hexiosec.scan.off": [{ phase: "idle", terminal: true, vendorState: "never run" }] });
    const result = await t.wait([target("hexiosec.scan.off")]);
    expect(result.runs[0]).toMatchObject({ verdict: "idle", message: "nothing to wait for (never run)" });
    expect(result.counts).toMatchObject({ idle: 1, failed: 0 });
  });

  it("fails a run whose findings reach the failOn severity and count", async () => {
    const t = setup({ "qualys.scan.a": [done(findings(1, 1))] });
    const result = await t.wait([target("qualys.scan.a", { failOn: { severity: 4, count: 2 } })]);
    expect(result.runs[0]).toMatchObject({ verdict: "threshold", message: "finished; failed severity 4 or higher (2 findings at severity 4 or higher; fails on 2 or more)" });
  });

  it("passes a run whose findings stay below failOn", async () => {
    const t = setup({ "qualys.scan.a": [done(findings(0))] });
    const result = await t.wait([target("qualys.scan.a", { failOn: { severity: 4, count: 1 } })]);
    expect(verdicts(result)).toEqual([["qualys.scan.a", "succeeded"]]);
  });

  it("keeps polling a finished run until its findings are known when failOn needs them", async () => {
    const t = setup({ "qualys.scan.a": [done(), done(findings(3))] });
    const result = await t.wait([target("qualys.scan.a", { failOn: { severity: 4, count: 1 } })]);
    expect(verdicts(result)).toEqual([["qualys.scan.a", "threshold"]]);
    expect(t.sleeps).toHaveLength(1);
  });

  it("gives up on a run at its own timeout while others go on", async () => {
    const t = setup({ "qualys.scan.slow": [running], "qualys.scan.quick": [running, running, running, done()] });
    const result = await t.wait([target("qualys.scan.slow", { timeoutMs: 20_000 }), target("qualys.scan.quick")]);
    expect(verdicts(result)).toEqual([
      ["qualys.scan.slow", "timeout"],
      ["qualys.scan.quick", "succeeded"],
    ]);
    expect(result.runs[0]!.message).toBe("not finished within its wait.timeout of 20s, still RUNNING");
  });

  it("counts the timeout from when the run was launched", async () => {
    const t = setup({ "qualys.scan.a": [running] });
    const result = await t.wait([target("qualys.scan.a", { timeoutMs: 60_000, since: new Date("2026-11-24T09:58:00.000Z") })]);
    expect(verdicts(result)).toEqual([["qualys.scan.a", "timeout"]]);
    expect(t.sleeps).toEqual([]);
  });

  it("tolerates a status call that fails once, and gives up after three in a row", async () => {
    const boom = new Error("502 from vendor");
    const t = setup({ "qualys.scan.flaky": [boom, running, done()], "qualys.scan.broken": [boom] });
    const result = await t.wait([target("qualys.scan.flaky"), target("qualys.scan.broken")]);
    expect(verdicts(result)).toEqual([
      ["qualys.scan.flaky", "succeeded"],
      ["qualys.scan.broken", "error"],
    ]);
  });

  it("stops waiting when interrupted, leaving the runs to the vendor", async () => {
    const t = setup({ "qualys.scan.a": [running] });
    const waiting = t.wait([target("qualys.scan.a")]);
    t.controller.abort();
    const result = await waiting;
    expect(verdicts(result)).toEqual([["qualys.scan.a", "interrupted"]]);
  });

  it("reports every poll, marking those where the state changed", async () => {
    const t = setup({ "qualys.scan.a": [{ phase: "pending", terminal: false, vendorState: "SUBMITTED" }, running, running, done()] });
    await t.wait([target("qualys.scan.a")]);
    const polls = t.events.flatMap((e) => (e.type === "run-status" ? [[e.vendorState, e.changed, e.elapsedMs]] : []));
    expect(polls).toEqual([
      ["SUBMITTED", true, 0],
      ["RUNNING", true, 10_000],
      ["RUNNING", false, 20_000],
      ["FINISHED", true, 30_000],
    ]);
    expect(t.events.at(-1)).toMatchObject({ type: "wait-finished", counts: { succeeded: 1, failed: 0 } });
  });
});
