import { describe, expect, it } from "vitest";
import { createManualClock, createRandom, startEmulators } from "../../../src/emulators/index.js";
import { createCortexEmulator } from "../../../src/emulators/cortex/index.js";
import { createDefinition, launch, NETSCAN, startCortex } from "./helpers.js";

const statusPath = `${NETSCAN}/scan/run/1?fields=status`;

describe("cortex emulator: what every request goes through", () => {
  it("answers 400 when User-Agent is missing, a header every operation requires (§1)", async () => {
    const h = await startCortex();
    const res = await h.call("GET", statusPath, { userAgent: null });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ err_msg: "Bad Request", metadata: { err_extra: [{ field: "User-Agent", message: "Field required" }] } });
  });

  it("answers 429 Too many requests past 10 requests in one second, with no Retry-After (§5)", async () => {
    let t = 0;
    const h = await startCortex({ requestsPerSecond: 10, rateClock: () => t });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await h.call("GET", statusPath)).status);
    expect(statuses).toEqual([...Array(10).fill(404), 429]);
    const refused = await h.call("GET", statusPath);
    expect(refused.json).toEqual({ err_msg: "Too many requests" });
    expect(refused.headers["retry-after"]).toBeUndefined();
    t = 1000;
    expect((await h.call("GET", statusPath)).status).toBe(404);
  });

  it("counts requests for the tenant limit whatever their credentials", async () => {
    let t = 0;
    const h = await startCortex({ requestsPerSecond: 2, rateClock: () => t });
    await h.call("GET", statusPath, { auth: { scheme: "none" } });
    await h.call("GET", statusPath, { auth: { scheme: "standard" } });
    expect((await h.call("GET", statusPath)).status).toBe(429);
  });

  it("limits to 10 requests per second by default", () => {
    const emu = createCortexEmulator({ clock: createManualClock(), random: createRandom(1) }, { rateClock: () => 0 });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((emu.handle({ method: "GET", path: "/x", query: new URLSearchParams(), headers: {}, body: "" }) as { status: number }).status);
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
  });

  it("answers throttling from the framework's controls the vendor's way", async () => {
    const h = await startCortex({}, { ratePerSecond: 1 });
    await h.call("GET", statusPath);
    const res = await h.call("GET", statusPath);
    expect(res.status).toBe(429);
    expect(res.json).toEqual({ err_msg: "Too many requests" });
  });

  it("answers an injected server error in netscan's error envelope", async () => {
    const h = await startCortex({}, { faults: { serverError: 1 } });
    const res = await h.call("GET", statusPath);
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(res.json).toEqual({ err_msg: "Internal Server Error" });
  });

  it("answers 404 for a path outside the netscan API and 405 for a wrong method", async () => {
    const h = await startCortex();
    expect((await h.call("GET", `${NETSCAN}/scan/definitions`)).status).toBe(404);
    expect((await h.call("GET", `${NETSCAN}/scan/definition`)).status).toBe(405);
  });

  it("names each request by its operationId in the request log", async () => {
    const h = await startCortex();
    const def = await createDefinition(h);
    const run = await launch(h, def);
    await h.call("POST", `${NETSCAN}/scan/run/${def}`, { body: { request_data: { definition_id: def } } });
    await h.call("GET", `${NETSCAN}/scan/run/${run}?fields=status`);
    await h.call("GET", `${NETSCAN}/scan/run?id=${run}&fields=status`);
    await h.call("POST", `${NETSCAN}/scan/run/${run}/command`, { body: { request_data: { type: "ABORT" } } });
    expect(h.server.log.counts()).toEqual({
      configureNewScan: 1,
      publicLaunchScanRun: 1,
      publicLaunchScanRunById: 1,
      publicGetScanDefinitionRunStatus: 1,
      publicScanDefinitionRunStatus: 1,
      publicScanDefinitionRunAction: 1,
    });
  });
});

describe("cortex emulator: dump, load, reset", () => {
  it("restores definitions and runs from a dump, run state included", async () => {
    const h = await startCortex({ pendingMs: 10, runDurationMs: 10 });
    const def = await createDefinition(h);
    const run = await launch(h, def);
    const dump = h.server.vendor.dump();
    const other = await startCortex({ pendingMs: 10, runDurationMs: 10 });
    other.server.vendor.load(dump);
    expect(other.server.vendor.dump()).toEqual(dump);
    expect((await other.call("GET", `${NETSCAN}/scan/run/${run}?fields=status`)).json.DATA).toBe("Scan is in Pending state");
    expect(await createDefinition(other)).not.toBe(def);
  });

  it("refuses a state that is not shaped like a dump", () => {
    const emu = createCortexEmulator({ clock: createManualClock(), random: createRandom(1) });
    expect(() => emu.load({ definitions: [{ id: "x" }] })).toThrow(/definition id must be an integer/);
  });

  it("forgets definitions, runs and used nonces on reset", async () => {
    const h = await startCortex();
    await createDefinition(h);
    h.server.vendor.reset();
    expect(h.server.vendor.dump()).toEqual({ definitions: [], runs: [], nextDefinitionId: 100, nextRunId: 7000 });
  });

  it("is registered, so startEmulators serves it with its credentials as CORTEX_* settings", async () => {
    const running = await startEmulators({ vendors: ["cortex"] });
    try {
      expect(running.env).toMatchObject({ CORTEX_URL: running.urls.cortex, CORTEX_API_KEY_TYPE: "advanced" });
      expect(running.env.CORTEX_API_KEY_ID).toMatch(/^\d+$/);
      expect(running.env.CORTEX_API_KEY).toBeTruthy();
    } finally {
      await running.close();
    }
  });
});
