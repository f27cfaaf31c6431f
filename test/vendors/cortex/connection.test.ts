import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { HttpRequest } from "../../../src/http/types.js";
import { createAuthenticator, randomNonce } from "../../../src/vendors/cortex/auth.js";
import { cortexDriver } from "../../../src/vendors/cortex/driver.js";
import { apiUrl, readSettings } from "../../../src/vendors/cortex/settings.js";
import { thrown } from "./helpers.js";

const req: HttpRequest = { method: "GET", path: "/x", idempotent: true, operation: "test" };
const now = () => new Date(Date.UTC(2026, 0, 1, 12, 0, 0, 345));

describe("cortex auth headers (vendors/cortex.md §3)", () => {
  it("sends a standard key as Authorization with its id", () => {
    expect(createAuthenticator({ keyId: "5", key: "k", keyType: "standard" }, now)(req)).toEqual({ "x-xdr-auth-id": "5", authorization: "k" });
  });

  it("signs an advanced request with sha256(key + nonce + timestamp) in lowercase hex", () => {
    const h = createAuthenticator({ keyId: "5", key: "secret", keyType: "advanced" }, now, () => "n".repeat(64))(req);
    const ts = String(Date.UTC(2026, 0, 1, 12, 0, 0, 345));
    expect(h).toEqual({
      "x-xdr-auth-id": "5",
      "x-xdr-nonce": "n".repeat(64),
      "x-xdr-timestamp": ts,
      authorization: createHash("sha256").update(`secret${"n".repeat(64)}${ts}`).digest("hex"),
    });
  });

  it("uses a fresh nonce for every attempt", () => {
    const auth = createAuthenticator({ keyId: "5", key: "secret", keyType: "advanced" }, now);
    expect(auth(req)["x-xdr-nonce"]).not.toBe(auth(req)["x-xdr-nonce"]);
  });

  it("draws nonces of 64 letters and digits", () => {
    expect(randomNonce()).toMatch(/^[A-Za-z0-9]{64}$/);
  });
});

describe("cortex settings (vendors/cortex.md §2, §3)", () => {
  it.each([
    ["acme.xdr.us.paloaltonetworks.com", "https://api-acme.xdr.us.paloaltonetworks.com"],
    ["api-acme.xdr.us.paloaltonetworks.com", "https://api-acme.xdr.us.paloaltonetworks.com"],
    ["https://api-acme.xdr.us.paloaltonetworks.com/", "https://api-acme.xdr.us.paloaltonetworks.com"],
    ["http://127.0.0.1:4000", "http://127.0.0.1:4000"],
  ])("reads the URL %s as %s", (url, expected) => {
    expect(apiUrl(url)).toBe(expected);
  });

  it("defaults the key type to advanced", () => {
    expect(readSettings({ url: "x.example", keyId: "1", key: "k" }).keyType).toBe("advanced");
  });

  it.each(["Advanced", "STANDARD"])("takes the key type %s as the console's API Keys table spells it", (keyType) => {
    expect(readSettings({ url: "x.example", keyId: "1", key: "k", keyType }).keyType).toBe(keyType.toLowerCase());
  });

  it("names the missing settings and their environment variables", async () => {
    const e = await thrown(async () => readSettings({ url: "x.example" }));
    expect(e.code).toBe("VENDOR_SETTINGS");
    expect(e.message).toBe("cortex: missing keyId (CORTEX_API_KEY_ID), key (CORTEX_API_KEY)");
  });

  it("refuses a key type other than standard or advanced", async () => {
    const e = await thrown(async () => readSettings({ url: "x.example", keyId: "1", key: "k", keyType: "hmac" }));
    expect(e.message).toMatch(/keyType \(CORTEX_API_KEY_TYPE\) is "hmac"/);
  });

  it("declares its settings, their variables and which are secret", () => {
    expect(cortexDriver.settingsEnv).toEqual({ url: "CORTEX_URL", keyId: "CORTEX_API_KEY_ID", key: "CORTEX_API_KEY", keyType: "CORTEX_API_KEY_TYPE" });
    expect(cortexDriver.secretSettings).toEqual(["key"]);
  });

  it("says scans cannot be read back or deleted, and can be launched and polled", () => {
    expect(cortexDriver.kinds.scan).toMatchObject({ mode: "managed", readable: false, deletable: false, launchable: true, pollable: true });
  });
});
