import { describe, expect, it } from "vitest";
import { waitExitCode } from "../../src/apply/tally.js";
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

function setup(scripts: Record<string, (RunStatus | Error)[]>, options: { pollMaxIntervalMs?: number; pollIntervalMs?: number; batched?: boolean } = {}) {
  const world = new FakeWorld();
  if (options.batched) world.session("qualys").batched();
  for (const [address, script] of Object.entries(scripts)) world.session("qualys").statusScript.set(address, [...script]);
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
      pollIntervalMs: options.pollIntervalMs ?? 10_000,
      ...(options.pollMaxIntervalMs === undefined ? {} : { pollMaxIntervalMs: options.pollMaxIntervalMs }),
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
    expect(t.sleeps).toEqual([10_000, 15_000]);
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

  it("keeps polling a finished run whose results are not in, and times it out (exit 6) saying why, never judging 0 findings", async () => {
    const notIn: RunStatus = { ...done(), results: { available: false, why: "Qualys' results download of scan 11 holds neither vulns nor stats yet" } };
    const t = setup({ "qualys.scan.a": [notIn] });
    const result = await t.wait([target("qualys.scan.a", { timeoutMs: 20_000, failOn: { severity: 4, count: 1 } })]);
    expect(result.runs[0]).toMatchObject({
      verdict: "timeout",
      message: "not finished within its wait.timeout of 20s, still FINISHED; its results are not in: Qualys' results download of scan 11 holds neither vulns nor stats yet",
    });
    expect(waitExitCode(result.counts)).toBe(6);
  });

  it("says in the verdict of a run that passed what its gates were judged on, when it is less than a whole list", async () => {
    const cut: RunStatus = { ...done(findings(0)), results: { available: true, findings: [{ rule: "150004", title: "Path-Based", severity: 1 }], truncated: true } };
    const t = setup({ "qualys.scan.a": [cut] });
    const result = await t.wait([target("qualys.scan.a", { failOn: { severity: 4, count: 1 } })]);
    expect(result.runs[0]).toMatchObject({ verdict: "succeeded", message: expect.stringMatching(/passed severity 4 or higher; .*the vendor's findings list was cut at 1$/) });
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
      ["FINISHED", true, 35_000],
    ]);
    expect(t.events.at(-1)).toMatchObject({ type: "wait-finished", counts: { succeeded: 1, failed: 0 } });
  });

  it("waits the poll interval, then half as long again after each poll where nothing changed, up to the ceiling", async () => {
    const t = setup({ "qualys.scan.a": [...Array(7).fill(running), done()] }, { pollMaxIntervalMs: 40_000 });
    await t.wait([target("qualys.scan.a", { timeoutMs: 3_600_000 })]);
    expect(t.sleeps).toEqual([10_000, 15_000, 22_500, 33_750, 40_000, 40_000, 40_000]);
  });

  it("goes back to the poll interval as soon as a run changes state", async () => {
    const submitted: RunStatus = { phase: "pending", terminal: false, vendorState: "SUBMITTED" };
    const t = setup({ "qualys.scan.a": [submitted, submitted, submitted, running, running, done()] });
    await t.wait([target("qualys.scan.a", { timeoutMs: 3_600_000 })]);
    expect(t.sleeps).toEqual([10_000, 15_000, 22_500, 10_000, 15_000]);
  });

  it("backs off to five minutes when no ceiling is given", async () => {
    const t = setup({ "qualys.scan.a": [...Array(12).fill(running), done()] });
    await t.wait([target("qualys.scan.a", { timeoutMs: 3_600_000 })]);
    expect(t.sleeps.at(-1)).toBe(300_000);
    expect(Math.max(...t.sleeps)).toBe(300_000);
  });

  it("keeps a poll interval longer than the ceiling as it is", async () => {
    const t = setup({ "qualys.scan.a": [running, running, running, done()] }, { pollIntervalMs: 600_000, pollMaxIntervalMs: 60_000 });
    await t.wait([target("qualys.scan.a", { timeoutMs: 3_600_000 })]);
    expect(t.sleeps).toEqual([600_000, 600_000, 600_000]);
  });

  it("never pauses past a run's wait.timeout, so the timeout is judged on time", async () => {
    const t = setup({ "qualys.scan.a": [running] }, { pollMaxIntervalMs: 3_600_000 });
    const result = await t.wait([target("qualys.scan.a", { timeoutMs: 30_000 })]);
    expect(t.sleeps).toEqual([10_000, 15_000, 5_000]);
    expect(t.events.find((e) => e.type === "run-finished")).toMatchObject({ verdict: "timeout", elapsedMs: 30_000 });
    expect(verdicts(result)).toEqual([["qualys.scan.a", "timeout"]]);
  });

  it("reads all of a vendor's runs in one call per poll when its session reads many at once", async () => {
    const t = setup({ "qualys.scan.a": [running, done()], "qualys.scan.b": [running, running, done()], "qualys.scan.c": [done()] }, { batched: true });
    await t.wait([target("qualys.scan.a"), target("qualys.scan.b"), target("qualys.scan.c")]);
    expect(t.world.calls.filter((c) => c.op === "status")).toEqual([]);
    expect(t.world.calls.filter((c) => c.op === "statuses").map((c) => c.address)).toEqual([
      "qualys.scan.a,qualys.scan.b,qualys.scan.c",
      "qualys.scan.a,qualys.scan.b",
      "qualys.scan.b",
    ]);
  });

  it("gives the same verdicts and exit code from a batched read as from one read per run", async () => {
    const scripts = () => ({
      "qualys.scan.ok": [running, done(findings(0))],
      "qualys.scan.gated": [done(findings(2))],
      "qualys.scan.broke": [running, { phase: "failed", terminal: true, vendorState: "ERROR" } as RunStatus],
      "qualys.scan.slow": [running],
      "qualys.scan.lost": [new Error("scan not found")],
      "qualys.scan.off": [{ phase: "idle", terminal: true, vendorState: "never run" } as RunStatus],
    });
    const targets = Object.keys(scripts()).map((a) => target(a, a.endsWith("slow") ? { timeoutMs: 20_000 } : { failOn: { severity: 4, count: 1 } }));
    const perRun = await setup(scripts()).wait(targets);
    const batched = await setup(scripts(), { batched: true }).wait(targets);
    expect(batched.runs).toEqual(perRun.runs);
    expect(waitExitCode(batched.counts)).toBe(waitExitCode(perRun.counts));
    expect(verdicts(batched)).toEqual([
      ["qualys.scan.ok", "succeeded"],
      ["qualys.scan.gated", "threshold"],
      ["qualys.scan.broke", "failed"],
      ["qualys.scan.slow", "timeout"],
      ["qualys.scan.lost", "error"],
      ["qualys.scan.off", "idle"],
    ]);
  });

  it("counts a batched read that fails as a failed read of each of its runs", async () => {
    const t = setup({ "qualys.scan.a": [running, done()], "qualys.scan.b": [running, done()] }, { batched: true });
    const session = t.world.session("qualys");
    const batch = session.statuses!;
    let calls = 0;
    session.statuses = async (runs) => (++calls <= 2 ? Promise.reject(new Error("502 from vendor")) : batch(runs));
    const result = await t.wait([target("qualys.scan.a"), target("qualys.scan.b")]);
    expect(verdicts(result)).toEqual([
      ["qualys.scan.a", "succeeded"],
      ["qualys.scan.b", "succeeded"],
    ]);
    const failedTwice = setup({ "qualys.scan.a": [running] }, { batched: true });
    failedTwice.world.session("qualys").statuses = async () => Promise.reject(new Error("502 from vendor"));
    expect((await failedTwice.wait([target("qualys.scan.a")])).runs[0]).toMatchObject({ verdict: "error", message: "its status could not be read 3 times in a row: 502 from vendor" });
  });

  it("reads each vendor its own way in the same poll", async () => {
    const t = setup({ "qualys.scan.a": [running, done()] }, { batched: true });
    t.world.session("hexiosec").statusScript.set("hexiosec.scan.h", [running, done()]);
    const result = await t.wait([target("qualys.scan.a"), target("hexiosec.scan.h", { vendor: "hexiosec" })]);
    expect(result.counts.succeeded).toBe(2);
    expect(t.world.calls.map((c) => c.op)).toEqual(["statuses", "status", "statuses", "status"]);
  });
});
