import { mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { registerApply, runApply, splitArguments, toApplyFlags, type ApplyCommandDeps, type ApplyFlags } from "../../src/cli/apply.js";
import { runStatus } from "../../src/cli/status.js";
import { registerWait, runWait, toWaitFlags, type WaitFlags } from "../../src/cli/wait.js";
import type { RegisterCommand } from "../../src/cli/commands.js";
import type { OpenWorkspace } from "../../src/ops/workspace.js";
import { EXIT } from "../../src/core/exit-codes.js";
import { processInterrupts, type InterruptSource } from "../../src/cli/interrupts.js";
import { runPlan, type PlanFlags } from "../../src/cli/plan.js";
import { digest } from "../../src/core/json.js";
import { makePlan } from "../../src/plan/make-plan.js";
import { writePlanFile } from "../../src/plan/plan-file.js";
import { hasChanges } from "../../src/plan/summary.js";
import { lockRequest } from "../../src/state/lock-info.js";
import type { JournalEntry } from "../../src/state/model.js";
import { emptySnapshot } from "../../src/state/snapshot.js";
import type { RunStatus } from "../../src/vendors/driver.js";
import { counterIds, manualClock } from "../apply/fakes.js";
import { journalEntry } from "../state/fixtures.js";
import { cliIO, desiredOf, fakeWorkspace, resource, type FakeWorkspace } from "../apply/workspace-fake.js";
import { EVENTS_FORMAT_VERSION } from "../../src/render/events-json.js";
import { applyFlags } from "./apply-fixtures.js";

const flags = applyFlags;

const clock = manualClock();
const deps = (o: Partial<ApplyCommandDeps> = {}): ApplyCommandDeps => ({ now: clock.now, newId: counterIds("k"), sleep: async () => undefined, ...o });
const waitFlags = (o: Partial<WaitFlags> = {}): WaitFlags => ({ paths: [], pollIntervalMs: 10_000, pollMaxIntervalMs: 300_000, json: false, color: false, debug: false, ...o });

const shopManifests = () => desiredOf([resource("qualys.webApp.shop", { url: "https://shop.example.com" }), resource("qualys.webApp.blog", { url: "https://blog.example.com" })]);

async function planAgain(ws: FakeWorkspace) {
  const opened = await ws.open(["."], cliIO().io);
  return makePlan({ desired: opened.desired, backend: opened.backend, drivers: opened.drivers, connect: (v) => opened.connect(v).session }, { now: clock.now() });
}

describe("scanform apply", () => {
  it("plans, applies with --auto-approve, and leaves nothing to plan", async () => {
    const ws = fakeWorkspace(shopManifests());
    const { io, out } = cliIO();
    expect(await runApply(flags(), ws.open, io, deps())).toBe(EXIT.ok);
    expect(out()).toContain("Plan: 2 to add, 0 to change, 0 to destroy, 0 to launch.");
    expect(out()).toContain("Apply: 2 succeeded, 0 failed, 0 skipped.");
    expect(hasChanges((await planAgain(ws)).plan)).toBe(false);
  });

  it("says there is nothing to do and changes nothing when the vendors match", async () => {
    const ws = fakeWorkspace(shopManifests());
    await runApply(flags(), ws.open, cliIO().io, deps());
    const calls = ws.world.calls.length;
    const { io, out } = cliIO();
    expect(await runApply(flags(), ws.open, io, deps())).toBe(EXIT.ok);
    expect(out()).toContain("No changes. The vendors match the manifests.");
    expect(ws.world.calls.length).toBe(calls);
  });

  it("refuses to run without --auto-approve when stdin is not a terminal, before touching anything", async () => {
    const ws = fakeWorkspace(shopManifests());
    const { io, err } = cliIO();
    expect(await runApply(flags({ autoApprove: false }), ws.open, io, deps())).toBe(EXIT.error);
    expect(err()).toContain("apply cannot ask for approval: stdin is not a terminal.");
    expect(ws.opened).toEqual([]);
  });

  it("applies when the person at the terminal answers yes", async () => {
    const ws = fakeWorkspace(shopManifests());
    const { io, out } = cliIO({ stdinTTY: true });
    let asked = "";
    const code = await runApply(flags({ autoApprove: false }), ws.open, io, deps({ ask: async (_io, q) => ((asked = q), "yes\n") }));
    expect(code).toBe(EXIT.ok);
    expect(asked).toContain("Only 'yes' will be accepted to approve.");
    expect(out()).toContain("Apply: 2 succeeded");
  });

  it("changes nothing when the answer is anything but yes", async () => {
    const ws = fakeWorkspace(shopManifests());
    const { io, err } = cliIO({ stdinTTY: true });
    expect(await runApply(flags({ autoApprove: false }), ws.open, io, deps({ ask: async () => "y" }))).toBe(EXIT.error);
    expect(err()).toContain("Apply cancelled");
    expect(ws.world.order("create")).toEqual([]);
  });

  it("exits with the lock code and names the holder when the state is locked", async () => {
    const ws = fakeWorkspace(shopManifests());
    await ws.backend.lock(lockRequest("apply", { USER: "alice" }));
    const { io, err } = cliIO();
    expect(await runApply(flags(), ws.open, io, deps())).toBe(EXIT.locked);
    expect(err()).toContain("is locked by alice");
  });

  it("holds the lock while it applies and frees it after", async () => {
    const ws = fakeWorkspace(shopManifests());
    let heldDuring: string | undefined;
    const session = ws.world.session("qualys");
    const create = session.create.bind(session);
    session.create = async (c, ctx) => {
      heldDuring = (await ws.backend.lockInfo())?.operation;
      return create(c, ctx);
    };
    await runApply(flags(), ws.open, cliIO().io, deps());
    expect(heldDuring).toBe("apply");
    expect(await ws.backend.lockInfo()).toBeUndefined();
  });

  it("exits 1 when a step fails, after completing the independent ones", async () => {
    const ws = fakeWorkspace(shopManifests());
    ws.world.session("qualys").fail("create", "qualys.webApp.blog");
    const { io, out } = cliIO();
    expect(await runApply(flags(), ws.open, io, deps())).toBe(EXIT.error);
    expect(out()).toContain("Apply: 1 succeeded, 1 failed, 0 skipped.");
  });

  it("reports as JSON lines with --json", async () => {
    const ws = fakeWorkspace(shopManifests());
    const { io, out } = cliIO();
    await runApply(flags({ json: true }), ws.open, io, deps());
    const lines = out().trimEnd().split("\n").map((l) => JSON.parse(l) as { type: string; format_version: string });
    expect(lines.map((l) => l.type).sort()).toEqual(["apply_finished", "apply_started", "step_finished", "step_finished", "step_started", "step_started"]);
    expect([lines[0]?.type, lines.at(-1)?.type]).toEqual(["apply_started", "apply_finished"]);
    expect(new Set(lines.map((l) => l.format_version))).toEqual(new Set([EVENTS_FORMAT_VERSION]));
  });

  it("needs --auto-approve with --json even on a terminal", async () => {
    const ws = fakeWorkspace(shopManifests());
    const { io } = cliIO({ stdinTTY: true });
    expect(await runApply(flags({ json: true, autoApprove: false }), ws.open, io, deps())).toBe(EXIT.error);
  });

  it("stops starting steps when interrupted and exits 1", async () => {
    const ws = fakeWorkspace(shopManifests());
    const stop = new AbortController();
    const interrupts: InterruptSource = () => ({ stop: stop.signal, force: new AbortController().signal, dispose: () => undefined });
    const session = ws.world.session("qualys");
    const create = session.create.bind(session);
    session.create = async (c, ctx) => {
      stop.abort();
      return create(c, ctx);
    };
    const { io, out } = cliIO();
    expect(await runApply(flags({ parallelism: 1 }), ws.open, io, deps({ interrupts }))).toBe(EXIT.error);
    expect(out()).toContain("Apply: 1 succeeded, 0 failed, 1 skipped.");
    expect(Object.keys((await ws.backend.read())!.resources)).toHaveLength(1);
  });

  describe("--wait", () => {
    const ci = () =>
      desiredOf([resource("qualys.scan.ci", { type: "VULNERABILITY" }, { launch: "always", wait: { timeoutMs: 3_600_000, failOn: { severity: 4, count: 1 } } })]);
    const finished = (sev4: number): RunStatus => ({ phase: "succeeded", terminal: true, vendorState: "FINISHED", findings: { "1": 0, "2": 0, "3": 0, "4": sev4, "5": 0 } });

    it("waits for the launched run and passes when failOn is not reached", async () => {
      const ws = fakeWorkspace(ci());
      ws.world.session("qualys").statusScript.set("qualys.scan.ci", [{ phase: "running", terminal: false, vendorState: "RUNNING" }, finished(0)]);
      const { io, out } = cliIO();
      expect(await runApply(flags({ wait: true }), ws.open, io, deps())).toBe(EXIT.ok);
      expect(out()).toContain("Wait: 1 succeeded, 0 failed, 0 timed out.");
    });

    it("sleeps --poll-interval between two polls", async () => {
      const ws = fakeWorkspace(ci());
      ws.world.session("qualys").statusScript.set("qualys.scan.ci", [{ phase: "running", terminal: false, vendorState: "RUNNING" }, finished(0)]);
      const slept: number[] = [];
      await runApply(flags({ wait: true, pollIntervalMs: 1_000 }), ws.open, cliIO().io, deps({ sleep: async (ms) => void slept.push(ms) }));
      expect(slept).toEqual([1_000]);
    });

    it("exits with the gate-tripped code when failOn is reached, printing the counts", async () => {
      const ws = fakeWorkspace(ci());
      ws.world.session("qualys").statusScript.set("qualys.scan.ci", [finished(2)]);
      const { io, out } = cliIO();
      expect(await runApply(flags({ wait: true }), ws.open, io, deps())).toBe(EXIT.gateTripped);
      expect(out()).toContain("findings by severity 5: 0, 4: 2, 3: 0, 2: 0, 1: 0");
    });
  });

  describe("with a saved plan", () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), "scanform-apply-"));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it("applies exactly the saved plan", async () => {
      const ws = fakeWorkspace(shopManifests());
      await writePlanFile(join(dir, "tfplan"), (await planAgain(ws)).plan);
      const { io, out } = cliIO({ cwd: dir });
      expect(await runApply(flags({ args: ["tfplan"], autoApprove: false }), ws.open, io, deps())).toBe(EXIT.ok);
      expect(out()).not.toContain("Plan:");
      expect(ws.world.order("create").sort()).toEqual(["qualys.webApp.blog", "qualys.webApp.shop"]);
    });

    it("refuses it with the stale-plan code after another apply moved the state", async () => {
      const ws = fakeWorkspace(shopManifests());
      await writePlanFile(join(dir, "tfplan"), (await planAgain(ws)).plan);
      await runApply(flags(), ws.open, cliIO().io, deps());
      const creates = ws.world.order("create").length;
      const { io, err } = cliIO({ cwd: dir });
      expect(await runApply(flags({ args: ["tfplan"] }), ws.open, io, deps())).toBe(EXIT.stalePlan);
      expect(err()).toContain("The saved plan is stale");
      expect(ws.world.order("create")).toHaveLength(creates);
    });

    it("refuses it when the manifests are not the ones it was made from", async () => {
      const ws = fakeWorkspace(shopManifests());
      await writePlanFile(join(dir, "tfplan"), (await planAgain(ws)).plan);
      ws.desired = desiredOf([resource("qualys.webApp.shop", { url: "https://other.example.com" })]);
      const { io, err } = cliIO({ cwd: dir });
      expect(await runApply(flags({ args: ["tfplan"] }), ws.open, io, deps())).toBe(EXIT.stalePlan);
      expect(err()).toContain("made from other manifests");
    });

    it("names the files it was made from, the files now, and the first resource that differs", async () => {
      const ws = fakeWorkspace(shopManifests());
      await writePlanFile(join(dir, "tfplan"), (await planAgain(ws)).plan);
      ws.desired = { ...desiredOf([resource("qualys.webApp.blog", { url: "https://blog.example.com" }), resource("qualys.webApp.shop", { url: "https://other.example.com" })]), files: ["scans/main.yaml", "scans/extra.yaml"] };
      const { io, err } = cliIO({ cwd: dir });
      expect(await runApply(flags({ args: ["tfplan"] }), ws.open, io, deps())).toBe(EXIT.stalePlan);
      await expect(err()).toMatchFileSnapshot("__golden__/apply-stale-other-manifests.txt");
    });

    describe("saved while a killed apply's journal entry was open", () => {
      const shop = { name: "shop", url: "https://shop.example.com" };
      const opened = (o: Partial<JournalEntry> = {}): JournalEntry => journalEntry("j-old", "qualys.webApp.shop", { naturalKey: "shop", specDigest: digest(shop), ...o });
      const planFlags: PlanFlags = { paths: [], out: "tfplan", format: "text", targets: [], detailedExitcode: false, refresh: true, color: false, debug: false };

      /** The killed apply's create of shop landed (id qualys-9) but was never recorded; the plan is saved now. */
      async function killedThenPlanned(): Promise<FakeWorkspace> {
        const ws = fakeWorkspace(shopManifests());
        ws.world.session("qualys").objects.set("shop", { ids: { id: "qualys-9" }, spec: shop });
        await ws.backend.write({ ...emptySnapshot("lineage-1"), journal: [opened()] }, undefined);
        expect(await runPlan(planFlags, ws.open, cliIO({ cwd: dir }).io, clock.now)).toBe(EXIT.ok);
        return ws;
      }

      it("applies it exactly: records what landed, closes the entry and creates only the rest", async () => {
        const ws = await killedThenPlanned();
        expect(await runApply(flags({ args: ["tfplan"] }), ws.open, cliIO({ cwd: dir }).io, deps())).toBe(EXIT.ok);
        expect(ws.world.order("create")).toEqual(["qualys.webApp.blog"]);
        const state = (await ws.backend.read())!;
        expect([state.resources["qualys.webApp.shop"]?.ids, state.journal]).toEqual([{ id: "qualys-9" }, []]);
        expect(hasChanges((await planAgain(ws)).plan)).toBe(false);
      });

      it("refuses it as stale when the object the read-back found has gone since, recording nothing", async () => {
        const ws = await killedThenPlanned();
        ws.world.session("qualys").objects.delete("shop");
        const { io, err } = cliIO({ cwd: dir });
        expect(await runApply(flags({ args: ["tfplan"] }), ws.open, io, deps())).toBe(EXIT.stalePlan);
        expect(err()).toContain("qualys.webApp.shop: no longer found at the vendor");
        expect((await ws.backend.read())!.journal).toEqual([opened()]);
      });

      it("makes the launch: always it holds, although the killed apply's launch had landed", async () => {
        const ws = fakeWorkspace(desiredOf([resource("qualys.scan.ci", {}, { launch: "always" })]));
        const qualys = ws.world.session("qualys");
        qualys.objects.set("ci", { ids: { id: "qualys-1" }, spec: { name: "ci" } });
        qualys.runs.set("run-key-old", "run-old");
        const ci = { address: "qualys.scan.ci", vendor: "qualys", kind: "scan", ids: { id: "qualys-1" }, spec: { name: "ci" }, digest: digest({ name: "ci" }), protect: false, origin: "created" as const, updatedAt: "2026-11-01T00:00:00.000Z" };
        const launch = journalEntry("j-old", "qualys.scan.ci", { operation: "launch", naturalKey: "run-key-old", specDigest: digest({ name: "ci" }) });
        await ws.backend.write({ ...emptySnapshot("lineage-1"), resources: { "qualys.scan.ci": ci }, journal: [launch] }, undefined);
        await runPlan(planFlags, ws.open, cliIO({ cwd: dir }).io, clock.now);
        expect(await runApply(flags({ args: ["tfplan"] }), ws.open, cliIO({ cwd: dir }).io, deps())).toBe(EXIT.ok);
        expect(ws.world.order("launch")).toEqual(["qualys.scan.ci"]);
        expect((await ws.backend.read())!.resources["qualys.scan.ci"]?.lastRun?.id).not.toBe("run-old");
      });
    });

    it("opens the manifest paths the plan was made from when none follow the plan file, so it reads the state that plan read", async () => {
      const ws = fakeWorkspace(shopManifests());
      await writePlanFile(join(dir, "tfplan"), { ...(await planAgain(ws)).plan, paths: ["scans/"] });
      await runApply(flags({ args: ["tfplan"] }), ws.open, cliIO({ cwd: dir }).io, deps());
      expect(ws.opened.at(-1)).toEqual(["scans/"]);
    });

    it("opens the manifest paths given after the plan file", async () => {
      const ws = fakeWorkspace(shopManifests());
      await writePlanFile(join(dir, "tfplan"), (await planAgain(ws)).plan);
      await runApply(flags({ args: ["tfplan", "scans/"] }), ws.open, cliIO({ cwd: dir }).io, deps());
      expect(ws.opened.at(-1)).toEqual(["scans/"]);
    });
  });
});

