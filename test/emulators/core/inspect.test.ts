import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startEmulatorServer, type EmulatorServer } from "../../../src/emulators/core/server.js";
import { createFakeVendor, type FakeVendor } from "./fake-vendor.js";
import { createCaller } from "./http-helpers.js";

let server: EmulatorServer;
let vendor: FakeVendor;
let caller: ReturnType<typeof createCaller>;
const call = (path: string, init?: { method?: string; body?: string }) => caller.call(`${server.origin}${path}`, init);

beforeEach(async () => {
  vendor = createFakeVendor();
  server = await startEmulatorServer(vendor);
  caller = createCaller();
});
afterEach(async () => {
  await caller.close();
  await server.close();
});

describe("inspection routes under /__scanform/", () => {
  it("GET state returns the vendor's dump", async () => {
    await call("/api/items", { method: "POST", body: "a" });
    expect(JSON.parse((await call("/__scanform/state")).body)).toEqual(["a"]);
  });

  it("PUT state loads the vendor's state", async () => {
    expect((await call("/__scanform/state", { method: "PUT", body: '["x","y"]' })).status).toBe(204);
    expect(vendor.items()).toEqual(["x", "y"]);
  });

  it("PUT state answers 400 with the vendor's reason when it refuses the state", async () => {
    const answer = await call("/__scanform/state", { method: "PUT", body: '{"not":"a list"}' });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ error: "state must be a list" });
  });

  it("POST reset empties the vendor state and the request log", async () => {
    await call("/api/items", { method: "POST", body: "a" });
    expect((await call("/__scanform/reset", { method: "POST" })).status).toBe(204);
    expect(vendor.items()).toEqual([]);
    expect(server.log.count()).toBe(0);
  });

  it("GET log returns the total, the counts and the entries", async () => {
    await call("/api/items");
    await call("/api/items", { method: "POST", body: "a" });
    const log = JSON.parse((await call("/__scanform/log")).body) as { total: number; counts: unknown; entries: { operation: string }[] };
    expect(log.total).toBe(2);
    expect(log.counts).toEqual({ createItem: 1, listItems: 1 });
    expect(log.entries.map((e) => e.operation)).toEqual(["listItems", "createItem"]);
  });

  it("GET counts returns requests by operation", async () => {
    await call("/api/items");
    await call("/api/items");
    expect(JSON.parse((await call("/__scanform/counts")).body)).toEqual({ listItems: 2 });
  });

  it("DELETE log clears the log but keeps the state", async () => {
    await call("/api/items", { method: "POST", body: "a" });
    await call("/__scanform/log", { method: "DELETE" });
    expect(server.log.count()).toBe(0);
    expect(vendor.items()).toEqual(["a"]);
  });

  it("PUT controls changes the controls at run time", async () => {
    const answer = await call("/__scanform/controls", { method: "PUT", body: '{"faults":{"serverError":1}}' });
    expect(JSON.parse(answer.body)).toEqual({ faults: { serverError: 1 } });
    expect((await call("/api/items")).status).toBeGreaterThanOrEqual(500);
    expect(JSON.parse((await call("/__scanform/controls")).body)).toEqual({ faults: { serverError: 1 } });
  });

  it("PUT controls refuses an unknown field and keeps the controls in force", async () => {
    const answer = await call("/__scanform/controls", { method: "PUT", body: '{"latency":5}' });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error).toMatch(/unknown controls field\(s\): latency/);
    expect(server.controls()).toEqual({});
  });

  it("is neither logged nor subject to faults or throttling", async () => {
    server.setControls({ concurrency: 1, ratePerSecond: 1, faults: { drop: 1 } });
    for (let i = 0; i < 3; i++) expect((await call("/__scanform/counts")).status).toBe(200);
    expect(server.log.count()).toBe(0);
  });

  it("answers 404 for an unknown inspection route", async () => {
    expect((await call("/__scanform/nothing")).status).toBe(404);
  });
});
