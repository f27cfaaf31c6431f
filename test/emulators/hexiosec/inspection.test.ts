import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { SECURITY, startHarness, type Harness } from "./harness.js";

let h: Harness;
beforeEach(async () => {
  await h?.close();
  h = await startHarness({ pendingMs: 10, runDurationMs: 10 });
});
afterAll(() => h.close());

const inspect = async (method: string, route: string, body?: unknown) => {
  const res = await fetch(`${h.server.origin}/__scanform/${route}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, json: text === "" ? undefined : JSON.parse(text) };
};

describe("hexiosec emulator: throttling, faults and inspection", () => {
  it("answers throttling with 429, Retry-After and {code, message}", async () => {
    h.server.setControls({ ratePerSecond: 1 });
    await h.call("GET", "/v1/scans");
    const res = await h.call("GET", "/v1/scans");
    expect(res.status).toBe(429);
    expect(Number(res.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(res.json).toEqual({ code: "too_many_requests", message: expect.any(String) });
  });

  it("answers an injected server error with a JSON {code, message}", async () => {
    h.server.setControls({ faults: { serverError: 1 } });
    const res = await h.call("GET", "/v1/scans");
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(res.json.code).toBe("internal_error");
  });

  it("names each operation in the request log", async () => {
    const id = await h.createScan();
    await h.call("GET", "/v1/scan_groups");
    await h.call("GET", `/v1/scans/${id}?expand=iteration`);
    await h.call("PATCH", `/v1/scans/${id}`, { body: { enabled: true } });
    const seed = (await h.call("POST", `/v1/scans/${id}/seeds`, { body: { name: "a.example", type: "domain" } })).json.id;
    await h.call("GET", `/v1/scans/${id}/seeds`);
    await h.call("DELETE", `/v1/scans/${id}/seeds/${seed}`);
    await h.call("GET", "/v1/scans");
    await h.call("DELETE", `/v1/scans/${id}`);
    await h.call("GET", "/auth");
    await h.call("GET", "/v1/unknown");
    expect(h.server.log.counts()).toEqual({
      createScan: 1,
      listScanGroups: 1,
      getScan: 1,
      updateScan: 1,
      addSeed: 1,
      listSeeds: 1,
      removeSeed: 1,
      listScans: 1,
      deleteScan: 1,
      verifyKey: 1,
      unknown: 1,
    });
  });

  it("dumps its state and loads it back unchanged", async () => {
    const id = await h.createScan({ name: "kept" });
    await h.call("POST", `/v1/scans/${id}/seeds`, { body: { name: "a.example", type: "domain", tags: ["scanform"] } });
    await h.call("PATCH", `/v1/scans/${id}`, { body: { enabled: true } });
    const dumped = (await inspect("GET", "state")).json;
    await inspect("POST", "reset");
    expect((await h.call("GET", "/v1/scans")).json).toEqual([]);
    expect((await inspect("PUT", "state", dumped)).status).toBe(204);
    expect((await inspect("GET", "state")).json).toEqual(dumped);
    h.clock.advance(20);
    expect((await h.call("GET", `/v1/scans/${id}?expand=iteration`)).json.iteration.state).toBe("completed");
  });

  it("keeps an iteration state it does not know when loaded, so drivers can meet one", async () => {
    const id = await h.createScan();
    const dumped = (await inspect("GET", "state")).json;
    dumped.scans[0].iterations = [{ id: "it-1", state: "queued", started_at: null, finished_at: null }];
    await inspect("PUT", "state", dumped);
    expect((await h.call("GET", `/v1/scans/${id}?expand=iteration`)).json.iteration).toEqual({ id: "it-1", state: "queued", started_at: null, finished_at: null });
  });

  it("refuses to load a state of the wrong shape, naming the field", async () => {
    const res = await inspect("PUT", "state", { groups: [], scans: [{ id: 1 }] });
    expect(res.status).toBe(400);
    expect(res.json.error).toBe("scans[0].id must be a string");
  });

  it("keeps its scan groups across a reset", async () => {
    await h.createScan();
    await inspect("POST", "reset");
    expect((await h.call("GET", "/v1/scan_groups")).json.map((g: { id: string }) => g.id)[0]).toBe(SECURITY);
    expect((await h.call("GET", "/v1/scans")).json).toEqual([]);
  });

  it("hands out the same ids for the same seed and requests", async () => {
    const other = await startHarness();
    try {
      expect(await other.createScan()).toBe(await h.createScan());
    } finally {
      await other.close();
    }
  });
});