describe("splitArguments", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "scanform-args-"));
    await writeFile(join(dir, "plan.sfplan"), "{}");
    await writeFile(join(dir, "main.yaml"), "");
    await mkdir(join(dir, "scans"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    [["plan.sfplan"], { planFile: "plan.sfplan", paths: [] }],
    [["plan.sfplan", "scans"], { planFile: "plan.sfplan", paths: ["scans"] }],
    [["main.yaml"], { paths: ["main.yaml"] }],
    [["scans"], { paths: ["scans"] }],
    [["missing"], { paths: ["missing"] }],
    [[], { paths: [] }],
  ])("%j → %j", async (args, expected) => {
    expect(await splitArguments(args, dir)).toEqual(expected);
  });
});

/** The flags a command's parser makes of `argv`, without running the command. */
function parseFlags<Raw, Flags>(register: (open: OpenWorkspace) => RegisterCommand, name: string, toFlags: (args: string[], raw: Raw) => Flags, argv: string[]): Flags {
  const program = new Command().exitOverride().configureOutput({ writeErr: () => undefined });
  register(async () => {
    throw new Error("not opened");
  })(program, cliIO().io, () => undefined);
  let parsed: Flags | undefined;
  program.commands.find((c) => c.name() === name)!.action((args: string[], raw: Raw) => {
    parsed = toFlags(args, raw);
  });
  program.parse([name, ...argv], { from: "user" });
  return parsed!;
}

