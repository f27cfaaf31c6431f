/** `scanform status`: one read of every run, each vendor's in as few calls as its session allows. */
import { describe, expect, it } from "vitest";
import { readStatuses } from "../../src/apply/status.js";
import type { WaitTarget } from "../../src/apply/wait.js";
import type { RunStatus } from "../../src/vendors/driver.js";
import { FakeWorld } from "./fakes.js";

const NOW = new Date("2026-12-02T12:00:00Z");
const target = (address: string, extra: Partial<WaitTarget> = {}): WaitTarget => ({ address, vendor: address.split(".")[0]!, kind: "scan", ids: { id: address }, runId: `run-${address}`, timeoutMs: 3_600_000, ...extra });
const finished = (sev5: number): RunStatus => ({ phase: "succeeded", terminal: true, vendorState: "FINISHED", findings: { "1": 0, "2": 0, "3": 0, "4": 0, "5": sev5 } });

function world(batched: boolean) {
  const w = new FakeWorld();
  if (batched) w.session("qualys").batched();
  w.session("qualys").statusScript.set("qualys.scan.gated", [finished(1)]);
  w.session("qualys").statusScript.set("qualys.scan.going", [{ phase: "running", terminal: false, vendorState: "RUNNING" }]);
  w.session("hexiosec").statusScript.set("hexiosec.scan.h", [finished(0)]);
  return w;
}

const targets = [target("qualys.scan.gated", { failOn: { severity: 5, count: 1 } }), target("qualys.scan.going"), target("qualys.scan.lost"), target("hexiosec.scan.h")];

describe("readStatuses", () => {
  it("reads a vendor that can read many runs at once in one call, and the others one call a run", async () => {
    const w = world(true);
    await readStatuses(targets, w.sessionsFn, NOW);
    expect(w.calls).toEqual([
      { op: "statuses", address: "qualys.scan.gated,qualys.scan.going,qualys.scan.lost" },
      { op: "status", address: "hexiosec.scan.h" },
    ]);
  });

  it("gives the same rows, verdicts and errors either way, in the targets' order", async () => {
    const perRun = await readStatuses(targets, world(false).sessionsFn, NOW);
    const batched = await readStatuses(targets, world(true).sessionsFn, NOW);
    expect(batched).toEqual(perRun);
    expect(batched.map((r) => ("error" in r ? r.error.message : (r.verdict ?? r.status.phase)))).toEqual(["threshold", "running", "no status scripted for qualys.scan.lost", "succeeded"]);
  });
});
