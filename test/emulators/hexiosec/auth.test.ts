import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulators } from "../../../src/emulators/index.js";
import { startHarness, type Harness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe("hexiosec emulator: authentication and routing", () => {
  it("serves the API under /api", () => {
    expect(h.server.baseUrl).toBe(`${h.server.origin}/api`);
  });

  it("answers GET /auth with 200 for a valid key (sheet §2: no /v1)", async () => {
    const res = await h.call("GET", "/auth");
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ authenticated: true });
  });

  it("refuses a request without the x-hexiosec-api-key header with 401 {code, message}", async () => {
    const res = await h.call("GET", "/v1/scans", { key: null });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ code: "unauthorised", message: expect.stringContaining("x-hexiosec-api-key") });
  });

  it("refuses a wrong key with 401, also on GET /auth", async () => {
    expect((await h.call("GET", "/auth", { key: "wrong" })).status).toBe(401);
  });

  it("does not take the key as a Bearer token (sheet §2)", async () => {
    const res = await h.call("GET", "/v1/scans", { key: null, headers: { authorization: `Bearer ${h.server.vendor.credentials.HEXIOSEC_API_KEY}` } });
    expect(res.status).toBe(401);
  });

  it("checks the key before the route, so a bad key never learns which paths exist", async () => {
    expect((await h.call("GET", "/v1/nothing", { key: "wrong" })).status).toBe(401);
  });

  it("answers an unknown path with 404 {code}", async () => {
    const res = await h.call("GET", "/v1/nothing");
    expect(res.status).toBe(404);
    expect(res.json.code).toBe("not_found");
  });

  it("answers a known path with the wrong verb with 405 and the allowed verbs", async () => {
    const res = await h.call("PUT", "/v1/scans/abc");
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe("GET, PATCH, DELETE");
    expect(res.json.code).toBe("method_not_allowed");
  });

  it("lists the scan groups as a bare array of {id, name}", async () => {
    const res = await h.call("GET", "/v1/scan_groups");
    expect(res.status).toBe(200);
    expect(res.json).toEqual([
      { id: "00000001-0001-0001-0001-000000000001", name: "Security" },
      { id: "00000002-0002-0002-0002-000000000002", name: "Vendors" },
    ]);
  });

  it("offers its key as the HEXIOSEC_API_KEY credential", () => {
    expect(Object.keys(h.server.vendor.credentials)).toEqual(["HEXIOSEC_API_KEY"]);
  });
});

describe("hexiosec emulator: options", () => {
  it("accepts another key and adds the groups it is given", async () => {
    const other = await startHarness({ apiKey: "k2", groups: [{ id: "00000003-0003-0003-0003-000000000003", name: "Cloud" }] });
    try {
      const res = await other.call("GET", "/v1/scan_groups", { key: "k2" });
      expect(res.json.map((g: { name: string }) => g.name)).toEqual(["Security", "Vendors", "Cloud"]);
    } finally {
      await other.close();
    }
  });

  it("refuses a negative run duration", () => {
    return expect(startHarness({ runDurationMs: -1 })).rejects.toMatchObject({ code: "EMULATOR_OPTIONS" });
  });
});

describe("hexiosec emulator: registration", () => {
  it("is started by startEmulators with its key and URL as env settings", async () => {
    const running = await startEmulators({ vendors: ["hexiosec"] });
    try {
      expect(running.env).toEqual({ HEXIOSEC_API_KEY: h.server.vendor.credentials.HEXIOSEC_API_KEY, HEXIOSEC_URL: running.urls.hexiosec });
      expect(running.urls.hexiosec).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
    } finally {
      await running.close();
    }
  });
});
