import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { SECURITY, startHarness, VENDORS, type Harness } from "./harness.js";

let h: Harness;
beforeEach(async () => {
  await h?.close();
  h = await startHarness();
});
afterAll(() => h.close());

describe("hexiosec emulator: scans", () => {
  it("creates a scan from the sheet's literal example (§4) and answers with its id", async () => {
    const res = await h.call("POST", "/v1/scans", {
      body: '{ "name": "API Example Scan",\n  "scan_group_id": "00000001-0001-0001-0001-000000000001",\n  "type": "adhoc",\n  "dns_namelist": true,\n  "ignore_ip_nodes": false }',
    });
    expect(res.status).toBe(201);
    expect(res.json).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      name: "API Example Scan",
      type: "adhoc",
      scan_group_id: SECURITY,
      enabled: false,
      dns_namelist: true,
      ignore_ip_nodes: false,
      created_at: "2026-01-01T00:00:00.000Z",
    });
  });

  it("creates a scan disabled, with both flags false when not sent", async () => {
    const id = await h.createScan();
    const res = await h.call("GET", `/v1/scans/${id}`);
    expect(res.json).toMatchObject({ enabled: false, dns_namelist: false, ignore_ip_nodes: false });
  });

  it("lists scans as a bare array in creation order", async () => {
    const a = await h.createScan({ name: "a" });
    const b = await h.createScan({ name: "b", scan_group_id: VENDORS, type: "continuous_own" });
    const res = await h.call("GET", "/v1/scans");
    expect(res.status).toBe(200);
    expect(res.json.map((s: { id: string }) => s.id)).toEqual([a, b]);
    expect(Object.keys(res.json[1]).sort()).toEqual(["created_at", "dns_namelist", "enabled", "id", "ignore_ip_nodes", "name", "scan_group_id", "type"]);
  });

  it("allows two scans with the same name (the API has no name key)", async () => {
    await h.createScan({ name: "twin" });
    expect((await h.call("POST", "/v1/scans", { body: { name: "twin", scan_group_id: SECURITY, type: "adhoc" } })).status).toBe(201);
  });

  it.each([
    ["a missing name", { scan_group_id: SECURITY, type: "adhoc" }, "invalid_name"],
    ["an unknown type", { name: "x", scan_group_id: SECURITY, type: "weekly" }, "invalid_type"],
    ["a group id that is not a UUID", { name: "x", scan_group_id: "Security", type: "adhoc" }, "invalid_scan_group_id"],
    ["a flag that is not a boolean", { name: "x", scan_group_id: SECURITY, type: "adhoc", dns_namelist: "yes" }, "invalid_field"],
    ["an unknown field", { name: "x", scan_group_id: SECURITY, type: "adhoc", enabled: true }, "unknown_field"],
  ])("refuses a create with %s: 400 {code, message}", async (_what, body, code) => {
    const res = await h.call("POST", "/v1/scans", { body });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ code, message: expect.any(String) });
  });

  it("refuses a body that is not JSON with 400 invalid_json", async () => {
    const res = await h.call("POST", "/v1/scans", { body: "{name:" });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe("invalid_json");
  });

  it("answers 403 for a group the key cannot see (sheet: 403 tier/group)", async () => {
    const res = await h.call("POST", "/v1/scans", { body: { name: "x", scan_group_id: "00000009-0009-0009-0009-000000000009", type: "adhoc" } });
    expect(res.status).toBe(403);
    expect(res.json.code).toBe("forbidden");
  });

  it("answers 403 for a visible group the key may not create scans in", async () => {
    const other = await startHarness({ groups: [{ id: "00000003-0003-0003-0003-000000000003", name: "Audit", writable: false }] });
    try {
      const res = await other.call("POST", "/v1/scans", { body: { name: "x", scan_group_id: "00000003-0003-0003-0003-000000000003", type: "adhoc" } });
      expect(res.status).toBe(403);
    } finally {
      await other.close();
    }
  });

  it("gets one scan by id", async () => {
    const id = await h.createScan({ name: "one" });
    const res = await h.call("GET", `/v1/scans/${id}`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id, name: "one" });
    expect(res.json).not.toHaveProperty("iteration");
  });

  it("answers 404 {code} for an unknown scan id on get, update and delete", async () => {
    for (const [method, body] of [["GET", undefined], ["PATCH", { enabled: true }], ["DELETE", undefined]] as const) {
      const res = await h.call(method, "/v1/scans/00000000-0000-4000-8000-000000000000", body === undefined ? {} : { body });
      expect(res.status, method).toBe(404);
      expect(res.json.code, method).toBe("not_found");
    }
  });

  it("updates name and flags with a partial PATCH and answers with the scan", async () => {
    const id = await h.createScan({ name: "old" });
    const res = await h.call("PATCH", `/v1/scans/${id}`, { body: { name: "new", dns_namelist: true, ignore_ip_nodes: true } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id, name: "new", dns_namelist: true, ignore_ip_nodes: true, enabled: false });
  });

  it("leaves fields a PATCH does not name untouched", async () => {
    const id = await h.createScan({ name: "keep", dns_namelist: true });
    await h.call("PATCH", `/v1/scans/${id}`, { body: { ignore_ip_nodes: true } });
    expect((await h.call("GET", `/v1/scans/${id}`)).json).toMatchObject({ name: "keep", dns_namelist: true, ignore_ip_nodes: true });
  });

  it.each([
    ["type", { type: "continuous_own" }],
    ["scan_group_id", { scan_group_id: VENDORS }],
  ])("refuses to change %s after creation (sheet: a change is a replace)", async (_field, body) => {
    const id = await h.createScan();
    const res = await h.call("PATCH", `/v1/scans/${id}`, { body });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe("immutable_field");
  });

  it("accepts type and scan_group_id in a PATCH when they are unchanged", async () => {
    const id = await h.createScan();
    expect((await h.call("PATCH", `/v1/scans/${id}`, { body: { type: "adhoc", scan_group_id: SECURITY } })).status).toBe(200);
  });

  it("refuses an unknown field in a PATCH", async () => {
    const id = await h.createScan();
    const res = await h.call("PATCH", `/v1/scans/${id}`, { body: { seeds: [] } });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe("unknown_field");
  });

  it("refuses a PATCH whose enabled is not a boolean", async () => {
    const id = await h.createScan();
    expect((await h.call("PATCH", `/v1/scans/${id}`, { body: { enabled: "true" } })).json.code).toBe("invalid_field");
  });

  it("deletes a scan with 204, after which it is gone from list and get", async () => {
    const id = await h.createScan();
    const res = await h.call("DELETE", `/v1/scans/${id}`);
    expect(res.status).toBe(204);
    expect(res.body).toBe("");
    expect((await h.call("GET", "/v1/scans")).json).toEqual([]);
    expect((await h.call("GET", `/v1/scans/${id}`)).status).toBe(404);
  });
});
