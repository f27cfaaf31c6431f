import { afterEach, describe, expect, it } from "vitest";
import { proxyFor } from "../../src/http/proxy.js";
import { closeAll, get, harness } from "./harness.js";
import { startProxy } from "./proxy-server.js";
import { reply } from "./test-server.js";

const proxies: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await closeAll();
  await Promise.all(proxies.splice(0).map((p) => p.close()));
});

async function proxy(refuse?: number) {
  const p = await startProxy(refuse);
  proxies.push(p);
  return p;
}

const auth = () => ({ authorization: "Bearer vendor-secret-token", "x-acme-api-key": "vendor-api-key-123" });

describe("HTTP client: the proxy variables", () => {
  it("reaches the vendor through HTTP_PROXY with a CONNECT tunnel, never handing the proxy the vendor's credentials", async () => {
    const p = await proxy();
    const { client, server } = await harness((_req, res) => reply(res, 200, "ok"), { authenticate: auth, proxy: { env: { HTTP_PROXY: p.url }, loopback: true } });
    expect((await client.request(get())).body).toBe("ok");
    expect(p.connects.map((c) => c.target)).toEqual([`127.0.0.1:${server.port}`]);
    expect(p.plain).toEqual([]);
    const toProxy = JSON.stringify(p.connects.map((c) => c.headers));
    expect(toProxy).not.toContain("vendor-secret-token");
    expect(toProxy).not.toContain("vendor-api-key-123");
    expect(server.seen[0]?.headers.authorization).toBe("Bearer vendor-secret-token");
  });

  it("goes direct to a host NO_PROXY names", async () => {
    const p = await proxy();
    const { client } = await harness((_req, res) => reply(res, 200, "ok"), { proxy: { env: { http_proxy: p.url, NO_PROXY: "example.com,127.0.0.1" }, loopback: true } });
    expect((await client.request(get())).status).toBe(200);
    expect(p.connects).toEqual([]);
  });

  it("goes direct to loopback unless told to proxy it, so the emulators keep working behind a corporate proxy", async () => {
    const p = await proxy();
    const { client } = await harness((_req, res) => reply(res, 200, "ok"), { proxy: { env: { HTTP_PROXY: p.url, HTTPS_PROXY: p.url } } });
    expect((await client.request(get())).status).toBe(200);
    expect(p.connects).toEqual([]);
  });

  it("fails with HTTP_PROXY, unretried, when the proxy refuses the tunnel", async () => {
    const p = await proxy(407);
    const { client, server } = await harness((_req, res) => reply(res, 200), { proxy: { env: { HTTP_PROXY: p.url }, loopback: true } });
    const error = await client.request(get()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "HTTP_PROXY", detail: { mayHaveLanded: false, attempts: 1 } });
    expect((error as Error).message).toContain("407");
    expect(server.seen).toEqual([]);
  });
});

describe("which proxy an origin uses", () => {
  const env = { HTTPS_PROXY: "http://secure-proxy:3128", HTTP_PROXY: "http://plain-proxy:3128", NO_PROXY: ".corp.example, internal.example:8443" };
  const via = (url: string, e: Record<string, string> = env) => proxyFor(new URL(url), { env: e })?.host;

  it.each([
    ["https://api.vendor.com", "secure-proxy:3128"],
    ["https://api.corp.example", undefined],
    ["https://corp.example", undefined],
    ["https://internal.example:8443", undefined],
    ["https://internal.example", "secure-proxy:3128"],
    ["https://127.0.0.1:9000", undefined],
  ])("%s -> %s", (url, expected) => {
    expect(via(url)).toBe(expected);
  });

  it("prefers the lower-case variable, as curl does, and takes HTTP_PROXY for https when HTTPS_PROXY is unset", () => {
    expect(via("https://api.vendor.com", { https_proxy: "http://lower:1", HTTPS_PROXY: "http://upper:1" })).toBe("lower:1");
    expect(via("https://api.vendor.com", { HTTP_PROXY: "http://plain:1" })).toBe("plain:1");
  });

  it("goes direct everywhere with NO_PROXY=*", () => {
    expect(via("https://api.vendor.com", { HTTPS_PROXY: "http://p:1", NO_PROXY: "*" })).toBeUndefined();
  });

  it("refuses a proxy variable that is not an http(s) URL, without echoing it", () => {
    expect(() => via("https://api.vendor.com", { HTTPS_PROXY: "ftp://user:pw@p:1" })).toThrow(expect.objectContaining({ code: "HTTP_INVALID_PROXY", message: expect.not.stringContaining("pw") }));
  });
});
