import { getEventListeners } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { createHttpClient } from "../../src/http/client.js";
import { sleep } from "../../src/http/sleep.js";
import { closeAll, get, harness, post } from "./harness.js";
import { delay, reply, startTestServer } from "./test-server.js";

afterEach(closeAll);

const never = (): void => undefined;

describe("HTTP client: timeouts", () => {
  it("fails with HTTP_TIMEOUT when the headers do not arrive in time, and retries an idempotent request", async () => {
    const { client, server } = await harness(never, { timeouts: { headersMs: 50 }, backoff: { baseMs: 1, maxAttempts: 2 } });
    await expect(client.request(get())).rejects.toMatchObject({ code: "HTTP_TIMEOUT", detail: { attempts: 2, mayHaveLanded: true } });
    expect(server.seen).toHaveLength(2);
  });

  it("does not retry a non-idempotent request that timed out: it may have landed", async () => {
    const { client, server } = await harness(never, { timeouts: { headersMs: 50 } });
    const error = await client.request(post()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "HTTP_TIMEOUT", detail: { mayHaveLanded: true, attempts: 1 } });
    expect((error as Error).message).toMatch(/no response headers within 50 ms; it may have been carried out$/);
    expect(server.seen).toHaveLength(1);
  });

  it("fails with HTTP_TIMEOUT when the body stalls", async () => {
    const { client } = await harness(
      (_req, res) => {
        res.writeHead(200, { "content-length": "10" });
        res.write("12345");
      },
      { timeouts: { bodyMs: 50 }, backoff: { maxAttempts: 1 } },
    );
    await expect(client.request(get())).rejects.toMatchObject({ code: "HTTP_TIMEOUT", message: expect.stringContaining("body stalled") });
  });
});

describe("HTTP client: network failures", () => {
  it("retries even a non-idempotent request when the connection was refused: it never reached the vendor", async () => {
    const server = await startTestServer(never);
    await server.close();
    let attempts = 0;
    const client = createHttpClient({
      vendor: "acme",
      baseUrl: server.url,
      concurrency: 1,
      authenticate: () => ((attempts += 1), {}),
      secrets: [],
      sleep: async () => undefined,
      backoff: { maxAttempts: 3 },
    });
    await expect(client.request(post())).rejects.toMatchObject({ code: "HTTP_NETWORK", detail: { mayHaveLanded: false, attempts: 3 } });
    expect(attempts).toBe(3);
    await client.close();
  });

  it("does not retry a non-idempotent request whose connection dropped mid-answer", async () => {
    const { client, server } = await harness((req) => req.socket.destroy());
    await expect(client.request(post())).rejects.toMatchObject({ code: "HTTP_NETWORK", detail: { mayHaveLanded: true } });
    expect(server.seen).toHaveLength(1);
  });

  it("retries an idempotent request whose connection dropped", async () => {
    const { client, server } = await harness((req, res) => (req.n === 1 ? req.socket.destroy() : reply(res, 200)));
    expect((await client.request(get())).status).toBe(200);
    expect(server.seen).toHaveLength(2);
  });
});

describe("HTTP client: cancellation", () => {
  it("fails with HTTP_ABORTED when cancelled in flight", async () => {
    const { client } = await harness(never);
    const controller = new AbortController();
    const pending = client.request(get("/things", { signal: controller.signal }));
    await delay(20);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: "HTTP_ABORTED" });
  });

  it("sends nothing for an already cancelled request", async () => {
    const { client, server } = await harness((_req, res) => reply(res, 200));
    await expect(client.request(get("/things", { signal: AbortSignal.abort() }))).rejects.toMatchObject({ code: "HTTP_ABORTED" });
    expect(server.seen).toHaveLength(0);
  });

  it("stops waiting out a backoff when cancelled", async () => {
    const { client, server } = await harness((_req, res) => reply(res, 503, "", { "retry-after": "30" }), { sleep, now: Date.now });
    const controller = new AbortController();
    const pending = client.request(get("/things", { signal: controller.signal }));
    while (server.seen.length === 0) await delay(5);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: "HTTP_ABORTED" });
    expect(server.seen).toHaveLength(1);
  });

  it("leaves no listener on the caller's signal once its requests are over", async () => {
    const { client } = await harness((req, res) => reply(res, req.n % 2 === 0 ? 200 : 400));
    const run = new AbortController();
    await Promise.all(Array.from({ length: 20 }, () => client.request(get("/things", { signal: run.signal }))));
    expect(getEventListeners(run.signal, "abort")).toHaveLength(0);
  });

  it("stops every request that shares the cancelled signal, in flight and queued", async () => {
    const { client, server } = await harness(never, { concurrency: 2 });
    const run = new AbortController();
    const pending = Array.from({ length: 6 }, (_, i) => client.request(get(`/things/${i}`, { signal: run.signal })).catch((e: unknown) => e));
    while (server.seen.length < 2) await delay(5);
    run.abort();
    for (const outcome of await Promise.all(pending)) expect(outcome).toMatchObject({ code: "HTTP_ABORTED" });
    expect(server.seen).toHaveLength(2);
  });

  it("gives Node no cause to warn of a listener leak when many requests share one signal", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.name);
    process.on("warning", onWarning);
    try {
      const { client } = await harness((_req, res) => setTimeout(() => reply(res, 200), 5), { concurrency: 5 });
      const run = new AbortController();
      await Promise.all(Array.from({ length: 40 }, () => client.request(get("/things", { signal: run.signal }))));
      await delay(10);
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings).not.toContain("MaxListenersExceededWarning");
  });

  it("stops waiting for a concurrency slot when cancelled", async () => {
    const { client, server } = await harness(never, { concurrency: 1 });
    void client.request(get()).catch(() => undefined);
    const controller = new AbortController();
    const queued = client.request(get("/queued", { signal: controller.signal }));
    while (server.seen.length === 0) await delay(5);
    controller.abort();
    await expect(queued).rejects.toMatchObject({ code: "HTTP_ABORTED" });
    expect(server.seen.map((s) => s.url)).toEqual(["/api/things"]);
  });
});
