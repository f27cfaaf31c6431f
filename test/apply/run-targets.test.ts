import { describe, expect, it } from "vitest";
import { appliedTargets, LAUNCH_UNRECORDED, stateTargets } from "../../src/apply/run-targets.js";
import { ScanformError } from "../../src/core/errors.js";
import type { StepResult } from "../../src/apply/events.js";
import { DEFAULT_WAIT_TIMEOUT_MS } from "../../src/apply/wait.js";
import type { Driver, KindInfo } from "../../src/vendors/driver.js";
import { journalEntry } from "../state/fixtures.js";
import { snapshotOf, stateEntry } from "./fakes.js";
import { desiredOf, resource } from "./workspace-fake.js";

const kind = (o: Partial<KindInfo>): KindInfo => ({ mode: "managed", fields: {}, readable: true, deletable: true, launchable: false, pollable: false, ...o });
const drivers = new Map<string, Driver>([
  ["qualys", { vendor: "qualys", kinds: { scan: kind({ launchable: true, pollable: true }), webApp: kind({}) }, settingsEnv: {}, secretSettings: [], concurrency: 10, idsFromConsole: (_kind: string, id: string) => ({ id }), connect: () => { throw new Error("unused"); } }],
  ["hexiosec", { vendor: "hexiosec", kinds: { scan: kind({ pollable: true }) }, settingsEnv: {}, secretSettings: [], concurrency: 10, idsFromConsole: (_kind: string, id: string) => ({ id }), connect: () => { throw new Error("unused"); } }],
]);

