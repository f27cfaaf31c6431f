import { afterEach, describe, expect, it } from "vitest";
import { VERSION } from "../../src/core/version.js";
import { createHttpClient } from "../../src/http/client.js";
import { createRequestCounter } from "../../src/http/counter.js";
import { createRetryBudget } from "../../src/http/retry.js";
import { closeAll, get, harness, post } from "./harness.js";
import { reply } from "./test-server.js";

afterEach(closeAll);

describe("HTTP client: requests and answers", () => {
  it("sends method, base path, path, query and body with the auth headers and scanform's User-Agent", async () => {
    const { client, server } = await harness((_req, res) => reply(res, 200, "ok"));
    await client.request(post("/things", { query: { expand: "iteration", id: ["1", "2"] }, headers: { "content-type": "application/json" } }));
    expect(server.seen[0]).toMatchObject({ method: "POST", url: "/api/things?expand=iteration&id=1&id=2", body: "{}" });
    expect(server.seen[0]?.headers).toMatchObject({ authorization: "Bearer test-token", "user-agent": `scanform/${VERSION}`, "content-type": "application/json" });
  });

  it("returns the vendor's answer, with lower-cased headers, without throwing on 4xx", async () => {
    const { client } = await harness((_req, res) => reply(res, 404, "nope", { "X-Vendor-Code": "NOT_FOUND" }));
    const answer = await client.request(get());
    expect(answer).toMatchObject({ status: 404, body: "nope" });
    expect(answer.headers["x-vendor-code"]).toBe("NOT_FOUND");
  });

  it("keeps a header the vendor names like an object's own members as a header, never as one of them", async () => {
    const { client } = await harness((_req, res) => reply(res, 200, "ok", JSON.parse(`{"__proto__": "vendor-text", "x-a": "1"}`) as Record<string, string>));
    const answer = await client.request(get());
    expect(Object.hasOwn(answer.headers, "__proto__")).toBe(true);
    expect(answer.headers["__proto__"]).toBe("vendor-text");
    expect(answer.headers["constructor"]).toBeUndefined();
  });

  it("does not retry a 4xx other than 429", async () => {
    const { client, server } = await harness((_req, res) => reply(res, 400));
    await client.request(get());
    expect(server.seen).toHaveLength(1);
  });

  it("calls authenticate for every attempt, so each retry carries fresh credentials", async () => {
    let n = 0;
    const { client, server } = await harness((req, res) => reply(res, req.n < 3 ? 503 : 200), { authenticate: () => ({ "x-nonce": `nonce-${++n}` }) });
    await client.request(get());
    expect(server.seen.map((s) => s.headers["x-nonce"])).toEqual(["nonce-1", "nonce-2", "nonce-3"]);
  });

  it("counts every attempt by operation", async () => {
    const counter = createRequestCounter();
    const { client } = await harness((req, res) => reply(res, req.n === 1 ? 503 : 200), { counter });
    await client.request(get());
    await client.request(post());
    expect(counter.counts()).toEqual({ createThing: 1, listThings: 2 });
    expect(counter.total()).toBe(3);
  });
});

describe("HTTP client: retries", () => {
  it("retries an idempotent request on 5xx with exponential backoff and full jitter", async () => {
    const { client, server, sleeps } = await harness((req, res) => reply(res, req.n < 3 ? 503 : 200));
    expect((await client.request(get())).status).toBe(200);
    expect(server.seen).toHaveLength(3);
    expect(sleeps).toEqual([50, 100]);
  });

  it("never retries 501", async () => {
    const { client, server } = await harness((_req, res) => reply(res, 501));
    expect((await client.request(get())).status).toBe(501);
    expect(server.seen).toHaveLength(1);
  });

  it("does not retry a non-idempotent request on 5xx: it may have been carried out", async () => {
    const { client, server } = await harness((_req, res) => reply(res, 503));
    expect((await client.request(post())).status).toBe(503);
    expect(server.seen).toHaveLength(1);
  });

  it("retries a non-idempotent request on 429: it was not carried out", async () => {
    const { client, server } = await harness((req, res) => reply(res, req.n === 1 ? 429 : 201));
    expect((await client.request(post())).status).toBe(201);
    expect(server.seen).toHaveLength(2);
  });

  it("retries a non-idempotent request the vendor hint marks as not carried out", async () => {
    const { client, server } = await harness((req, res) => reply(res, req.n === 1 ? 409 : 200, "", { "x-ratelimit-towait-sec": "3" }), {
      throttleHint: (status, headers) => (status === 409 ? { notCarriedOut: true, waitMs: Number(headers["x-ratelimit-towait-sec"]) * 1000 } : undefined),
    });
    expect((await client.request(post())).status).toBe(200);
    expect(server.seen).toHaveLength(2);
  });

  it("waits as long as Retry-After in seconds asks", async () => {
    const { client, sleeps } = await harness((req, res) => reply(res, req.n === 1 ? 429 : 200, "", { "retry-after": "7" }));
    await client.request(get());
    expect(sleeps[0]).toBe(7000);
  });

  it("waits until the HTTP date Retry-After names", async () => {
    const at = new Date(Date.UTC(2026, 5, 1, 12) + 4000).toUTCString();
    const { client, sleeps } = await harness((req, res) => reply(res, req.n === 1 ? 503 : 200, "", { "retry-after": at }));
    await client.request(get());
    expect(sleeps[0]).toBe(4000);
  });

  it("waits as long as the vendor hint asks", async () => {
    const { client, sleeps } = await harness((req, res) => reply(res, req.n === 1 ? 429 : 200), { throttleHint: () => ({ waitMs: 1500 }) });
    await client.request(get());
    expect(sleeps[0]).toBe(1500);
  });

  it("gives up after the last attempt and returns the last answer", async () => {
    const { client, server } = await harness((_req, res) => reply(res, 502));
    expect((await client.request(get())).status).toBe(502);
    expect(server.seen).toHaveLength(4);
  });

  it("stops with HTTP_RETRY_BUDGET once the run's budget is spent, across vendors", async () => {
    const retryBudget = createRetryBudget(2);
    const a = await harness((_req, res) => reply(res, 503), { retryBudget });
    const b = await harness((_req, res) => reply(res, 503), { retryBudget, vendor: "other" });
    await expect(a.client.request(get())).rejects.toMatchObject({ code: "HTTP_RETRY_BUDGET" });
    expect(a.server.seen).toHaveLength(3);
    await expect(b.client.request(get())).rejects.toMatchObject({ code: "HTTP_RETRY_BUDGET", detail: { vendor: "other", lastStatus: 503 } });
    expect(b.server.seen).toHaveLength(1);
  });
});

describe("HTTP client: base URL", () => {
  it.each(["http://example.com", "http://10.0.0.1:8080", "http://127.example.com"])("refuses plain http to %s with HTTP_INSECURE_URL", (baseUrl) => {
    expect(() => createHttpClient({ vendor: "acme", baseUrl, concurrency: 1, authenticate: () => ({}), secrets: [] })).toThrow(
      expect.objectContaining({ code: "HTTP_INSECURE_URL" }),
    );
  });

  it.each(["https://api.example.com", "http://127.0.0.1:1", "http://127.9.8.7", "http://localhost:8080/api", "http://[::1]:9000"])("accepts %s", async (baseUrl) => {
    const client = createHttpClient({ vendor: "acme", baseUrl, concurrency: 1, authenticate: () => ({}), secrets: [] });
    await client.close();
  });
});
