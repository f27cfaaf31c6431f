/** Qualys: the status of many runs in one scan search (`id IN`), read as one status call per scan would read it. */
import { describe, expect, it } from "vitest";
import type { QualysEmulatorOptions } from "../../../src/emulators/qualys/index.js";
import { STATUS_IDS_PER_SEARCH } from "../../../src/vendors/qualys/api.js";
import type { RunRef } from "../../../src/vendors/driver.js";
import { PROFILE_ID, seedWebApp, setup, step } from "./helpers.js";

const scanSpec = (webApps: string[]) => ({ name: "ci", type: "VULNERABILITY", webApps, profile: "qualys.profile.default" });

/** Four runs: shop alone (findings), blog alone (fails: no host), both at once (a multi scan), one canceled. */
async function fourRuns(emulator: QualysEmulatorOptions = {}) {
  const s = await setup({ emulator: { runDurationMs: 1000, submittedMs: 100, outcomes: { shop: { vulns: [1, 0, 2, 0, 1] }, blog: { resultsStatus: "NO_HOST_ALIVE" } }, ...emulator } });
  const shop = await seedWebApp(s, "shop");
  const blog = await seedWebApp(s, "blog");
  const ctx = step({ "qualys.profile.default": PROFILE_ID, "qualys.webApp.shop": shop, "qualys.webApp.blog": blog });
  const launch = async (name: string, apps: string[]): Promise<RunRef> => {
    const { runId } = await s.session.launch({ address: `qualys.scan.${name}`, kind: "scan", ids: {}, spec: scanSpec(apps), runKey: name }, ctx);
    return { address: `qualys.scan.${name}`, kind: "scan", ids: {}, runId };
  };
  const runs = [
    await launch("shop", ["qualys.webApp.shop"]),
    await launch("blog", ["qualys.webApp.blog"]),
    await launch("both", ["qualys.webApp.shop", "qualys.webApp.blog"]),
    await launch("stopped", ["qualys.webApp.shop"]),
  ];
  await s.raw("POST", `/qps/rest/3.0/cancel/was/wasscan/${runs[3]!.runId}`);
  return { s, runs };
}

