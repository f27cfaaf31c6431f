/**
 * `wait` and `status` after an apply was killed between the vendor accepting a launch and state
 * recording its run: the journal holds the launch open, and state holds no run of it, or an older one.
 */
import { describe, expect, it } from "vitest";
import { runStatus } from "../../src/cli/status.js";
import { runWait, type WaitFlags } from "../../src/cli/wait.js";
import { EXIT } from "../../src/core/exit-codes.js";
import { digest } from "../../src/core/json.js";
import type { StateEntry } from "../../src/state/model.js";
import { emptySnapshot } from "../../src/state/snapshot.js";
import { journalEntry } from "../state/fixtures.js";
import { cliIO, desiredOf, fakeWorkspace, resource, type FakeWorkspace } from "../apply/workspace-fake.js";

const waitFlags: WaitFlags = { paths: [], pollIntervalMs: 10_000, json: false, color: false, debug: false };
const statusFlags = { paths: [], json: false, color: false, debug: false };

const olderRun = { id: "run-old", launchedAt: "2026-11-01T09:00:00.000Z", specDigest: digest({ name: "store-ci" }) };

/** The killed apply's launch of store-ci is open; `lastRun` is what state held before it. */
async function killedAfterLaunch(lastRun?: StateEntry["lastRun"]): Promise<FakeWorkspace> {
  const ws = fakeWorkspace(desiredOf([resource("qualys.scan.store-ci", {}, { launch: "always" })]));
  // Were scanform to judge the run state holds, it would pass.
  ws.world.session("qualys").statusScript.set("qualys.scan.store-ci", [{ phase: "succeeded", terminal: true, vendorState: "FINISHED" }]);
  const storeCi: StateEntry = {
    address: "qualys.scan.store-ci",
    vendor: "qualys",
    kind: "scan",
    ids: { id: "qualys-1" },
    spec: { name: "store-ci" },
    digest: digest({ name: "store-ci" }),
    protect: false,
    origin: "created",
    updatedAt: "2026-11-01T00:00:00.000Z",
    ...(lastRun ? { lastRun } : {}),
  };
  const launch = journalEntry("j-killed", "qualys.scan.store-ci", { operation: "launch", naturalKey: "run-key-killed", startedAt: "2026-11-25T09:00:00.000Z" });
  await ws.backend.write({ ...emptySnapshot("lineage-1"), resources: { "qualys.scan.store-ci": storeCi }, journal: [launch] }, undefined);
  return ws;
}

const cases = [
  ["state holds no run of it", undefined],
  ["state holds an older run of it", olderRun],
] as const;

describe.each(cases)("with a launch open in the journal, when %s", (_, lastRun) => {
  it("wait exits 1, naming the address and sending the user to apply, instead of finding nothing to wait for", async () => {
    const ws = await killedAfterLaunch(lastRun);
    const { io, err } = cliIO();
    expect(await runWait(waitFlags, ws.open, io, { sleep: async () => undefined })).toBe(EXIT.error);
    expect(err()).toContain("qualys.scan.store-ci: a launch sent at 2026-11-25T09:00:00.000Z (journal entry j-killed) was never recorded");
    expect(err()).toContain("scanform apply");
    expect(err()).toContain("scanform state journal resolve j-killed --landed qualys-1 --run RUN_ID");
    expect(err()).not.toContain("Nothing to wait for");
    expect(ws.world.order("status")).toEqual([]);
  });

  it("status exits 1, naming the address, instead of showing no runs or only the older one", async () => {
    const ws = await killedAfterLaunch(lastRun);
    const { io, out, err } = cliIO();
    expect(await runStatus(statusFlags, ws.open, io)).toBe(EXIT.error);
    expect(err()).toContain("qualys.scan.store-ci");
    expect(out()).toBe("");
    expect(ws.world.order("status")).toEqual([]);
  });
});