describe("what wait and status watch", () => {
  const failOn = { severity: 4, count: 1 } as const;
  const desired = desiredOf([
    resource("qualys.scan.ci", {}, { launch: "always", wait: { timeoutMs: 60_000, failOn } }),
    resource("qualys.scan.idle", {}, { launch: "always" }),
    resource("qualys.webApp.shop"),
    resource("hexiosec.scan.edge"),
  ]);
  const state = snapshotOf([
    stateEntry("qualys.scan.ci", { lastRun: { id: "r-1", launchedAt: "2026-11-24T09:00:00.000Z", specDigest: "sha256:x" } }),
    stateEntry("qualys.scan.idle"),
    stateEntry("qualys.webApp.shop"),
    stateEntry("hexiosec.scan.edge"),
  ]);

  const declaredAt = { file: "scans/main.yaml", line: 1, column: 1 };

  it("watches launched runs from their launch, and pollable objects that are not launched, each with its wait policy", () => {
    expect(stateTargets(desired, state, drivers)).toEqual([
      { address: "hexiosec.scan.edge", vendor: "hexiosec", kind: "scan", ids: { id: "old-edge" }, timeoutMs: DEFAULT_WAIT_TIMEOUT_MS, source: declaredAt },
      { address: "qualys.scan.ci", vendor: "qualys", kind: "scan", ids: { id: "old-ci" }, runId: "r-1", since: new Date("2026-11-24T09:00:00.000Z"), timeoutMs: 60_000, failOn, source: declaredAt },
    ]);
  });

  it("watches nothing that state does not hold", () => {
    expect(stateTargets(desired, undefined, drivers)).toEqual([]);
  });

  it("has apply --wait watch what wait would, narrowed to the runs the apply launched and the pollable objects it changed", () => {
    const step = (address: string, kind: string, result: StepResult) => ({ address, action: "update" as const, vendor: address.split(".")[0]!, kind, launches: false, ...result });
    const steps = [
      step("qualys.scan.ci", "scan", { outcome: "succeeded", runId: "r-1" }),
      step("qualys.scan.idle", "scan", { outcome: "succeeded" }),
      step("hexiosec.scan.edge", "scan", { outcome: "succeeded" }),
    ];
    expect(appliedTargets(steps, desired, state, drivers).map((t) => t.address)).toEqual(["hexiosec.scan.edge", "qualys.scan.ci"]);
  });

  it("has apply --wait leave alone what the apply did not set going", () => {
    const steps = [{ address: "hexiosec.scan.edge", action: "update" as const, vendor: "hexiosec", kind: "scan", launches: false, outcome: "failed" as const, error: { code: "X", message: "x" } }];
    expect(appliedTargets(steps, desired, state, drivers)).toEqual([]);
  });

  describe("while a launch is open in the journal (an apply killed before it recorded the run)", () => {
    const launch = (id: string, address: string) => journalEntry(id, address, { operation: "launch", naturalKey: `run-key-${id}`, startedAt: "2026-11-25T09:00:00.000Z" });
    const refusal = (run: () => unknown): ScanformError => {
      try {
        run();
      } catch (e) {
        if (e instanceof ScanformError) return e;
        throw e;
      }
      throw new Error("expected a refusal");
    };

    it("refuses, naming the address and the entry, rather than find nothing to watch", () => {
      const open = snapshotOf([stateEntry("qualys.scan.idle")], [launch("j-1", "qualys.scan.idle")]);
      const e = refusal(() => stateTargets(desired, open, drivers));
      expect([e.code, e.message, e.detail]).toEqual([
        LAUNCH_UNRECORDED,
        expect.stringContaining("qualys.scan.idle: a launch sent at 2026-11-25T09:00:00.000Z (journal entry j-1)"),
        { addresses: ["qualys.scan.idle"], entries: ["j-1"] },
      ]);
      expect(e.hint).toMatch(/run `scanform apply`.*then `scanform wait`/);
    });

    it("lets status read while the launch is a live apply's call in flight, and has wait name that apply", () => {
      const open = { ...state, journal: [launch("j-3", "qualys.scan.ci")] };
      const live = { id: "l-1", who: "ci", host: "runner-7", pid: 4242, operation: "apply", created: "2026-11-25T08:59:00.000Z" };
      expect(stateTargets(desired, open, drivers, { holder: live, waiting: false }).map((t) => t.address)).toEqual(["hexiosec.scan.edge", "qualys.scan.ci"]);
      const e = refusal(() => stateTargets(desired, open, drivers, { holder: live, waiting: true }));
      expect(e.code).toBe("APPLY_LAUNCH_IN_FLIGHT");
      expect(e.message).toContain("runner-7");
      expect(e.hint).not.toContain("journal resolve");
    });

    it("refuses rather than judge the older run state still holds", () => {
      const open = { ...state, journal: [launch("j-2", "qualys.scan.ci")] };
      expect(refusal(() => stateTargets(desired, open, drivers)).detail).toEqual({ addresses: ["qualys.scan.ci"], entries: ["j-2"] });
    });

    it("names every address with an open launch", () => {
      const open = { ...state, journal: [launch("j-1", "qualys.scan.idle"), launch("j-2", "qualys.scan.ci")] };
      expect(refusal(() => stateTargets(desired, open, drivers)).detail).toEqual({ addresses: ["qualys.scan.idle", "qualys.scan.ci"], entries: ["j-1", "j-2"] });
    });

    it("watches as before when the open launch is of a resource not asked about", () => {
      const open = { ...state, journal: [launch("j-3", "qualys.scan.elsewhere")] };
      expect(stateTargets(desired, open, drivers)).toEqual(stateTargets(desired, state, drivers));
    });

    it("has apply --wait watch the runs it recorded itself, whatever another address's entry left open", () => {
      // The apply settled the journal under its lock; an entry still open is one it reported as unknowable and did nothing for.
      const open = { ...state, journal: [launch("j-1", "qualys.scan.idle")] };
      const steps = [{ address: "qualys.scan.ci", action: "launch" as const, vendor: "qualys", kind: "scan", launches: true, outcome: "succeeded" as const, runId: "r-1" }];
      expect(appliedTargets(steps, desired, open, drivers).map((t) => t.address)).toEqual(["qualys.scan.ci"]);
    });
  });
});