describe("qualys driver: status of many runs", () => {
  it("reads every run with one scan search by id, not a status call per scan", async () => {
    const { s, runs } = await fourRuns();
    s.counter.reset();
    const read = await s.session.statuses!(runs);
    expect(read.map((r) => ("status" in r ? r.status.phase : r.error.message))).toEqual(["pending", "pending", "pending", "cancelled"]);
    expect(s.counter.counts()).toEqual({ "qualys.search.WasScan": 1 });
  });

  it("gives each run the status, findings and results a status call per scan gives, from submitted to finished", async () => {
    const { s, runs } = await fourRuns();
    for (const ms of [0, 500, 500]) {
      s.clock.advance(ms);
      const batched = await s.session.statuses!(runs);
      const one = await Promise.all(runs.map((r) => s.session.status(r)));
      expect(batched).toEqual(one.map((status) => ({ status })));
    }
    const final = await s.session.statuses!(runs);
    expect(final.map((r) => "status" in r && [r.status.phase, r.status.vendorState])).toEqual([
      ["succeeded", "FINISHED (SUCCESSFUL)"],
      ["failed", "FINISHED (NO_HOST_ALIVE)"],
      ["failed", "FINISHED (SUCCESSFUL), FINISHED (NO_HOST_ALIVE)"],
      ["cancelled", "CANCELED"],
    ]);
  });

  it(`asks for at most ${STATUS_IDS_PER_SEARCH} scan ids a search, and fails only the runs whose scans Qualys does not list`, async () => {
    const { s, runs } = await fourRuns();
    const gone = Array.from({ length: STATUS_IDS_PER_SEARCH + 10 }, (_, i): RunRef => ({ address: `qualys.scan.gone-${i}`, kind: "scan", ids: {}, runId: String(900_000 + i) }));
    s.counter.reset();
    const read = await s.session.statuses!([...runs, ...gone]);
    expect(s.counter.counts()).toEqual({ "qualys.search.WasScan": 2 });
    expect(read.slice(0, 4).every((r) => "status" in r)).toBe(true);
    expect(read.slice(4).map((r) => "error" in r && (r.error as { code?: string }).code)).toEqual(gone.map(() => "VENDOR_NOT_FOUND"));
    expect("error" in read[4]! && read[4].error.message).toBe("qualys: scan 900000 of qualys.scan.gone-0 was not found: Qualys lists no such scan for this user");
  });

  it("fails a run without a launch, or with a run id Qualys never issues, on its own and before any call", async () => {
    const { s, runs } = await fourRuns();
    s.counter.reset();
    const read = await s.session.statuses!([{ address: "qualys.scan.never", kind: "scan", ids: {} }, { address: "qualys.scan.odd", kind: "scan", ids: {}, runId: "12,abc" }, runs[0]!]);
    expect(read.map((r) => ("error" in r ? (r.error as { code?: string }).code : r.status.phase))).toEqual(["VENDOR_NOT_FOUND", "VENDOR_ID_INVALID", "pending"]);
    expect(s.counter.counts()).toEqual({ "qualys.search.WasScan": 1 });
  });

  it("reads a finished scan's summary with one status call when the search answer leaves it out, and judges it as the status call does", async () => {
    const { s, runs } = await fourRuns({ scanSearchSummary: false });
    s.clock.advance(1000);
    s.counter.reset();
    const batched = await s.session.statuses!(runs);
    // One status call per FINISHED scan (shop, blog, and the two of both); the canceled one has no summary to read.
    expect(s.counter.counts()).toMatchObject({ "qualys.search.WasScan": 1, "qualys.status.WasScan": 4 });
    expect(batched.map((r) => "status" in r && [r.status.phase, r.status.vendorState])).toEqual([
      ["succeeded", "FINISHED (SUCCESSFUL)"],
      ["failed", "FINISHED (NO_HOST_ALIVE)"],
      ["failed", "FINISHED (SUCCESSFUL), FINISHED (NO_HOST_ALIVE)"],
      ["cancelled", "CANCELED"],
    ]);
    expect(batched).toEqual((await Promise.all(runs.map((r) => s.session.status(r)))).map((status) => ({ status })));
  });

  it("makes no status call for scans still going when the search answer has no summary", async () => {
    const { s, runs } = await fourRuns({ scanSearchSummary: false });
    s.counter.reset();
    await s.session.statuses!(runs);
    expect(s.counter.counts()).toEqual({ "qualys.search.WasScan": 1 });
  });

  it("reads no summary of a finished scan while another scan of its run still runs: the run is not judged yet", async () => {
    const s = await setup({ emulator: { runDurationMs: 1000, submittedMs: 100, scanSearchSummary: false } });
    const shop = await seedWebApp(s, "shop");
    const blog = await seedWebApp(s, "blog");
    const ctx = step({ "qualys.profile.default": PROFILE_ID, "qualys.webApp.shop": shop, "qualys.webApp.blog": blog });
    const launch = async (name: string, apps: string[]) => (await s.session.launch({ address: `qualys.scan.${name}`, kind: "scan", ids: {}, spec: scanSpec(apps), runKey: name }, ctx)).runId;
    const early = await launch("a", ["qualys.webApp.shop"]);
    s.clock.advance(1000);
    const late = await launch("b", ["qualys.webApp.blog"]);
    const run: RunRef = { address: "qualys.scan.multi", kind: "scan", ids: {}, runId: `${early},${late}` };
    s.counter.reset();
    const read = await s.session.statuses!([run]);
    expect("status" in read[0]! && read[0].status.terminal).toBe(false);
    expect(s.counter.counts()).toEqual({ "qualys.search.WasScan": 1 });
  });

  it("gives every run of a search that failed its error (here the wait was stopped) instead of throwing", async () => {
    const { s, runs } = await fourRuns();
    const read = await s.session.statuses!(runs, AbortSignal.abort());
    expect(read.every((r) => "error" in r)).toBe(true);
  });
});