describe("apply arguments", () => {
  const parse = (argv: string[]): ApplyFlags => parseFlags((open) => registerApply(open), "apply", toApplyFlags, argv);

  it("defaults to asking, parallelism 10, no lock wait, colour allowed", () => {
    expect(parse([])).toEqual(flags({ autoApprove: false, color: true, reports: [], targets: [], refresh: true, detailedExitcode: false }));
  });

  it("reads every flag", () => {
    expect(parse(["tfplan", "--auto-approve", "--parallelism", "3", "--lock-timeout", "30s", "--wait", "--poll-interval", "500ms", "--poll-max-interval", "2m", "--json", "--no-color", "--debug", "--allow-mass-recreate", "--report", "sarif=out.sarif", "--target", "qualys.webApp.shop", "--no-refresh", "--detailed-exitcode"])).toEqual({
      args: ["tfplan"],
      autoApprove: true,
      parallelism: 3,
      lockTimeoutMs: 30_000,
      wait: true,
      pollIntervalMs: 500,
      pollMaxIntervalMs: 120_000,
      json: true,
      color: false,
      debug: true,
      allowMassRecreate: true,
      reports: [{ kind: "sarif", file: "out.sarif" }],
      targets: ["qualys.webApp.shop"],
      refresh: false,
      detailedExitcode: true,
    });
  });

  it("rejects a parallelism below 1", () => {
    expect(() => parse(["--parallelism", "0"])).toThrow(/whole number of 1 or more/);
  });
});

