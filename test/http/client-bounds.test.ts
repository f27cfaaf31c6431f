import { afterEach, describe, expect, it } from "vitest";
import { closeAll, get, harness, post } from "./harness.js";
import { reply } from "./test-server.js";

afterEach(closeAll);

/** Writes `chunk` every `everyMs` until the client goes away (the server's close destroys the socket). */
function dribble(res: import("node:http").ServerResponse, chunk: string, everyMs: number): void {
  res.writeHead(200, { "content-type": "text/plain" });
  const timer = setInterval(() => res.write(chunk), everyMs);
  res.on("close", () => clearInterval(timer));
}

describe("HTTP client: the size of an answer is bounded", () => {
  it("drops a streamed answer once it passes the cap, with HTTP_TOO_LARGE, and does not ask again", async () => {
    const { client, server } = await harness((_req, res) => dribble(res, "x".repeat(64 * 1024), 1), { limits: { maxBodyBytes: 256 * 1024 } });
    const error = await client.request(get()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "HTTP_TOO_LARGE", detail: { attempts: 1 } });
    expect((error as Error).message).toContain("larger than 262144 bytes");
    expect(server.seen).toHaveLength(1);
  });

  it("refuses an answer whose announced length passes the cap without reading it", async () => {
    const { client } = await harness((_req, res) => reply(res, 200, "y".repeat(2000)), { limits: { maxBodyBytes: 1000 } });
    await expect(client.request(get())).rejects.toMatchObject({ code: "HTTP_TOO_LARGE" });
  });

  it("reads an answer at the cap whole", async () => {
    const { client } = await harness((_req, res) => reply(res, 200, "é".repeat(500)), { limits: { maxBodyBytes: 1000 } });
    expect((await client.request(get())).body).toBe("é".repeat(500));
  });

  it("takes the vendor's own cap when the run sets none", async () => {
    const { client } = await harness((_req, res) => reply(res, 200, "z".repeat(2000)), { maxBodyBytes: 1000 });
    expect(client.bounds.maxBodyBytes).toBe(1000);
    await expect(client.request(get())).rejects.toMatchObject({ code: "HTTP_TOO_LARGE" });
  });

  it("reports a create whose answer was too large as possibly carried out", async () => {
    const { client } = await harness((_req, res) => reply(res, 201, "w".repeat(2000)), { limits: { maxBodyBytes: 1000 } });
    await expect(client.request(post())).rejects.toMatchObject({ code: "HTTP_TOO_LARGE", detail: { mayHaveLanded: true } });
  });
});

describe("HTTP client: every request has a total deadline", () => {
  it("fails an answer dribbled a byte at a time once the deadline passes, though the body never stalls", async () => {
    const { client } = await harness((_req, res) => dribble(res, "a", 10), { limits: { deadlineMs: 300 }, timeouts: { bodyMs: 30_000 } });
    const error = await client.request(get()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "HTTP_TIMEOUT", detail: { mayHaveLanded: true } });
    expect((error as Error).message).toContain("deadline of 0.3 s");
  });

  it("fails at its deadline while a retry waits for a slot, and never sends that retry", async () => {
    // One slot: the retry of the first request queues behind the second, which the server never answers.
    const { client, server } = await harness((req, res) => (req.n === 1 ? reply(res, 503) : undefined), {
      concurrency: 1,
      limits: { deadlineMs: 300 },
      sleep: async () => undefined,
    });
    const first = client.request(get("/first")).catch((e: unknown) => e);
    const second = client.request(get("/second")).catch((e: unknown) => e);
    expect(await first).toMatchObject({ code: "HTTP_TIMEOUT" });
    expect(server.seen.map((s) => s.url)).toEqual(["/api/first", "/api/second"]);
    expect(await second).toMatchObject({ code: "HTTP_TIMEOUT" });
  });

  it("gives up before a wait that would pass the deadline, rather than wait and fail later", async () => {
    const { client, server, sleeps } = await harness((_req, res) => reply(res, 503, "", { "retry-after": "50" }), {
      limits: { deadlineMs: 120_000 },
      backoff: { maxAttempts: 10 },
    });
    await expect(client.request(get())).rejects.toMatchObject({ code: "HTTP_TIMEOUT" });
    expect(sleeps).toEqual([50_000, 50_000]);
    expect(server.seen).toHaveLength(3);
  });
});

describe("HTTP client: the wait a vendor can ask for is capped", () => {
  it("fails at once, naming the vendor's number, when asked to wait longer than the cap", async () => {
    const { client, server, sleeps } = await harness((_req, res) => reply(res, 429, "", { "retry-after": "86400" }));
    const error = await client.request(get()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "HTTP_WAIT_TOO_LONG", detail: { status: 429, askedWaitMs: 86_400_000, maxWaitMs: 60_000 } });
    expect((error as Error).message).toContain("asks to wait 86400 s");
    expect(sleeps).toEqual([]);
    expect(server.seen).toHaveLength(1);
  });

  it("takes a vendor's throttle hint into the same cap", async () => {
    const { client } = await harness((_req, res) => reply(res, 409), { throttleHint: () => ({ notCarriedOut: true, waitMs: 600_000 }), limits: { maxVendorWaitMs: 5_000 } });
    await expect(client.request(post())).rejects.toMatchObject({ code: "HTTP_WAIT_TOO_LONG", detail: { askedWaitMs: 600_000, maxWaitMs: 5_000, mayHaveLanded: false } });
  });

  it("waits as asked within the cap", async () => {
    const { client, sleeps } = await harness((req, res) => reply(res, req.n === 1 ? 429 : 200, "", { "retry-after": "30" }));
    expect((await client.request(get())).status).toBe(200);
    expect(sleeps).toContain(30_000);
  });
});

describe("HTTP client: a closed client", () => {
  it("stops a request in flight at once, as cancelled, without retrying it", async () => {
    const { client, server, lines } = await harness(() => undefined);
    const pending = client.request(get()).catch((e: unknown) => e);
    while (server.seen.length === 0) await new Promise((r) => setTimeout(r, 5));
    await client.close();
    expect(await pending).toMatchObject({ code: "HTTP_ABORTED" });
    expect(server.seen).toHaveLength(1);
    expect(lines.join("\n")).not.toContain("HTTP_NETWORK");
  });

  it("stops a request still waiting for a slot, as cancelled, and never sends it", async () => {
    const { client, server } = await harness(() => undefined, { concurrency: 1 });
    const inFlight = client.request(get("/first")).catch((e: unknown) => e);
    const queued = client.request(get("/queued")).catch((e: unknown) => e);
    while (server.seen.length === 0) await new Promise((r) => setTimeout(r, 5));
    await client.close();
    expect(await inFlight).toMatchObject({ code: "HTTP_ABORTED" });
    expect(await queued).toMatchObject({ code: "HTTP_ABORTED" });
    expect(server.seen.map((s) => s.url)).toEqual(["/api/first"]);
  });

  it("sends nothing after it is closed", async () => {
    const { client, server, lines } = await harness((_req, res) => reply(res, 200));
    await client.close();
    await expect(client.request(get())).rejects.toMatchObject({ code: "HTTP_ABORTED" });
    expect(server.seen).toHaveLength(0);
    expect(lines).toEqual([]);
  });
});
