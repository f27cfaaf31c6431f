import { describe, expect, it } from "vitest";
import type { HttpRequest } from "../../../src/http/types.js";
import { createHttpClient } from "../../../src/http/client.js";
import type { ConnectDeps, VendorHttpOptions } from "../../../src/vendors/driver.js";
import { drivers } from "../../../src/vendors/index.js";
import { hexiosecDriver } from "../../../src/vendors/hexiosec/driver.js";

function capture(): { deps: ConnectDeps; options: () => VendorHttpOptions } {
  let seen: VendorHttpOptions | undefined;
  return {
    deps: {
      makeHttp: (o) => {
        seen = o;
        return { request: () => Promise.reject(new Error("no call expected")) };
      },
      now: () => new Date(),
    },
    options: () => seen!,
  };
}

const request: HttpRequest = { method: "GET", path: "/v1/scans", idempotent: true, operation: "hexiosec.listScans" };

describe("hexiosec driver: connecting", () => {
  it("is registered under its vendor name", () => {
    expect(drivers.get("hexiosec")).toBe(hexiosecDriver);
  });

  it("reads its URL and key from HEXIOSEC_URL and HEXIOSEC_API_KEY, the key being secret", () => {
    expect(hexiosecDriver.settingsEnv).toEqual({ url: "HEXIOSEC_URL", apiKey: "HEXIOSEC_API_KEY" });
    expect(hexiosecDriver.secretSettings).toEqual(["apiKey"]);
  });

  it("talks to https://asm.hexiosec.com/api unless told otherwise (sheet §2)", () => {
    const c = capture();
    hexiosecDriver.connect({ apiKey: "k" }, c.deps);
    expect(c.options().baseUrl).toBe("https://asm.hexiosec.com/api");
  });

  it("uses the URL it is given", () => {
    const c = capture();
    hexiosecDriver.connect({ apiKey: "k", url: "http://127.0.0.1:8080/api" }, c.deps);
    expect(c.options().baseUrl).toBe("http://127.0.0.1:8080/api");
  });

  it("sends the key in x-hexiosec-api-key, never as Authorization", () => {
    const c = capture();
    hexiosecDriver.connect({ apiKey: "k" }, c.deps);
    expect(c.options().authenticate(request)).toEqual({ "x-hexiosec-api-key": "k" });
  });

  it("caps itself at 5 requests in flight and names the key as a secret (sheet decisions)", () => {
    const c = capture();
    hexiosecDriver.connect({ apiKey: "k" }, c.deps);
    expect(c.options()).toMatchObject({ vendor: "hexiosec", concurrency: 5, secrets: ["k"] });
  });

  it("refuses plain http to a host that is not loopback", () => {
    const deps: ConnectDeps = { makeHttp: (o) => createHttpClient(o), now: () => new Date() };
    expect(() => hexiosecDriver.connect({ apiKey: "k", url: "http://asm.example.com/api" }, deps)).toThrow(expect.objectContaining({ code: "HTTP_INSECURE_URL" }));
  });

  it("declares one kind, scan: readable, deletable, not launchable, pollable", () => {
    expect(Object.keys(hexiosecDriver.kinds)).toEqual(["scan"]);
    expect(hexiosecDriver.kinds.scan).toMatchObject({ mode: "managed", readable: true, deletable: true, launchable: false, pollable: true });
  });

  it("replaces on a change of type or group, compares seeds as a set, and updates the rest in place", () => {
    expect(hexiosecDriver.kinds.scan!.fields).toEqual({
      name: { update: "in-place" },
      group: { update: "replace" },
      type: { update: "replace" },
      seeds: { update: "in-place", set: true },
      enabled: { update: "in-place" },
      dnsNamelist: { update: "in-place" },
      ignoreIpNodes: { update: "in-place" },
    });
  });
});