describe("wait arguments", () => {
  const parse = (argv: string[]): WaitFlags => parseFlags((open) => registerWait(open), "wait", toWaitFlags, argv);

  it("polls every 10 seconds at first, backing off to every 5 minutes, by default", () => {
    expect(parse([])).toEqual(waitFlags({ color: true, reports: [] }));
  });

  it("reads --report KIND=FILE, repeated", () => {
    expect(parse(["--report", "junit=results.xml", "--report", "markdown=results.md"]).reports).toEqual([
      { kind: "junit", file: "results.xml" },
      { kind: "markdown", file: "results.md" },
    ]);
  });

  it.each([["html=out.html"], ["sarif"], ["sarif="]])("rejects --report %s", (value) => {
    expect(() => parse(["--report", value])).toThrow(/expected KIND=FILE with KIND one of junit, sarif, markdown/);
  });

  it.each([
    ["500ms", 500],
    ["10s", 10_000],
    ["1m", 60_000],
  ])("reads --poll-interval %s as %i ms", (value, ms) => {
    expect(parse(["--poll-interval", value]).pollIntervalMs).toBe(ms);
  });

  it.each([
    ["0s", /above zero/],
    ["soon", /expected a duration like 500ms, 30s, 5m or 1h/],
  ])("rejects --poll-interval %s", (value, message) => {
    expect(() => parse(["--poll-interval", value])).toThrow(message);
  });

  it.each([
    ["0s", /above zero/],
    ["never", /expected a duration like 500ms, 30s, 5m or 1h/],
  ])("rejects --poll-max-interval %s", (value, message) => {
    expect(() => parse(["--poll-max-interval", value])).toThrow(message);
  });
});

