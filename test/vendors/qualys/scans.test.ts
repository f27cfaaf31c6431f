import { describe, expect, it } from "vitest";
import type { JournalEntry } from "../../../src/state/model.js";
import { PROFILE_ID, createChange, deleteChange, failure, seedWebApp, setup, step } from "./helpers.js";

const scanSpec = (webApps: string[], profile: string | null = "qualys.profile.default") => ({ name: "shop-ci", type: "VULNERABILITY", webApps, profile });

const launchEntry = (runKey: string): JournalEntry => ({
  id: "j1",
  address: "qualys.scan.shop-ci",
  vendor: "qualys",
  kind: "scan",
  operation: "launch",
  naturalKey: runKey,
  specDigest: "sha256:x",
  startedAt: "2026-01-01T00:00:00Z",
});

async function launched(options: Parameters<typeof setup>[0] = {}) {
  const s = await setup({ emulator: { runDurationMs: 1000, submittedMs: 100, ...options.emulator }, ...(options.driver ? { driver: options.driver } : {}) });
  const shop = await seedWebApp(s, "shop");
  const ctx = step({ "qualys.profile.default": PROFILE_ID, "qualys.webApp.shop": shop });
  return { s, shop, ctx };
}

describe("qualys driver: scans", () => {
  it("launches a scan named after the resource and its runKey", async () => {
    const { s, ctx } = await launched();
    const { runId } = await s.session.launch({ address: "qualys.scan.shop-ci", kind: "scan", ids: {}, spec: scanSpec(["qualys.webApp.shop"]), runKey: "rk-1" }, ctx);
    expect(runId).toMatch(/^\d+$/);
    expect(await s.raw("GET", `/qps/rest/3.0/get/was/wasscan/${runId}`)).toContain("<name><![CDATA[shop-ci (scanform rk-1)]]></name>");
  });

  it("launches several web apps as one multi scan run", async () => {
    const { s, ctx } = await launched();
    const blog = await seedWebApp(s, "blog");
    const { runId } = await s.session.launch({ address: "qualys.scan.both", kind: "scan", ids: {}, spec: scanSpec(["qualys.webApp.blog", "qualys.webApp.shop"]), runKey: "rk-2" }, step({ ...ctxKnown(ctx), "qualys.webApp.blog": blog }));
    expect(runId.split(",")).toHaveLength(2);
  });

  it("leaves the profile to each web app's default when the spec has none", async () => {
    const s = await setup({ emulator: { runDurationMs: 1000 } });
    const shop = await seedWebApp(s, "shop", `<defaultProfile><id>${PROFILE_ID}</id></defaultProfile>`);
    const { runId } = await s.session.launch({ address: "qualys.scan.x", kind: "scan", ids: {}, spec: scanSpec(["qualys.webApp.shop"], null), runKey: "rk" }, step({ "qualys.webApp.shop": shop }));
    expect(await s.raw("GET", `/qps/rest/3.0/get/was/wasscan/${runId}`)).toContain(`<profile><id>${PROFILE_ID}</id>`);
  });

  it("polls a run from pending through running to succeeded with findings by severity", async () => {
    const { s, ctx } = await launched({ emulator: { outcomes: { shop: { vulns: [4, 3, 2, 1, 0] } } } });
    const { runId } = await s.session.launch({ address: "qualys.scan.shop-ci", kind: "scan", ids: {}, spec: scanSpec(["qualys.webApp.shop"]), runKey: "rk" }, ctx);
    const run = { address: "qualys.scan.shop-ci", kind: "scan", ids: {}, runId };
    expect(await s.session.status(run)).toEqual({ phase: "pending", terminal: false, vendorState: "SUBMITTED" });
    s.clock.advance(500);
    expect(await s.session.status(run)).toMatchObject({ phase: "running", terminal: false, vendorState: "RUNNING" });
    s.clock.advance(500);
    const done = await s.session.status(run);
    expect(done).toMatchObject({ phase: "succeeded", terminal: true, vendorState: "FINISHED (SUCCESSFUL)", findings: { "1": 4, "2": 3, "3": 2, "4": 1, "5": 0 } });
    expect(done.results?.available && done.results.findings.map((f) => f.severity)).toEqual([4, 3, 3, 2, 2, 2, 1, 1, 1, 1]);
  });

  it("reads each finding of a finished scan: QID, title, severity, URL and the web app it was found on", async () => {
    const { s, ctx } = await launched({ emulator: { outcomes: { shop: { vulns: [0, 0, 0, 0, 1] } } } });
    const { runId } = await s.session.launch({ address: "qualys.scan.shop-ci", kind: "scan", ids: {}, spec: scanSpec(["qualys.webApp.shop"]), runKey: "rk" }, ctx);
    s.clock.advance(1000);
    const done = await s.session.status({ address: "qualys.scan.shop-ci", kind: "scan", ids: {}, runId });
    expect(done.results).toEqual({
      available: true,
      truncated: false,
      findings: [{ rule: "150003", title: "SQL Injection", severity: 5, target: "shop", url: expect.stringMatching(/\/search$/) }],
    });
  });

  it("counts a FINISHED scan without SUCCESSFUL results as failed", async () => {
    const { s, ctx } = await launched({ emulator: { outcomes: { shop: { resultsStatus: "NO_HOST_ALIVE" } } } });
    const { runId } = await s.session.launch({ address: "qualys.scan.shop-ci", kind: "scan", ids: {}, spec: scanSpec(["qualys.webApp.shop"]), runKey: "rk" }, ctx);
    s.clock.advance(1000);
    const st = await s.session.status({ address: "qualys.scan.shop-ci", kind: "scan", ids: {}, runId });
    expect(st).toMatchObject({ phase: "failed", terminal: true, vendorState: "FINISHED (NO_HOST_ALIVE)" });
    expect(st.detail).toContain("NO_HOST_ALIVE");
  });

  it("reports ERROR as failed and CANCELED as cancelled", async () => {
    const { s, ctx } = await launched({ emulator: { outcomes: { shop: { status: "ERROR" } } } });
    const one = await s.session.launch({ address: "qualys.scan.a", kind: "scan", ids: {}, spec: scanSpec(["qualys.webApp.shop"]), runKey: "a" }, ctx);
    const two = await s.session.launch({ address: "qualys.scan.b", kind: "scan", ids: {}, spec: scanSpec(["qualys.webApp.shop"]), runKey: "b" }, ctx);
    await s.raw("POST", `/qps/rest/3.0/cancel/was/wasscan/${two.runId}`);
    s.clock.advance(1000);
    expect((await s.session.status({ address: "qualys.scan.a", kind: "scan", ids: {}, runId: one.runId })).phase).toBe("failed");
    expect((await s.session.status({ address: "qualys.scan.b", kind: "scan", ids: {}, runId: two.runId })).phase).toBe("cancelled");
  });

  it("sums the findings of a multi scan once every scan has finished", async () => {
    const { s, ctx } = await launched({ emulator: { outcomes: { shop: { vulns: [1, 1, 1, 1, 1] }, blog: { vulns: [2, 0, 0, 0, 1] } } } });
    const blog = await seedWebApp(s, "blog");
    const { runId } = await s.session.launch({ address: "qualys.scan.both", kind: "scan", ids: {}, spec: scanSpec(["qualys.webApp.blog", "qualys.webApp.shop"]), runKey: "m" }, step({ ...ctxKnown(ctx), "qualys.webApp.blog": blog }));
    s.clock.advance(1000);
    expect((await s.session.status({ address: "qualys.scan.both", kind: "scan", ids: {}, runId })).findings).toEqual({ "1": 3, "2": 1, "3": 1, "4": 1, "5": 2 });
  });

  it("answers VENDOR_NOT_FOUND for an unknown run and for no run at all", async () => {
    const { s } = await launched();
    expect((await failure(s.session.status({ address: "qualys.scan.x", kind: "scan", ids: {}, runId: "1" }))).code).toBe("VENDOR_NOT_FOUND");
    expect((await failure(s.session.status({ address: "qualys.scan.x", kind: "scan", ids: {} }))).code).toBe("VENDOR_NOT_FOUND");
  });

  it("waits while the running-scan cap refuses a launch, then launches once", async () => {
    let waits = 0;
    const holder: { s?: Awaited<ReturnType<typeof setup>> } = {};
    const { s, ctx } = await launched({
      emulator: { maxRunningScans: 1 },
      driver: {
        capRetry: { waitMs: 1000, giveUpAfterMs: 60_000 },
        sleep: async (ms) => {
          waits += 1;
          holder.s?.clock.advance(ms);
        },
      },
    });
    holder.s = s;
    await s.session.launch({ address: "qualys.scan.a", kind: "scan", ids: {}, spec: scanSpec(["qualys.webApp.shop"]), runKey: "first" }, ctx);
    const { runId } = await s.session.launch({ address: "qualys.scan.b", kind: "scan", ids: {}, spec: scanSpec(["qualys.webApp.shop"]), runKey: "second" }, ctx);
    expect(waits).toBe(1);
    expect(runId).toMatch(/^\d+$/);
    expect(s.running.emulators.qualys!.log.counts()["launchScan"]).toBe(3);
  });

  it("gives up with VENDOR_THROTTLED when the cap never lifts", async () => {
    const holder: { s?: Awaited<ReturnType<typeof setup>> } = {};
    const { s, ctx } = await launched({
      emulator: { maxRunningScans: 1, runDurationMs: 10 * 60_000 },
      driver: { capRetry: { waitMs: 60_000, giveUpAfterMs: 120_000 }, sleep: async (ms) => holder.s?.clock.advance(ms) },
    });
    holder.s = s;
    await s.session.launch({ address: "qualys.scan.a", kind: "scan", ids: {}, spec: scanSpec(["qualys.webApp.shop"]), runKey: "first" }, ctx);
    const e = await failure(s.session.launch({ address: "qualys.scan.b", kind: "scan", ids: {}, spec: scanSpec(["qualys.webApp.shop"]), runKey: "second" }, ctx));
    expect(e.code).toBe("VENDOR_THROTTLED");
    expect(e.message).toContain("maximum number of concurrent running scans (1)");
  });

  it("reports other launch refusals at once, with Qualys' message", async () => {
    const { s, ctx } = await launched();
    const e = await failure(s.session.launch({ address: "qualys.scan.x", kind: "scan", ids: {}, spec: scanSpec(["qualys.webApp.shop"], null), runKey: "rk" }, ctx));
    expect(e.code).toBe("VENDOR_VALIDATION");
    expect(e.message).toContain("has no default option profile");
  });

  it("reads a launch back by its runKey", async () => {
    const { s, ctx } = await launched();
    const { runId } = await s.session.launch({ address: "qualys.scan.shop-ci", kind: "scan", ids: {}, spec: scanSpec(["qualys.webApp.shop"]), runKey: "rk-find-me" }, ctx);
    expect(await s.session.readBack(launchEntry("rk-find-me"))).toEqual({ outcome: "landed", ids: {}, runId });
    expect(await s.session.readBack(launchEntry("rk-never-sent"))).toEqual({ outcome: "absent" });
  });

  it("keeps a scan's create, update and delete in state only", async () => {
    const { s } = await launched();
    const spec = scanSpec(["qualys.webApp.shop"]);
    expect(await s.session.create(createChange("scan", "shop-ci", spec), step())).toEqual({});
    await s.session.delete(deleteChange("scan", "shop-ci", "", spec), step());
    expect(s.counter.total()).toBe(0);
  });
});

function ctxKnown(ctx: ReturnType<typeof step>): Record<string, string> {
  return { "qualys.profile.default": ctx.idsOf("qualys.profile.default")!["id"]!, "qualys.webApp.shop": ctx.idsOf("qualys.webApp.shop")!["id"]! };
}