describe("scanform wait and status", () => {
  const scans = () =>
    desiredOf([
      resource("qualys.scan.ci", {}, { launch: "always", wait: { timeoutMs: 60_000 } }),
      resource("qualys.scan.never-launched", {}, { launch: "never" }),
      resource("qualys.webApp.shop"),
    ]);
  const running: RunStatus = { phase: "running", terminal: false, vendorState: "RUNNING" };

  async function launched(): Promise<{ ws: FakeWorkspace; runId: string }> {
    const ws = fakeWorkspace(scans());
    ws.world.session("qualys").statusScript.set("qualys.scan.ci", [running]);
    await runApply(flags(), ws.open, cliIO().io, deps());
    return { ws, runId: (await ws.backend.read())!.resources["qualys.scan.ci"]!.lastRun!.id };
  }

  it("waits only for runs scanform launched, from the state", async () => {
    const { ws, runId } = await launched();
    ws.world.session("qualys").statusScript.set("qualys.scan.ci", [running, { phase: "succeeded", terminal: true, vendorState: "FINISHED" }]);
    const { io, out } = cliIO();
    expect(await runWait(waitFlags(), ws.open, io, deps())).toBe(EXIT.ok);
    expect(out()).toContain(`Waiting for 1 run: qualys.scan.ci (run ${runId})`);
    expect(ws.world.order("status").every((a) => a === "qualys.scan.ci")).toBe(true);
  });

  it("exits with the scan-broke code when a run fails", async () => {
    const { ws } = await launched();
    ws.world.session("qualys").statusScript.set("qualys.scan.ci", [{ phase: "failed", terminal: true, vendorState: "ERROR" }]);
    expect(await runWait(waitFlags(), ws.open, cliIO().io, deps())).toBe(EXIT.scanBroke);
  });

  it("says there is nothing to wait for when nothing was launched", async () => {
    const ws = fakeWorkspace(scans());
    const { io, err } = cliIO();
    expect(await runWait(waitFlags(), ws.open, io, deps())).toBe(EXIT.ok);
    expect(err()).toContain("Nothing to wait for");
  });

  it("sleeps --poll-interval between two polls", async () => {
    const { ws } = await launched();
    ws.world.session("qualys").statusScript.set("qualys.scan.ci", [running, { phase: "succeeded", terminal: true, vendorState: "FINISHED" }]);
    const slept: number[] = [];
    await runWait(waitFlags({ pollIntervalMs: 500 }), ws.open, cliIO().io, deps({ sleep: async (ms) => void slept.push(ms) }));
    expect(slept).toEqual([500]);
  });

  it("prints one poll as a table", async () => {
    const { ws, runId } = await launched();
    const { io, out } = cliIO();
    expect(await runStatus({ paths: [], json: false, color: false, debug: false }, ws.open, io)).toBe(EXIT.ok);
    expect(out()).toBe(["ADDRESS         RUN    PHASE    VERDICT  FINDINGS (SEV 5..1)  VENDOR STATE", `qualys.scan.ci  ${runId}  running  -        -                    RUNNING`, ""].join("\n"));
    expect(ws.world.order("status")).toEqual(["qualys.scan.ci"]);
  });

  it("exits 1 when a status cannot be read, saying why", async () => {
    const { ws, runId } = await launched();
    ws.world.session("qualys").statusScript.set("qualys.scan.ci", [new Error("scan not found")]);
    const { io, out } = cliIO();
    expect(await runStatus({ paths: [], json: true, color: false, debug: false }, ws.open, io)).toBe(EXIT.error);
    expect(JSON.parse(out())).toEqual({ format_version: EVENTS_FORMAT_VERSION, runs: [{ address: "qualys.scan.ci", run_id: runId, error: { code: "APPLY_UNEXPECTED", message: "scan not found" } }] });
  });
});

describe("process interrupts", () => {
  it("stops on the first SIGINT or SIGTERM and forces on the second, until disposed", () => {
    const listening = process.listenerCount("SIGINT");
    const said: string[] = [];
    const interrupts = processInterrupts((m) => said.push(m));
    try {
      process.emit("SIGTERM", "SIGTERM");
      expect([interrupts.stop.aborted, interrupts.force.aborted]).toEqual([true, false]);
      process.emit("SIGINT", "SIGINT");
      expect([interrupts.stop.aborted, interrupts.force.aborted]).toEqual([true, true]);
    } finally {
      interrupts.dispose();
    }
    expect(said).toEqual([
      "SIGTERM: stopping after the steps in flight; interrupt again to cut their vendor calls short.",
      "SIGINT: cutting vendor calls short; the next run settles them.",
    ]);
    expect(process.listenerCount("SIGINT")).toBe(listening);
  });
});
